"""The declaration of a JSON orders format's mapping that DuckDB can run (orders_json_sql.py)."""

from __future__ import annotations

from dataclasses import dataclass

# the macros every JSON orders mapping reads: a value's text as Python's `text()` starts from
# it (__touchline_json_text) and an ISO time as UTC (__touchline_utc)
JSON_ORDERS_MACROS = ("json_orders_macro_utc", "json_orders_macro_text")
# a bulk step that is no SQL file: the fold groups (__touchline_bulk_groups) formed from the lines'
# fold keys (__touchline_bulk_line_keys) by bulk_fold_groups.py
FOLD_GROUPS = "fold_groups"


@dataclass(frozen=True)
class SqlJsonOrders:
    """The statements (touchline/sources/sql/<query>_<step>.sql, run in `steps` order) that
    map the format's records, read by DuckDB from JSON lines or a document's record list
    (__touchline_json_items), to __touchline_json_orders and __touchline_json_refunds: exactly
    the rows the format's Python mapping gives, for the records they vouch for."""

    query: str
    steps: tuple[str, ...] = ("parsed", "refund_items", "refund_rows", "orders", "refunds")
    # statements several formats' mappings run (sql/<name>.sql, run before `steps`): the JSON
    # orders macros (sql/json_orders_macro_*.sql) and the record count, taken as they are
    shared: tuple[str, ...] = JSON_ORDERS_MACROS
    # For the file shapes in `typed_shapes`, DuckDB's typed reader first: `read_json(file,
    # columns = {...})` with these (key, DuckDB type) columns, numbered as
    # __touchline_json_typed(record_number, ...), then `typed_steps` instead of `steps`. The
    # reader refuses a file whose records it cannot read into those types (a record that is
    # not an object, a key written twice, a struct column that holds no object, ...): the file
    # then takes `steps`. Empty: `steps` only.
    typed_columns: tuple[tuple[str, str], ...] = ()
    typed_steps: tuple[str, ...] = ()
    # "array": a top-level array; "root": a document whose `json_root` key holds the list (a
    # REST `orders.json` page); "lines": one record per JSON line
    typed_shapes: tuple[str, ...] = ("array",)


@dataclass(frozen=True)
class SqlBulkOrders:
    """The statements that map a bulk-operation JSON-lines file (an order's nested connections
    on lines of their own, folded into it by `__parentId`) in DuckDB (bulk_orders_sql.py): `steps`
    are touchline/sources/sql/<step>.sql, run in order, from the file's lines
    (__touchline_json_lines) to __touchline_json_orders and __touchline_json_refunds and the
    fold groups they took (__touchline_bulk_groups, the step FOLD_GROUPS)."""

    steps: tuple[str, ...]
    # DuckDB's typed reader first (`read_json(file, format = 'newline_delimited', columns =
    # {...})`, as __touchline_json_typed(record_number, ...)), then `typed_steps` instead of
    # `steps`; a file it refuses, or would read otherwise than Python, takes `steps`
    # (orders_json_sql.typed_lines_table). Empty: `steps` only.
    typed_columns: tuple[tuple[str, str], ...] = ()
    typed_steps: tuple[str, ...] = ()
