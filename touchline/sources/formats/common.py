"""Value spellings that vendors' exports share: `1,204.50`, `--`, `Jan 15, 2024`, `(EUR)`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from touchline.landing.values import BadValue

_GROUPED = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d+)?")
_EMPTY = {"", "--", " --", "-"}


def number(value: Any) -> str | None:
    """An amount or count as plain decimal text: thousands separators, currency signs and
    the `--` that reports write for zero are removed; anything else is left for the parser
    to refuse (so a bad cell is quarantined, never guessed)."""
    if value is None:
        return None
    text = str(value).strip().lstrip("$€£")
    if text in _EMPTY:
        return "0"
    if _GROUPED.fullmatch(text):
        return text.replace(",", "")
    return text


def micros(value: Any) -> str:
    """An API's micro-currency amount (spend x 1,000,000) as exact decimal text; empty is 0."""
    if value is None:
        return "0"
    try:
        return str(Decimal(number(value) or "0") / 1_000_000)
    except InvalidOperation:
        raise BadValue("non-numeric spend") from None


def cell(record: Mapping[str, Any], *names: str) -> str | None:
    """The first non-empty cell among `names`: a table record's keys are its header names
    trimmed and lowercased (readers.py), so names match case-insensitively."""
    for name in names:
        value = record.get(name.lower())
        if value is not None:
            value = str(value).strip()
            if value and value != "--":
                return value
    return None


_DAY_FORMATS = ("%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%Y/%m/%d", "%Y%m%d")


def day(value: str | None, field: str) -> str | None:
    """An ISO day from the spellings reports use (`2024-01-15`, `Jan 15, 2024`, `20240115`).
    Ambiguous `01/02/2024` is refused here: a format that knows its order says so itself."""
    if value is None:
        return None
    text = value.strip()
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        pass
    for spelling in _DAY_FORMATS:
        try:
            return datetime.strptime(text, spelling).date().isoformat()
        except ValueError:
            continue
    raise BadValue(f"unparseable {field}")


def us_day(value: str | None, field: str) -> str | None:
    """`M/D/YYYY` (Microsoft Advertising, US-locale exports), or an ISO day."""
    if value is None:
        return None
    try:
        return datetime.strptime(value.strip(), "%m/%d/%Y").date().isoformat()
    except ValueError:
        return day(value, field)


_CURRENCY_IN_NAME = re.compile(r".*\(([A-Za-z]{3})\)\s*")


def currency_in_header(columns: list[str], prefix: str) -> tuple[str, str] | None:
    """(column name, currency) of a column like `Amount spent (EUR)`."""
    for name in columns:
        if name.strip().lower().startswith(prefix.lower()):
            match = _CURRENCY_IN_NAME.fullmatch(name)
            if match:
                return name, match.group(1).upper()
    return None


def shopify_time(value: str | None) -> str | None:
    """Shopify's CSV spelling `2024-01-15 10:30:00 -0500` as ISO-8601 with its offset."""
    if value is None:
        return None
    text = value.strip()
    # `YYYY-MM-DD HH:MM:SS +HHMM` re-spelled as ISO by slicing (strptime costs 10x more)
    if len(text) == 25 and text[10] == " " and text[19] == " " and text[20] in "+-":
        return f"{text[:10]}T{text[11:19]}{text[20:23]}:{text[23:]}"
    return text  # already ISO, or refused by the timestamp parser with a reason


def with_params(url: str | None, params: list[tuple[str, str]]) -> str | None:
    """`url` with each (name, value) of `params` added to its query string unless the URL
    already has that parameter (names compared case-insensitively): a source's UTMs and click
    IDs recorded beside the landing URL reach the classifier as if the URL carried them."""
    if not url or not params:
        return url
    parts = urlsplit(url)
    present = {key.lower() for key, _ in parse_qsl(parts.query, keep_blank_values=True)}
    extra = [(name, value) for name, value in params if name.lower() not in present]
    if not extra:
        return url
    query = f"{parts.query}&{urlencode(extra)}" if parts.query else urlencode(extra)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))
