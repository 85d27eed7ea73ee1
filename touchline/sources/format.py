"""What a source format is: how it is recognised and how its records map to the landing contract."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

# One output record: the landing kind it belongs to (orders, refunds, spend, pixel) and its
# values under the landing contract's column / field names (landing.md).
Output = tuple[str, Mapping[str, Any]]

Container = Literal["table", "json"]  # table: CSV, TSV or Parquet; json: JSON lines or a JSON document


@dataclass
class FileContext:
    """What a mapping may know about the whole file: its header and per-file settings."""

    file_path: str
    columns: list[str]  # the header row of a table as written (records' keys are these trimmed and lowercased)
    settings: Mapping[str, Any] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict)  # a mapping's per-file precomputations


@dataclass(frozen=True)
class SourceFormat:
    """One export format. Recognition is declarative (`header` names / `keys` paths); the
    mapping is one function from a source record to landing records."""

    name: str  # the value of audit.load_audit.source_format
    folder: str  # the landing folder it lands in
    title: str  # what a person calls it
    container: Container
    map: Callable[[Mapping[str, Any], FileContext], list[Output]]
    outputs: tuple[str, ...]  # the landing kinds its records map to
    # table formats: the header row holds all of these names (trimmed, case-insensitive)...
    header: tuple[str, ...] = ()
    # ...and one name matching each of these patterns (e.g. `Amount spent \((\w{3})\)`)
    header_patterns: tuple[re.Pattern[str], ...] = ()
    # json formats: the first record has all of these (dotted) keys
    keys: tuple[str, ...] = ()
    # a further check on the header (table) or first record (json); True when it is this format
    accept: Callable[[Any], bool] | None = None
    # consecutive records with the same key are one record (Shopify's line-item rows)
    fold_key: Callable[[Mapping[str, Any]], str | None] | None = None
    # why a row is not a record (a `Total:` row), or None; the row goes to audit.dropped_lines
    drop: Callable[[Mapping[str, Any], list[str]], str | None] | None = None
    # the key of a JSON document's list of records (`{"orders": [...]}`)
    json_root: str | None = None
    # recognised in Parquet files only (the canonical columns: a CSV of them is the canonical path)
    parquet_only: bool = False
    # a header-less table (Snowplow's enriched TSV): its columns in order, tab-separated and
    # unquoted; recognised by its first row's width and `accept` on that row (keyed by these)
    fixed_columns: tuple[str, ...] = ()
    # the mapping as a renaming DuckDB can run (sql_path.py; a spend_report.SqlSpend), or None
    sql: Any = None

    def matches_first_row(self, delimiter: str, cells: list[str]) -> bool:
        if not self.fixed_columns or delimiter != "\t" or len(cells) != len(self.fixed_columns):
            return False
        return self.accept is None or self.accept(dict(zip(self.fixed_columns, cells, strict=False)))

    def matches_header(self, names: list[str]) -> bool:
        if self.fixed_columns:
            return False
        wanted = {name.lower() for name in self.header}
        have = {name.strip().lower() for name in names}
        if not wanted <= have:
            return False
        for pattern in self.header_patterns:
            if not any(pattern.fullmatch(name.strip()) for name in names):
                return False
        return self.accept is None or self.accept(names)

    def matches_record(self, record: Mapping[str, Any]) -> bool:
        if not all(dig(record, key) is not None for key in self.keys):
            return False
        return self.accept is None or self.accept(record)


def dig(record: Mapping[str, Any] | Any, dotted: str) -> Any:
    """record['a']['b'] for 'a.b'; None as soon as a level is missing or not an object."""
    value: Any = record
    for part in dotted.split("."):
        # parsed JSON is dicts: checked first, as an ABC isinstance costs ~10x (once per field)
        if type(value) is not dict and not isinstance(value, Mapping):
            return None
        value = value.get(part)
        if value is None:
            return None
    return value


def text(value: Any) -> str | None:
    """A source value as the text the landing contract's parsers read; None when empty."""
    kind = type(value)
    if kind is str:
        # isspace() tests in place, where strip() copies the text (once per field of every record)
        return value if value and not value.isspace() else None
    if value is None:
        return None
    if kind is bool:
        return "true" if value else "false"
    if kind is float:
        return repr(value)
    if isinstance(value, str):
        return value if value and not value.isspace() else None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)
