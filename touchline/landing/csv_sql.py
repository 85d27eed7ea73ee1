"""CSV exports typed by DuckDB: the loader's fast path for plain rows.

The Python parser (touchline.landing.csv_load) holds every rule of landing.md for CSV exports
and reads ~40k rows/s; order exports run to millions of rows (re-exports included). Most rows
are plain: printable ASCII, no quotes, one spelling per type. DuckDB types those in bulk and
every other row goes to the Python parser with its own line number, as pixel_sql does for
pixel lines. So the rules live in one place and the fast path only has to be conservative:
a row it accepts gives exactly the row Python gives (tests/test_landing_csv_sql.py).

A file takes the fast path when it is valid UTF-8, ends its lines with \\n or \\r\\n only,
has no record spanning lines (no line with an odd number of quotes) and is at most
MAX_FAST_BYTES; otherwise Python streams it as before. In such a file a row is typed by
DuckDB only when all of these hold, else Python decides:
- the line is printable ASCII with no quote and no backslash, and splits on commas into
  exactly as many fields as the header;
- no field but the `email` column holds `@`, and no `%40` or `%25` (a twice-encoded `%2540`)
  anywhere (no other value needs redaction);
- every cell is empty (an optional column) or, without surrounding blanks, in the one spelling
  its column's SQL twin below accepts;
- its dates lie in the run's date window (touchline.landing.date_window).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa

from touchline.landing import csv_kinds as kinds
from touchline.landing.csv_kinds import Column, CsvKind
from touchline.landing.csv_load import parse_record_line, resolve_header
from touchline.landing.date_window import current_window
from touchline.landing.files import FileRejected
from touchline.landing.money_types import FX_RATE, MONEY, MONEY_RECORD_DIGITS, DecimalType
from touchline.landing.record_limit import current_limit, oversized_reason, oversized_text
from touchline.landing.sink import QuarantineSink, RowSink
from touchline.landing.text_blocks import split_lines
from touchline.landing.values import RAW_RECORD_MAX_CHARS, parse_currency, parse_integer

# A whole file is typed in one query; larger files are streamed by Python (slower, same rows).
MAX_FAST_BYTES = 256 * 1024 * 1024
_BOM = b"\xef\xbb\xbf"

_LINES = "__touchline_csv_lines"
_BLOCK = "__touchline_csv_block"
_BATCH_ROWS = 8192

# Printable ASCII without the comma, quote, backslash and at sign; an email cell may hold `@`.
_CELL = r"[\x20\x21\x23-\x2b\x2d-\x3f\x41-\x5b\x5d-\x7e]"
_NON_BLANK = r"[\x21\x23-\x2b\x2d-\x3f\x41-\x5b\x5d-\x7e]"
_EMAIL_CELL = r"[\x20\x21\x23-\x2b\x2d-\x5b\x5d-\x7e]"

_TIMESTAMP = (
    r"(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])[T ]"
    r"(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{3}|\.\d{6})?"
    r"(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?"
)


def _timestamp_value(t: str) -> str:
    # the row pattern fixed the spelling: an optional Z or +HH:MM / -HH:MM ends the text
    has_offset = f"(length({t}) >= 25 and substr({t}, -6, 1) in ('+', '-'))"
    local = (
        f"try_cast(case when suffix({t}, 'Z') then left({t}, length({t}) - 1)"
        f" when {has_offset} then left({t}, length({t}) - 6) else {t} end as timestamp)"
    )
    offset_minutes = (
        f"(case when {has_offset} then (case when substr({t}, -6, 1) = '-' then -1 else 1 end)"
        f" * (cast(substr({t}, -5, 2) as integer) * 60 + cast(substr({t}, -2, 2) as integer)) else 0 end)"
    )
    return f"{local} - to_minutes({offset_minutes})"


def _decimal(kind: DecimalType, integer_digits: int, *, signed: bool) -> tuple[str, Callable[[str], str]]:
    # at most `integer_digits` digits: a longer number goes to Python, which refuses it
    pattern = ("-?" if signed else "") + rf"\d{{1,{integer_digits}}}(?:\.\d{{1,{kind.scale}}})?"
    return pattern, lambda t: f"cast({t} as {kind.sql})"


_FLAGS = "(?i:true|1|yes|false|0|no)"

# The SQL twin of each Python parser: the spelling (a regular expression) of a non-blank cell,
# without its surrounding blanks, that the twin types exactly as the parser does, and the SQL
# of its value from that trimmed text. Python strips every non-text value first, so blanks
# around it change nothing. A parser without a twin sends its kind's files to Python.
_TWINS: dict[Callable[[str, str], object], tuple[str, Callable[[str], str]]] = {
    kinds._timestamp: (_TIMESTAMP, _timestamp_value),
    kinds._date: (r"(?:19|20)\d\d-\d\d-\d\d", lambda t: f"try_cast({t} as date)"),
    kinds._rate_date: (r"(?:19|20)\d\d-\d\d-\d\d", lambda t: f"try_cast({t} as date)"),
    kinds._money: _decimal(MONEY, MONEY_RECORD_DIGITS, signed=True),
    kinds._refund_amount: _decimal(MONEY, MONEY_RECORD_DIGITS, signed=False),
    kinds._fx_rate: _decimal(FX_RATE, FX_RATE.integer_digits, signed=False),
    kinds._email_hash: (_CELL + "+", lambda t: f"lower({t})"),
    kinds._email: (_EMAIL_CELL + "+", lambda t: f"sha256(lower({t}))"),
    kinds._platform: (_CELL + "+", lambda t: f"lower({t})"),
    kinds._flag: (_FLAGS, lambda t: f"lower({t}) in ('true', '1', 'yes')"),
    parse_currency: (r"[A-Za-z]{3}", lambda t: f"upper({t})"),
    parse_integer: (r"-?\d{1,18}", lambda t: f"cast({t} as bigint)"),
}
# Text is kept verbatim, blanks included: any cell of the plain class.
_TEXT_PARSER = kinds._text


def _in_window_timestamp(value: str) -> str:
    window = current_window()
    return f"{value} between timestamp '{window.earliest_at.isoformat(sep=' ')}' and timestamp '{window.latest_at.isoformat(sep=' ')}'"


def _in_window_day(value: str) -> str:
    window = current_window()
    return f"{value} between date '{window.earliest.isoformat()}' and date '{window.latest_day.isoformat()}'"


# A value Python could still refuse after the spelling: an impossible date, a date outside the
# run's window, a zero rate. (Built per file: the window is the running load's.)
_CHECKS: dict[Callable[[str, str], object], Callable[[str], str]] = {
    kinds._timestamp: _in_window_timestamp,
    kinds._date: _in_window_day,
    kinds._rate_date: lambda value: f"{value} is not null",
    kinds._fx_rate: lambda value: f"{value} > 0",
}


def has_sql_twins(kind: CsvKind) -> bool:
    return all(column.parse in _TWINS or column.parse is _TEXT_PARSER for column in kind.columns)


def load_csv_bytes_sql(
    con: duckdb.DuckDBPyConnection, data: bytes, kind: CsvKind, rows: RowSink, quarantine: QuarantineSink
) -> tuple[int, int] | None:
    """Load a whole decompressed CSV file; return (records read, rows inserted by DuckDB), or
    None when the file is not one the fast path takes (the caller streams it through Python).

    Rows parsed in Python go through `rows` (the caller flushes it) like the Python loader.
    """
    if not has_sql_twins(kind) or len(data) > MAX_FAST_BYTES:
        return None
    lines = fast_path_lines(data)
    if lines is None:
        return None
    header_number, header = _header(lines)
    plan = resolve_header(header, kind)
    typed = type_lines_sql(con, lines, SqlPlan(kind, plan, len(header), header_number), rows)
    inserted, rest = typed
    read = inserted
    limit = current_limit()
    for number, size, text in rest:
        if size > limit:
            quarantine.add(number, oversized_reason(limit), oversized_text(text.encode("utf-8"), size))
            read += 1
            continue
        read += parse_record_line(number, text, len(header), plan, kind.targets, rows, quarantine)
    return read, inserted


@dataclass(frozen=True)
class Computed:
    """A column computed in SQL from a row's cells rather than read from one: a constant, or a
    case over other cells (a vendor format's configured currency per account). `sql` may name
    cells as `{0}`, `{1}`, ... for the fields at `fields` (0-based header positions); a null
    result sends the row to Python."""

    sql: str
    fields: tuple[int, ...] = ()


@dataclass(frozen=True)
class SqlPlan:
    """What the fast path types: the kind, each column's source (a header position, a
    Computed, or None for its default), the header's width and line number; for vendor files,
    `vendor` makes text cells strict (no surrounding blank, never `--`, which the vendor
    mappings read as empty) and keeps lines whose first non-blank cell starts with `total`
    (report totals) for Python."""

    kind: CsvKind
    plan: tuple[tuple[Column, int | Computed | None], ...]
    width: int
    header_number: int
    vendor: bool = False


def fast_path_lines(data: bytes) -> pa.Array | None:
    """The file's lines when the fast path can take it (module docstring), else None."""
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    if data.count(b"\r") != data.count(b"\r\n"):
        return None  # a bare carriage return ends a line for Python's reader, not for the split
    if b'"' in data and _has_multiline_record(data):
        return None  # a quoted field spans lines: only the streaming reader follows it
    return split_lines(data) if data else pa.array([], pa.large_string())


