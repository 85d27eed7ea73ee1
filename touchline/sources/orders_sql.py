"""The Shopify admin orders CSV mapped by DuckDB: line-item rows grouped into orders in SQL.

The format's Python mapping (formats/shopify_orders_csv.py) folds consecutive rows with the
same `Name` (else `Id`) into one order read from its first row. Here DuckDB splits the lines,
finds the same groups with window functions and maps an order's first row in one query, for
the groups it can vouch for; every other line goes to the Python mapping with its own line
number, in order. A group is DuckDB's only when all of these hold, else Python decides it:
- each of its lines is valid UTF-8 CSV without control characters or non-ASCII blanks (quoted
  fields allowed, each quote pair closing a whole field), no longer than the record limit, of
  the header's width; and the nearest non-blank lines around it are such rows too (a line
  only Python reads could belong to the group);
- its first row's cells are in the spellings the landing contract's SQL twins type exactly as
  Python does (csv_sql.py): `Created at` / `Cancelled at` as Shopify writes them
  (`2026-03-14 10:10:00 +0100`) or ISO, in the run's date window; `Total` and `Refunded
  Amount` as plain decimals (`1,204.50`, `$12` go to Python); a 3-letter `Currency`; ids and
  `Financial Status` printable ASCII without `@`, `%` or quotes (nothing to redact).
The lines Python reads are folded as before, but never across a group DuckDB took (that group
separated them in the file). tests/test_sources_orders_sql.py proves both paths give the same
orders, refunds, quarantine and audit counts.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from itertools import groupby

import duckdb
import numpy as np
import pyarrow as pa

from touchline.landing.csv_kinds import CSV_KINDS
from touchline.landing.csv_sql import (
    _EMAIL_CELL,
    _TIMESTAMP,
    MAX_FAST_BYTES,
    _in_window_timestamp,
    _timestamp_value,
    fast_path_lines,
)
from touchline.landing.files import LandedFile
from touchline.landing.money_types import MONEY, MONEY_RECORD_DIGITS
from touchline.landing.record_limit import current_limit
from touchline.landing.sink import RowSink
from touchline.landing.values import RAW_RECORD_MAX_CHARS
from touchline.sources.format import FileContext
from touchline.sources.formats.line_items import SqlFoldedOrders
from touchline.sources.head import open_bytes
from touchline.sources.readers import SourceRecord, line_records
from touchline.sources.recognise import Recognised

_LINES = "__touchline_order_lines"
_ROWS = "__touchline_order_rows"
_BATCH_ROWS = 8192

# A CSV field as Python's reader reads it back unchanged: quoted whole (`""` a quote), or
# unquoted without quote or comma; no control characters, no blank but the space (Python's
# strip() would remove them, DuckDB's trim() would not).
_CHAR = r"[^,\"\x00-\x1f\x7f\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]"
_QCHAR = r"[^\"\x00-\x1f\x7f\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]"
_FIELD = rf"(?:\"(?:{_QCHAR}|\"\")*\"|{_CHAR}*)"
_ROW = rf"{_FIELD}(?:,{_FIELD})*"
# an id or status: nothing typed_row would redact (`@`, `%40`, `%25`)
_PLAIN_TEXT = r"[\x20\x21\x23-\x24\x26-\x3f\x41-\x7e]+"
_MONEY_TEXT = rf"-?\d{{1,{MONEY_RECORD_DIGITS}}}(?:\.\d{{1,{MONEY.scale}}})?"


def load_orders_sql(
    con: duckdb.DuckDBPyConnection,
    landed: LandedFile,
    recognised: Recognised,
    context: FileContext,
    orders: RowSink,
    refunds: RowSink,
) -> tuple[int, Iterator[Iterator[SourceRecord]]] | None:
    """(orders inserted by DuckDB, the other lines as runs of records to fold in Python), or
    None when the file does not take this path (the caller reads it all in Python)."""
    sql = recognised.format.sql
    if not isinstance(sql, SqlFoldedOrders) or recognised.parquet or recognised.delimiter != ",":
        return None
    if recognised.encoding not in ("utf-8", "utf-8-sig"):
        return None
    with open_bytes(landed.path) as stream:
        data = stream.read(MAX_FAST_BYTES + 1)
    if len(data) > MAX_FAST_BYTES:
        return None
    lines = fast_path_lines(data)
    header_number = recognised.header_index + 1
    if lines is None or len(lines) < header_number:
        return None
    header = [name.strip().lstrip("\ufeff") for name in next(csv.reader([lines[header_number - 1].as_py()]), [])]
    names = [name.lower() for name in header]
    if header != context.columns or len(set(names)) != len(names):
        return None  # the head and the split disagree, or a name twice (the record keeps the last)
    numbers = np.arange(1, len(lines) + 1, dtype=np.int64)
    table = pa.table({"line_number": numbers, "line": lines})
    con.register(_LINES, pa.Table.from_batches(table.to_batches(max_chunksize=_BATCH_ROWS)))
    try:
        con.execute(_rows_sql(sql, names, header_number, current_limit()))
        [(inserted,)] = con.execute(_insert_orders_sql(), [orders.load_id, orders.file_path]).fetchall()
        con.execute(_insert_refunds_sql(), [refunds.load_id, refunds.file_path])
        # `run`: how many lines DuckDB took before the line (Python never folds across them)
        rest = con.execute(
            f"select line_number, size, case when size > ? then left(line, {RAW_RECORD_MAX_CHARS}) else line end, run "
            f"from (select lines.line_number, rtrim(lines.line, chr(13)) as line, strlen(line) as size, "
            f"      taken.line_number is not null as is_taken, "
            f"      count(taken.line_number) over (order by lines.line_number) as run "
            f"      from {_LINES} as lines left join {_ROWS} as taken on taken.line_number = lines.line_number "
            f"      where lines.line_number > ?) "
            f"where not is_taken order by line_number",
            [current_limit(), header_number],
        ).fetchall()
    finally:
        con.unregister(_LINES)
        con.execute(f"drop table if exists {_ROWS}")
    runs = (
        line_records([(n, size, text) for n, size, text, _ in run], names)
        for _, run in groupby(rest, key=lambda line: line[3])
    )
    return int(inserted), runs


def _rows_sql(sql: SqlFoldedOrders, names: list[str], header_number: int, limit: int) -> str:
    width = len(names)

    def field(name: str) -> str:
        """The trimmed cell of column `name` ('' when the file lacks it)."""
        return f"trim(fields[{names.index(name.lower()) + 1}])" if name.lower() in names else "''"

    def value(name: str) -> str:
        """As formats.common.cell: null when empty or `--`."""
        return f"nullif(nullif({field(name)}, ''), '--')"

    def first(columns: tuple[str, ...]) -> str:
        return f"coalesce({', '.join(value(name) for name in columns)})" if columns else "null"

    def shopify_time(cell: str) -> str:
        # formats.common.shopify_time: `YYYY-MM-DD HH:MM:SS +HHMM` re-spelled as ISO
        return (
            f"case when length({cell}) = 25 and {cell}[11] = ' ' and {cell}[20] = ' ' "
            f"and {cell}[21] in ('+', '-') then {cell}[1:10] || 'T' || {cell}[12:19] || "
            f"{cell}[21:23] || ':' || {cell}[24:25] else {cell} end"
        )

    refunded = "cast(refunded_text as decimal(38, 4))"
    money = MONEY.sql
    return f"""
