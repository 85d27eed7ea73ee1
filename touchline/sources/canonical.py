"""A mapped record -> the typed row of its raw table, through the canonical files' own parsers.

A vendor's record passes the same checks as a canonical CSV row or pixel line: required
values, exact decimals, UTC timestamps, plain emails hashed and redacted from every text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pyarrow as pa

from touchline.landing.csv_kinds import CSV_KINDS
from touchline.landing.date_window import DateWindow, current_window
from touchline.landing.pixel import PIXEL_SCHEMA, BotDetector, _pixel_row
from touchline.landing.values import BadValue, may_hold_email, redact_emails


def arrow_schema(kind: str) -> pa.Schema:
    return PIXEL_SCHEMA if kind == "pixel" else CSV_KINDS[kind].arrow_schema()


def typed_row(
    kind: str, record: Mapping[str, Any], line_number: int, bots: BotDetector, window: DateWindow | None = None
) -> tuple[Any, ...]:
    """The raw-table row of `record` (landing contract names), or BadValue with the reason.
    `window`: the run's date window (the caller looks it up once per file, not per event)."""
    if kind == "pixel":
        # (a mapping's event is a dict: read as it is, _pixel_row only reads it)
        row = _pixel_row(
            record if type(record) is dict else dict(record), line_number, bots, window or current_window()
        )
        # The row's texts (str or None, PIXEL_SCHEMA) as one string, a line each: none of the
        # patterns may_hold_email looks for holds a newline, so none can span two texts, and
        # the one check answers as a check of each text would (once per event of every tracker)
        texts = f"{row[1]}\n{row[2]}\n{row[5]}\n{row[6]}\n{row[7]}\n{row[8]}\n{row[9]}\n{row[10]}\n{row[11]}\n{row[13]}"
        if may_hold_email(texts):
            return tuple(redact_emails(v) if type(v) is str else v for v in row)
        return row
    row = (line_number, *_csv_values(kind, record))
    for value in row:
        if type(value) is str and may_hold_email(value):
            return tuple(redact_emails(v) if type(v) is str else v for v in row)
    return row


# Per kind, computed once (this runs once per record): each column's (name, raw-table target,
# parser, required, default), and the raw table's targets in order.
_PLANS = {
    kind: (tuple((c.name, c.target, c.parse, c.required, c.default) for c in spec.columns), spec.targets)
    for kind, spec in CSV_KINDS.items()
}


def _csv_values(kind: str, record: Mapping[str, Any]) -> tuple[Any, ...]:
    columns, targets = _PLANS[kind]
    get = record.get
    values: dict[str, Any] = {}
    for name, target, parse, required, default in columns:
        cell = get(name)
        if cell is not None and type(cell) is not str:
            cell = str(cell)
        if not cell or cell.isspace():
            if required:
                raise BadValue(f"missing required value: {name}")
            value = default
        else:
            value = parse(cell, name)
        if values.get(target) is None:
            values[target] = value
    return tuple(values[target] for target in targets)