def type_lines_sql(
    con: duckdb.DuckDBPyConnection, lines: pa.Array, sql_plan: SqlPlan, rows: RowSink
) -> tuple[int, list[tuple[int, int, str]]]:
    """Insert the rows DuckDB types into the kind's raw table; return how many, and every
    other line after the header as (line number, length, text) for Python (a line over the
    record limit comes back as its first characters only, record_limit.py)."""
    limit = current_limit()
    numbers = np.arange(1, len(lines) + 1, dtype=np.int64)
    table = pa.table({"line_number": numbers, "line": lines})
    # DuckDB scans an Arrow table one record batch per thread: small batches keep both busy.
    con.register(_LINES, pa.Table.from_batches(table.to_batches(max_chunksize=_BATCH_ROWS)))
    try:
        con.execute(_block_sql(sql_plan, limit))
        [(inserted,)] = con.execute(_insert_sql(sql_plan.kind), [rows.load_id, rows.file_path]).fetchall()
        rest = con.execute(
            f"select lines.line_number, strlen(rtrim(lines.line, chr(13))) as size, "
            f"case when size > ? then left(lines.line, {RAW_RECORD_MAX_CHARS}) else rtrim(lines.line, chr(13)) end "
            f"from {_LINES} as lines "
            f"anti join {_BLOCK} as block on block.line_number = lines.line_number "
            f"where lines.line_number > ? order by lines.line_number",
            [limit, sql_plan.header_number],
        ).fetchall()
    finally:
        con.unregister(_LINES)
    con.execute(f"drop table if exists {_BLOCK}")
    return int(inserted), rest


