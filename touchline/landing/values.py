"""Parsing and cleaning of single landed values, shared by the pixel and CSV loaders.

Every parser either returns a typed value or raises `BadValue` with a short, stable reason
(the reason is what audit.quarantine groups by, so it names the field, never the value).
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from touchline.landing.money_types import MONEY, MONEY_RECORD_LIMIT

_fromisoformat = datetime.fromisoformat


class BadValue(ValueError):
    """A value that makes its record unusable; str(exc) is the quarantine reason."""


# --- emails -----------------------------------------------------------------------------


def hash_email(email: str) -> str:
    """sha256 hex of the normalised (trimmed, lowercased) email, as landing.md fixes it."""
    return hashlib.sha256(email.strip().lower().encode("utf-8", "surrogateescape")).hexdigest()


SHA256_HEX = re.compile(r"[0-9a-fA-F]{64}")


def email_digest(value: str, field: str) -> str:
    """A given email hash, trimmed and lowercased: it must be a SHA-256 hex digest (64 hex
    characters), else it matches no store's hash and its record is quarantined naming `field`.

    A plain email sent as the hash is refused, never hashed on the sender's behalf: a field
    named for a hash that holds an address says the sender's hashing is broken, and the
    address must not be stored (the quarantined raw text has it hashed, like every text)."""
    digest = value.strip()
    if SHA256_HEX.fullmatch(digest):
        return digest.lower()
    if "@" in digest:
        raise BadValue(f"{field} holds a plain email, not a SHA-256 hex digest (64 hex characters)")
    raise BadValue(f"{field} is not a SHA-256 hex digest (64 hex characters)")


# An address as it shows up in URLs, CSV cells, JSON text and file names, also percent-encoded
# (`jane%40example.com`, `jane%2Btag%40example.com`) because query strings carry it that way,
# and encoded twice or more (`jane%2540example.com`: a URL put into another URL's query).
#
# One pass, linear in the text's length (a record of 50,000 word characters and an `@` took
# minutes with the backtracking pattern this replaces): the pattern matches a maximal run of
# address characters (a "token"), then optionally `@` and a domain. Every quantifier is
# possessive, so nothing is ever given back and re-tried; and since a token is a maximal run,
# the next search starts where it ended, so a character is read at most twice (once in the
# token before an `@`, once as the domain after it). A token without an `@` is left as it is.
# Another percent escape (`%3D`, `%20`) is a token of its own, so that its hex digits never
# start an address (`?e%3Djane%40example.com` hashes `jane@example.com`, not `3Djane@...`).
_OTHER_ESCAPE = r"%(?:25)*+(?!40|2[bB])[0-9A-Fa-f]{2}"
_LOCAL_RUN = r"(?:[\w.+\-]|%(?:25)*+2[bB])++"
_AT = r"(?:@|%(?:25)*+40)"
_DOMAIN = r"[\w\-]++(?:\.[\w\-]++)++"
_EMAIL_TOKEN_RE = re.compile(rf"{_OTHER_ESCAPE}|{_LOCAL_RUN}({_AT}{_DOMAIN})?+")
# `%40`, `%2540`, `%252540`... -> `@`; the same for `+`: decoded before hashing, in one pass.
_ENCODED_RE = re.compile(r"%(?:25)*+(40|2[bB])")
# JSON may spell `@`, `%` or `+` as an escape; the raw text must not hide an address that way.
_JSON_ESCAPE_RE = re.compile(r"\\u00(40|25|2[bB])")
_JSON_ESCAPED = {"40": "@", "25": "%", "2b": "+", "2B": "+"}


def _decode_address(text: str) -> str:
    if "%" not in text:
        return text
    return _ENCODED_RE.sub(lambda m: "@" if m.group(1) == "40" else "+", text)


def _hash_token(match: re.Match[str]) -> str:
    if match.group(1) is None:  # an escape, or a run of word characters without an address
        return match.group(0)
    return hash_email(_decode_address(match.group(0)))


def may_hold_email(text: str) -> bool:
    """Cheap pre-check so the regex only runs on the rare values that could hold an email
    (`%25` covers the twice-encoded `%2540`)."""
    return "@" in text or "%40" in text or "%25" in text


def redact_emails(text: str) -> str:
    """Replace every plain email address in `text` by its hash: no table may hold one.

    Linear in len(text): see _EMAIL_TOKEN_RE."""
    if "\\u00" in text:
        text = _JSON_ESCAPE_RE.sub(lambda m: _JSON_ESCAPED[m.group(1)], text)
    if not may_hold_email(text):
        return text
    return _EMAIL_TOKEN_RE.sub(_hash_token, text)


# Extensions kept readable when a file name holds an address (`orders_jane@example.com.csv`):
# without this, `.com.csv` would read as the address's domain and the type would be hashed away.
_PATH_EXTENSIONS = (".gz", ".csv", ".tsv", ".txt", ".jsonl", ".ndjson", ".json", ".parquet")


def _hash_path_token(match: re.Match[str]) -> str:
    if match.group(1) is None:
        return match.group(0)
    # Hashed as written (not lowercased like a record's email): two files whose names differ
    # only in case must keep two names.
    return hashlib.sha256(_decode_address(match.group(0)).encode("utf-8", "surrogateescape")).hexdigest()


def redact_path(path: str) -> str:
    """A landed file's path (posix, relative) with every email-like part replaced by its hash.

    Folders and the name are redacted one by one, the name without its known extensions
    (`orders/jane%2540example.com/export.csv.gz` -> `orders/<sha256>/export.csv.gz`)."""
    if not may_hold_email(path) and "\\u00" not in path:
        return path
    *folders, name = path.split("/")
    stem, extensions = name, ""
    while stem.lower().endswith(_PATH_EXTENSIONS) and "." in stem[1:]:
        cut = stem.rindex(".")
        stem, extensions = stem[:cut], stem[cut:] + extensions
    return "/".join(_EMAIL_TOKEN_RE.sub(_hash_path_token, part) for part in [*folders, stem]) + extensions


# Quarantined raw text is for a human to read; one pathological line must not bloat the table.
RAW_RECORD_MAX_CHARS = 65_536


def raw_record_text(text: str) -> str:
    """Raw text fit for audit.quarantine: emails hashed, undecodable bytes as \\x escapes."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # surrogate-escaped bytes from a non-UTF-8 file
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    text = redact_emails(text)
    if len(text) > RAW_RECORD_MAX_CHARS:
        text = text[:RAW_RECORD_MAX_CHARS] + f"...[{len(text) - RAW_RECORD_MAX_CHARS} more chars]"
    return text