create or replace temp table {_ROWS} as
with

lines as (
    select line_number, rtrim(line, chr(13)) as line
    from {_LINES}
    where line_number > {header_number}
),

cells_split as (
    select
        line_number,
        line,
        contains(line, '"') as has_quote,
        strlen(line) <= {limit} and regexp_full_match(line, '{_ROW}') as is_plain,
        case
            when not is_plain then null
            when not has_quote then string_split(line, ',')  -- most lines: no quoted field
            else list_transform(
                regexp_extract_all(',' || line, ',({_FIELD})', 1),
                lambda f: case when f[1] = '"' then replace(f[2:-2], '""', '"') else f end
            )
        end as fields
    from lines
),

records as (
    -- blank rows are no records in Python either; `is_row`: a record Python reads without error
    select
        line_number,
        fields,
        is_plain and len(fields) = {width} as is_row,
        case when is_row then {first(sql.fold_key)} end as fold_key
    from cells_split
    where not (is_plain and case
        when has_quote then list_aggregate(list_transform(fields, lambda f: trim(f) = ''), 'bool_and')
        else trim(replace(line, ',', '')) = ''
    end)
),

neighbours as (
    select
        *,
        lag(is_row) over (order by line_number) as previous_is_row,
        lag(fold_key) over (order by line_number) as previous_key,
        lead(is_row) over (order by line_number) as next_is_row
    from records
),