def _has_multiline_record(data: bytes) -> bool:
    """Whether Python's reader takes more than one line for some record (a quoted newline).

    Only files with a quote pay for this pass; the reader's C loop counts lines as it goes.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return True  # not the fast path's file anyway
    reader = csv.reader(io.StringIO(text, newline=""))
    previous = 0
    try:
        for _ in reader:
            if reader.line_num - previous > 1:
                return True
            previous = reader.line_num
    except csv.Error:
        return True
    return False


def _header(lines: pa.Array) -> tuple[int, list[str]]:
    """The first line that is not blank, as Python's reader splits it, and its number."""
    for index in range(len(lines)):
        text = lines[index].as_py().rstrip("\r")
        fields = next(csv.reader([text]), [])
        if fields and not (len(fields) == 1 and not fields[0].strip()):
            return index + 1, fields
    raise FileRejected("empty file")


def _block_sql(sql_plan: SqlPlan, limit: int) -> str:
    # One pattern checks a whole row: its field count and every cell's spelling.
    plan, width, header_number = sql_plan.plan, sql_plan.width, sql_plan.header_number
    fields: list[str] = [f"{_EMAIL_CELL}*"] * width  # a column the kind does not load
    cells: list[str] = []
    values: list[str] = []
    targets: dict[str, list[str]] = {}
    checks: list[str] = []
    for position, (column, index) in enumerate(plan):
        name = f"v{position}"
        if index is None:
            values.append(f"{_literal(column.default)} as {name}")
        elif isinstance(index, Computed):
            cell = index.sql.format(*(f"fields[{field + 1}]" for field in index.fields))
            cells.append(f"({cell}) as c{position}")
            values.append(f"c{position} as {name}")
            checks.append(f"c{position} is not null")
        else:
            fields[index] = _cell_pattern(column, strict=sql_plan.vendor)
            cells.append(f"fields[{index + 1}] as c{position}, trim(fields[{index + 1}]) as t{position}")
            values.append(f"{_cell_value(column, f'c{position}', f't{position}')} as {name}")
            check = _CHECKS.get(column.parse)
            if check:
                checks.append(f"(t{position} = '' or {check(name)})")
            if sql_plan.vendor and column.parse is _TEXT_PARSER:
                checks.append(f"c{position} <> '--'")
        targets.setdefault(column.target, []).append(name)
    row_pattern = ",".join(f"(?:{field})" for field in fields)
    # columns that feed one raw column (email_hash, email): the first non-null one wins
    target_columns = [
        (f"coalesce({', '.join(names)})" if len(names) > 1 else names[0]) + f" as {target}"
        for target, names in targets.items()
    ]
    # a report's total row (`Total: Account`, `Total of 3 results`) or copyright footer
    # (`(c) 2026 Microsoft Corporation. All rights reserved.`) is the vendor mapping's to drop
    totals = (
        "and not regexp_matches(line, '^(?: *,)* *(?i:total)') "
        "and not contains(line, '(c)') and not contains(line, 'All rights reserved')"
        if sql_plan.vendor
        else ""
    )
    return f"""
create or replace temp table {_BLOCK} as
with

lines as (
    -- a CRLF line's carriage return, trimmed only where there is one: the filters below read
    -- `line` several times and DuckDB computes it at each (an rtrim copies the line)
    select line_number, case when suffix(line, chr(13)) then rtrim(line, chr(13)) else line end as line
    from {_LINES}
    where line_number > {header_number}
),

plain as (
    select line_number, trim(line) = '' as is_blank, string_split(line, ',') as fields
    from lines
    where not contains(line, '%40')
      and not contains(line, '%25')
      and strlen(line) <= {limit}
      and (trim(line) = '' or regexp_full_match(line, '{row_pattern}'))
      {totals}
),

cells as (
    select line_number, is_blank, {", ".join(cells) or "null as c"}
    from plain
),

valued as (
    select line_number, is_blank, {", ".join(values)}, {" and ".join(checks) or "true"} as is_checked
    from cells
)

select line_number, is_blank, {", ".join(target_columns)}
from valued
where is_blank or is_checked
"""


