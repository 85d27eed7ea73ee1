"""Mapped vendor records typed by DuckDB in bulk, as canonical CSV rows are (csv_sql.py).

A format's mapping turns a source record (a Shopify order with its refunds, a report row)
into landing rows whose values are text in the landing contract's spellings. Typing them one
by one in Python (canonical.py) costs more than the mapping itself; DuckDB types a chunk of
them at once with the SQL twins of the canonical parsers. Only values in the one spelling a
twin types exactly as Python does are typed there (csv_sql's patterns: plain printable ASCII,
no `@` outside the email column, no `%40`/`%25`, dates in the run's window); a record with any
other value is typed in Python, all of its rows together, so a record is loaded whole or
quarantined whole as before (tests/test_sources_bulk_typing.py compares both paths).
"""

from __future__ import annotations

from typing import Any, Mapping

import duckdb
import pyarrow as pa

from touchline.landing.csv_kinds import CSV_KINDS, CsvKind
from touchline.landing.csv_sql import _CHECKS, _cell_pattern, _cell_value, has_sql_twins
from touchline.landing.sink import RowSink

BULK_RECORDS = 20_000  # records buffered: their raw text stays in memory until typed
_TABLE = "__touchline_bulk_{kind}"
_TYPED = "__touchline_bulk_typed_{kind}"

# One buffered record: its line, the record (its raw text is made only if it is quarantined)
# and its mapped rows.
Pending = tuple[int, Any, list[tuple[str, Mapping[str, Any]]]]


def bulk_kinds(outputs: tuple[str, ...]) -> bool:
    """Whether every landing kind a format maps to can be typed in bulk (not pixel events,
    which have their own typing in landing/pixel.py)."""
    return all(kind in CSV_KINDS and has_sql_twins(CSV_KINDS[kind]) for kind in outputs)


class BulkTyper:
    """Buffers mapped records; `flush` inserts the ones DuckDB types and returns the others."""

    def __init__(self, con: duckdb.DuckDBPyConnection, sinks: Mapping[str, RowSink]) -> None:
        self.con = con
        self.sinks = sinks
        self.pending: list[Pending] = []
        self.inserted = 0  # records loaded by DuckDB

    def add(self, line_number: int, record: Any, outputs: list[tuple[str, Mapping[str, Any]]]) -> bool:
        """Buffer a record; True when the buffer is full (flush it)."""
        self.pending.append((line_number, record, outputs))
        return len(self.pending) >= BULK_RECORDS

    def flush(self) -> list[Pending]:
        pending, self.pending = self.pending, []
        if not pending:
            return []
        kinds = sorted({kind for _, _, outputs in pending for kind, _ in outputs})
        bad: set[int] = set()
        try:
            for kind in kinds:
                self._type(kind, pending)
                bad.update(row[0] for row in self.con.execute(
                    f"select distinct rec from {_TYPED.format(kind=kind)} where not is_ok").fetchall())
            empty = [index for index, (_, _, outputs) in enumerate(pending) if not outputs]
            bad.update(empty)  # a record that maps to nothing: Python counts it as before
            if len(bad) < len(pending):
                bad_table = pa.table({"rec": pa.array(sorted(bad), pa.int64())})
                self.con.register("__touchline_bulk_bad", bad_table)
                try:
                    for kind in kinds:
                        self._insert(kind)
                finally:
                    self.con.unregister("__touchline_bulk_bad")
                self.inserted += len(pending) - len(bad)
        finally:
            for kind in kinds:
                self.con.execute(f"drop table if exists {_TYPED.format(kind=kind)}")
        return [pending[index] for index in sorted(bad)]

    def _type(self, kind: str, pending: list[Pending]) -> None:
        spec = CSV_KINDS[kind]
        mapped = [(index, line_number, record)
                  for index, (line_number, _, outputs) in enumerate(pending)
                  for out_kind, record in outputs if out_kind == kind]
        columns: dict[str, pa.Array] = {
            "rec": pa.array([item[0] for item in mapped], pa.int64()),
            "line_number": pa.array([item[1] for item in mapped], pa.int64()),
        }
        for position, column in enumerate(spec.columns):
            name = column.name
            values = [record.get(name) for _, _, record in mapped]
            columns[f"c{position}"] = pa.array(
                [value if value is None or type(value) is str else str(value) for value in values], pa.string())
        name = _TABLE.format(kind=kind)
        self.con.register(name, pa.table(columns))
        try:
            self.con.execute(_typed_sql(spec, name, _TYPED.format(kind=kind)))
        finally:
            self.con.unregister(name)

    def _insert(self, kind: str) -> None:
        spec = CSV_KINDS[kind]
        sink = self.sinks[kind]
        targets = ", ".join(spec.targets)
        self.con.execute(
            f"insert into raw.{spec.table} (load_id, file_path, line_number, {targets}) "
            f"select ?, ?, line_number, {targets} from {_TYPED.format(kind=kind)} "
            f"where rec not in (select rec from __touchline_bulk_bad)",
            [sink.load_id, sink.file_path],
        )


def _typed_sql(kind: CsvKind, source: str, target: str) -> str:
    """Each row's typed values and whether DuckDB may type it (every value in its twin's
    spelling, blank only where optional, within the run's window). Values are computed only
    for rows whose every cell has its spelling (a cast of anything else would fail)."""
    cells, spelled, values, checks = [], [], [], []
    targets: dict[str, list[str]] = {}
    for position, column in enumerate(kind.columns):
        cell = f"coalesce(c{position}, '')"
        cells.append(f"{cell} as c{position}, trim({cell}) as t{position}")
        # as in csv_sql: a %40 or %25 may spell an address that Python would redact
        spelled.append(f"regexp_full_match(c{position}, '{_cell_pattern(column)}')"
                       f" and not contains(c{position}, '%40') and not contains(c{position}, '%25')")
        name = f"v{position}"
        values.append(f"case when is_spelled then {_cell_value(column, f'c{position}', f't{position}')} end as {name}")
        check = _CHECKS.get(column.parse)
        if check:
            checks.append(f"(t{position} = '' or {check(name)})")
        targets.setdefault(column.target, []).append(name)
    target_columns = [
        (f"coalesce({', '.join(names)})" if len(names) > 1 else names[0]) + f" as {name}"
        for name, names in targets.items()
    ]
    t_columns = ", ".join(f"t{position}" for position in range(len(kind.columns)))
    return f"""
create or replace temp table {target} as
with

cells as (
    select rec, line_number, {', '.join(cells)}
    from {source}
),

spelled as (
    select *, {' and '.join(f'({check})' for check in spelled)} as is_spelled
    from cells
),

valued as (
    select rec, line_number, is_spelled, {t_columns}, {', '.join(values)}
    from spelled
)

select rec, line_number, coalesce(is_spelled and {' and '.join(checks) or 'true'}, false) as is_ok,
    {', '.join(target_columns)}
from valued
"""