def raw_line_text(line: bytes) -> str:
    """Raw bytes of a JSONL line as quarantine text (invalid UTF-8 shown as \\x escapes)."""
    return raw_record_text(line.rstrip(b"\r").decode("utf-8", "backslashreplace"))


# --- time -------------------------------------------------------------------------------


def parse_timestamp(value: str, field: str) -> datetime:
    """ISO-8601 with `Z` or an offset -> naive UTC; no offset means the value is UTC already."""
    try:
        dt = _fromisoformat(value)
    except ValueError:
        dt = _parse_timestamp_fallback(value, field)
    except TypeError:
        raise BadValue(f"unparseable {field}") from None
    offset = dt.utcoffset()
    if offset is None:
        return dt
    try:
        return (dt - offset).replace(tzinfo=None)
    except OverflowError:
        raise BadValue(f"unparseable {field}") from None


def _parse_timestamp_fallback(value: str, field: str) -> datetime:
    # Exports write a few near-ISO spellings: surrounding blanks, a trailing " UTC".
    text = value.strip()
    if text[-4:].upper() in (" UTC", " GMT"):
        text = text[:-4] + "+00:00"
    elif text[-1:] == "z":
        text = text[:-1] + "Z"
    try:
        return _fromisoformat(text)
    except ValueError:
        raise BadValue(f"unparseable {field}") from None


