"""The record size limit (TOUCHLINE_MAX_RECORD_BYTES, docs/landing.md "Record size").

A landed record longer than the limit is quarantined by its length alone: the loader keeps
only its first bytes (RAW_RECORD_MAX_CHARS) for audit.quarantine and never parses, scans or
holds the rest, so one absurd line (a 20 MB JSON line, a 2 GB file without a newline) costs
what reading its bytes costs and no more memory than the limit. The limit is fixed once per
loader run and reaches the CSV readers through a context variable; the pixel read-ahead
thread is given it explicitly (context variables do not cross threads).
"""

from __future__ import annotations

from touchline import settings
from touchline.landing.run_value import RunValue
from touchline.landing.values import RAW_RECORD_MAX_CHARS, redact_emails

_LIMIT: RunValue[int] = RunValue("touchline_max_record_bytes", settings.max_record_bytes)

current_limit = _LIMIT.current
using_limit = _LIMIT.using


def oversized_reason(limit: int) -> str:
    return f"record longer than {settings.MAX_RECORD_BYTES_ENV} ({limit} bytes)"


# Characters an address can be made of (values._EMAIL_TOKEN_RE), plus the backslash of a
# JSON escape: a cut inside such a run could leave an address its rules no longer recognise.
_ADDRESS_PUNCTUATION = frozenset("_.+-%@\\")


def oversized_text(prefix: bytes, length: int) -> str:
    """Quarantine text for a record of `length` bytes of which only `prefix` was kept: the
    prefix without the run of address characters the cut may have split, emails hashed."""
    text = prefix[:RAW_RECORD_MAX_CHARS].decode("utf-8", "backslashreplace")
    end = len(text)
    while end and (text[end - 1].isalnum() or text[end - 1] in _ADDRESS_PUNCTUATION):
        end -= 1
    return redact_emails(text[:end]) + f"...[cut: the record is {length} bytes]"