grouped as (
    select
        *,
        sum(case when fold_key is not null and previous_key is distinct from fold_key then 1 else 0 end)
            over (order by line_number) as group_number,
        fold_key is not null and previous_key is distinct from fold_key as is_first
    from neighbours
),

order_groups as (
    -- a group whose neighbours Python alone could read may be longer in Python: left to it
    select
        group_number,
        bool_and(coalesce(previous_is_row, true)) filter (where is_first) as is_bounded_before,
        bool_and(coalesce(next_is_row, true)) filter (where line_number = last_line) as is_bounded_after
    from (select *, max(line_number) over (partition by group_number) as last_line from grouped
          where fold_key is not null)
    group by group_number
),

firsts as (
    select
        grouped.group_number,
        grouped.line_number,
        {first(sql.order_id)} as order_id,
        {shopify_time(value(sql.created_at))} as created_text,
        {shopify_time(value(sql.cancelled_at))} as cancelled_text,
        {field(sql.email)} as email_text,
        {value(sql.email)} as email,
        {field(sql.currency)} as currency_text,
        {field(sql.total_price)} as total_text,
        {value(sql.financial_status)} as financial_status,
        {value(sql.refunded_amount)} as refunded_text
    from grouped
    inner join order_groups on order_groups.group_number = grouped.group_number
    where grouped.is_first and order_groups.is_bounded_before and order_groups.is_bounded_after
),

spelled as (
    select *
    from firsts
    where regexp_full_match(order_id, '{_PLAIN_TEXT}')
      and (financial_status is null or regexp_full_match(financial_status, '{_PLAIN_TEXT}'))
      and regexp_full_match(created_text, '{_TIMESTAMP}')
      and (cancelled_text is null or regexp_full_match(cancelled_text, '{_TIMESTAMP}'))
      and regexp_full_match(email_text, '{_EMAIL_CELL}*')
      and regexp_full_match(currency_text, '[A-Za-z]{{3}}')
      and regexp_full_match(total_text, '{_MONEY_TEXT}')
      and (refunded_text is null or regexp_full_match(refunded_text, '{_MONEY_TEXT}'))
),

mapped as (
    select
        group_number,
        line_number,
        order_id,
        {_timestamp_value("created_text")} as created_at,
        case when cancelled_text is null then null else {_timestamp_value("cancelled_text")} end as cancelled_at,
        sha256(lower(email)) as email_hash,
        upper(currency_text) as currency,
        cast(total_text as {money}) as total_price,
        financial_status,
        case when {refunded} > 0 then cast(refunded_text as {money}) end as refunded
    from spelled
),

taken as (
    select *
    from mapped
    where {_in_window_timestamp("created_at")}
      and (cancelled_at is null or {_in_window_timestamp("cancelled_at")})
)

-- every line of a taken group; the order and its refund on the group's first line
select
    grouped.line_number,
    grouped.line_number = taken.line_number as is_first,
    taken.order_id, taken.created_at, taken.cancelled_at, taken.email_hash, taken.currency,
    taken.total_price, taken.financial_status, taken.refunded
from grouped
inner join taken on taken.group_number = grouped.group_number and grouped.fold_key is not null
"""


def _insert_orders_sql() -> str:
    targets = CSV_KINDS["orders"].targets
    values = {
        "order_id": "order_id",
        "created_at": "created_at",
        "email_hash": "email_hash",
        "currency": "currency",
        "total_price": "total_price",
        "financial_status": "financial_status",
        "is_test": "false",
    }
    selects = ", ".join(values.get(target, "null") for target in targets)
    return (
        f"insert into raw.orders (load_id, file_path, line_number, {', '.join(targets)}) "
        f"select ?, ?, line_number, {selects} from {_ROWS} where is_first"
    )


def _insert_refunds_sql() -> str:
    return (
        f"insert into raw.refunds (load_id, file_path, line_number, refund_id, order_id, refunded_at, amount, "
        f"currency) select ?, ?, line_number, order_id || '-refunded', order_id, "
        f"coalesce(cancelled_at, created_at), refunded, currency from {_ROWS} "
        f"where is_first and refunded is not null"
    )
