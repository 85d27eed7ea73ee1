"""URL parsing for the classifier, mirroring the dbt macros in macros/classification/.

Both paths use the same regular expressions (valid in RE2 and Python `re`), so a URL parses
the same way in the warehouse and in `touchline classify`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from touchline.classification.registry import JUNK_VALUES

HOST_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?(?://)?(?:[^@/?#]*@)?([^:/?#]*)")
PATH_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?(?://)?[^/?#]*([^?#]*)")
QUERY_RE = re.compile(r"^[^?#]*\?([^#]*)")
APP_RE = re.compile(r"^android-app://")
PLACEHOLDER_RE = re.compile(r"(\{.*\}|\$\{.*\}|%%.*%%)")
TRIM = " \t\r\n"


@dataclass(frozen=True)
class ParsedReferrer:
    host: str  # lowercase, no port, no trailing dot, no leading `www.`; '' when none
    path: str  # lowercase
    is_app: bool
    query: str  # as url_query gives it


def _norm(text: str | None) -> str:
    return (text or "").strip(TRIM).lower()


def clean_host(raw: str) -> str:
    host = raw.rstrip(".")
    return host[4:] if host.startswith("www.") else host


def url_host(url: str | None) -> str:
    m = HOST_RE.match(_norm(url))
    return clean_host(m.group(1)) if m else ""


def parse_referrer(referrer: str | None) -> ParsedReferrer:
    text = _norm(referrer)
    path = PATH_RE.match(text)
    return ParsedReferrer(
        url_host(text), path.group(1) if path else "", APP_RE.match(text) is not None, url_query(referrer)
    )


def url_query(url: str | None) -> str:
    # Parameter names are matched case-insensitively, values keep their case.
    m = QUERY_RE.match((url or "").strip(TRIM))
    return m.group(1).replace("&amp;", "&") if m else ""


def clean_value(raw: str | None) -> str | None:
    """URL-decoded, trimmed value; None when empty or junk (undefined, {placeholder}, ...)."""
    if raw is None:
        return None
    raw = raw.replace("+", " ")
    try:
        decoded = unquote(raw, errors="strict")
    except UnicodeDecodeError:  # not UTF-8 underneath: keep the text as it came
        decoded = raw
    value = decoded.strip(TRIM)
    if value == "" or value.lower() in JUNK_VALUES or PLACEHOLDER_RE.fullmatch(value):
        return None
    return value


def query_param(query: str, name: str) -> str | None:
    m = re.search(r"(?:^|&)" + re.escape(name) + r"=([^&]*)", query, re.IGNORECASE)
    return clean_value(m.group(1)) if m else None