def _cell_pattern(column: Column, *, strict: bool = False) -> str:
    """The spelling of a cell the fast path types: blank (an optional column), or the twin's
    spelling with blanks around it; a text cell is any plain text (`strict`: without blanks
    around it, as vendor mappings trim it)."""
    if column.parse is _TEXT_PARSER and strict:
        text = f"{_NON_BLANK}(?:{_CELL}*{_NON_BLANK})?"
        return text if column.required else f"(?:{text})?"
    if column.parse is _TEXT_PARSER:
        return f"{_CELL}*{_NON_BLANK}{_CELL}*" if column.required else f"{_CELL}*"
    pattern, _ = _TWINS[column.parse]
    spelled = f" *(?:{pattern}) *"
    return spelled if column.required else f"(?: *|{spelled})"


def _cell_value(column: Column, cell: str, trimmed: str) -> str:
    """The cell's value in SQL: a blank cell is the column's default."""
    value = cell if column.parse is _TEXT_PARSER else _TWINS[column.parse][1](trimmed)
    return f"case when {trimmed} = '' then {_literal(column.default)} else {value} end"


def _literal(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    raise TypeError(f"no SQL literal for the default {value!r}")


def _insert_sql(kind: CsvKind) -> str:
    targets = ", ".join(kind.targets)
    return (
        f"insert into raw.{kind.table} (load_id, file_path, line_number, {targets}) "
        f"select ?, ?, line_number, {targets} from {_BLOCK} where not is_blank"
    )