def parse_date(value: str, field: str) -> date:
    """A calendar day (`2026-03-14`); a midnight timestamp without offset is accepted too."""
    text = value.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        dt = _fromisoformat(text)
    except ValueError:
        raise BadValue(f"unparseable {field}") from None
    if dt.tzinfo is not None or dt.time() != datetime.min.time():
        raise BadValue(f"unparseable {field}")
    return dt.date()


ONE_DAY = timedelta(days=1)


# --- numbers ----------------------------------------------------------------------------

# No amount or count the warehouse holds needs more characters, or an exponent beyond this.
# Anything bigger is refused before any arithmetic: Decimal -> int is quadratic in the digits
# (a million-digit cell took 30 s, `1e999999999` never finished) and Decimal arithmetic on
# such a number raises Overflow, which would reject the whole file instead of one record.
_MAX_NUMBER_CHARS = 64


def _to_decimal(value: str, field: str) -> Decimal:
    """Decimal(value) for a number of sane size; raises InvalidOperation for non-numbers."""
    text = value.strip()
    if len(text) > _MAX_NUMBER_CHARS:
        raise BadValue(f"{field} out of range")
    number = Decimal(text)
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and abs(exponent) > _MAX_NUMBER_CHARS:
        if not number:
            return Decimal(0)  # 0e999999999 is zero
        raise BadValue(f"{field} out of range")
    return number


def parse_decimal(value: str, field: str, *, scale: int, integer_digits: int) -> Decimal:
    """An exact decimal that fits decimal(integer_digits + scale, scale) without rounding."""
    try:
        number = _to_decimal(value, field)
    except InvalidOperation:
        raise BadValue(f"non-numeric {field}") from None
    if not number.is_finite():
        raise BadValue(f"non-finite {field}")
    if abs(number) >= Decimal(10) ** integer_digits:
        raise BadValue(f"{field} out of range")
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)  # finite numbers have an int exponent
    # `1.50000` is exact at 4 places; only digits that would be rounded away are refused.
    if exponent < -scale and number != round(number, scale):
        raise BadValue(f"more than {scale} decimal places in {field}")
    return number


_REVENUE_QUANTUM = MONEY.quantum
_REVENUE_LIMIT = MONEY_RECORD_LIMIT


def pixel_revenue(value: object) -> Decimal | None:
    """The pixel's own revenue, rounded to the 4 places raw.pixel_events holds.

    Rounded rather than quarantined: browsers compute it in binary floats (19.99 * 3 is
    59.970000000000006), and losing a checkout event over that would lose its attribution.
    """
    if value is None:
        return None
    if type(value) is int or type(value) is float:
        number = Decimal(repr(value))
    elif type(value) is str:
        if not value.strip():
            return None
        try:
            number = _to_decimal(value, "revenue")
        except InvalidOperation:
            raise BadValue("non-numeric revenue") from None
    else:
        raise BadValue("non-numeric revenue")
    if not number.is_finite():
        raise BadValue("non-numeric revenue")
    if abs(number) >= _REVENUE_LIMIT:
        raise BadValue("revenue out of range")
    return number.quantize(_REVENUE_QUANTUM)


def parse_integer(value: str, field: str) -> int:
    """A count; `12.0` (spreadsheets and pandas write counts that way) is accepted as 12."""
    text = value.strip()
    if len(text) > _MAX_NUMBER_CHARS:
        raise BadValue(f"{field} out of range")
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = _to_decimal(text, field)
    except InvalidOperation:
        raise BadValue(f"non-integer {field}") from None
    if not number.is_finite() or number != number.to_integral_value():
        raise BadValue(f"non-integer {field}")
    return int(number)


# --- codes and flags --------------------------------------------------------------------

_CURRENCY_RE = re.compile(r"[A-Za-z]{3}")


def parse_currency(value: str, field: str = "currency") -> str:
    text = value.strip()
    if not _CURRENCY_RE.fullmatch(text):
        raise BadValue(f"invalid {field}")
    return text.upper()


_FLAGS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False, "": False}


def parse_flag(value: str | None, field: str) -> bool:
    flag = _FLAGS.get((value or "").strip().lower())
    if flag is None:
        raise BadValue(f"invalid {field} flag")
    return flag
