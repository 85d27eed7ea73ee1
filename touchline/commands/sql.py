"""`touchline sql`: ask the published warehouse a question without another tool.

Read-only, through publish.connect_published: a build never writes the published file, so a
query works while a build runs, and each query sees the newest published build. Several
statements separated by `;` run in order and each result is printed. Without a query, an
interactive prompt (statements end with `;`; `.quit` or Ctrl-D leaves); with standard input
that is not a terminal, the whole input is the query (`touchline sql < question.sql`).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

import duckdb

from touchline.warehouse.publish import connect_published

FORMATS = ("table", "csv", "json")
MAX_CELL = 60  # wider values are cut in the table format (csv and json keep them whole)


def run_sql(
    warehouse: Path, query: str | None, *, fmt: str = "table", out: TextIO | None = None, stdin: TextIO | None = None
) -> int:
    out = out or sys.stdout
    stdin = stdin or sys.stdin
    if not warehouse.is_file():
        print(
            f"touchline: no warehouse at {warehouse}: run `touchline build` (or `touchline demo`) first, "
            "or point --warehouse at the DuckDB file",
            file=sys.stderr,
        )
        return 2
    if query is None and not stdin.isatty():
        query = stdin.read()
    if query is None:
        return _prompt(warehouse, fmt, out, stdin)
    con = connect_published(warehouse)
    try:
        return 0 if _run(con, query, fmt, out) else 1
    finally:
        con.close()


def _run(con: duckdb.DuckDBPyConnection, query: str, fmt: str, out: TextIO) -> bool:
    """Run every statement of query; False (with the error on stderr) at the first that fails."""
    try:
        statements = duckdb.extract_statements(query)
    except duckdb.Error as exc:
        print(f"touchline: {exc}", file=sys.stderr)
        return False
    if not statements:
        print("touchline: the query is empty", file=sys.stderr)
        return False
    for i, statement in enumerate(statements):
        try:
            cursor = con.execute(statement.query)
            columns = [d[0] for d in cursor.description or []]
            rows = cursor.fetchall() if columns else []
        except duckdb.Error as exc:
            print(f"touchline: {_explain(exc)}", file=sys.stderr)
            return False
        if columns:
            if i and fmt == "table":
                out.write("\n")
            WRITERS[fmt](columns, rows, out)
    return True


def _explain(exc: duckdb.Error) -> str:
    text = str(exc)
    if "read-only" in text.lower() or "read only" in text.lower():
        return text + "\n(touchline sql opens the warehouse read-only: builds are the only writers)"
    return text


def _prompt(warehouse: Path, fmt: str, out: TextIO, stdin: TextIO) -> int:
    with contextlib.suppress(ImportError):  # not on every platform
        import readline  # noqa: F401  (line editing and history for input())
    out.write(
        f"touchline sql on {warehouse} (read-only). End a statement with ';'. .tables lists tables, .quit leaves.\n"
    )
    buffer: list[str] = []
    while True:
        try:
            line = input("touchline> " if not buffer else "      ...> ")
        except EOFError:
            out.write("\n")
            return 0
        except KeyboardInterrupt:
            out.write("\n")
            buffer.clear()
            continue
        stripped = line.strip()
        if not buffer and stripped in (".quit", ".exit", "\\q", "quit", "exit"):
            return 0
        if not buffer and stripped == ".tables":
            line, stripped = _TABLES + ";", _TABLES + ";"
        if not stripped and not buffer:
            continue
        buffer.append(line)
        if stripped.endswith(";"):
            # A new connection per statement: each sees the newest published build.
            con = connect_published(warehouse)
            try:
                _run(con, "\n".join(buffer), fmt, out)
            finally:
                con.close()
            buffer.clear()


_TABLES = (
    "select table_schema as schema, table_name as name, table_type as type from information_schema.tables "
    "where table_schema in ('marts', 'audit') order by 1, 2"
)


def _text(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value)


def _write_table(columns: Sequence[str], rows: list[tuple], out: TextIO) -> None:
    cells = [[_cut(_text(v)) for v in row] for row in rows]
    numeric = [
        bool(rows)
        and all(
            isinstance(r[i], (int, float, Decimal)) and not isinstance(r[i], bool) for r in rows if r[i] is not None
        )
        for i in range(len(columns))
    ]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            v.rjust(w) if n else v.ljust(w) for v, w, n in zip(values, widths, numeric, strict=True)
        ).rstrip()

    out.write(line(columns) + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in cells:
        out.write(line(row) + "\n")
    out.write(f"({len(rows):,} row{'' if len(rows) == 1 else 's'})\n")


def _cut(text: str) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def _write_csv(columns: Sequence[str], rows: list[tuple], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if v is None else v.isoformat(sep=" ") if isinstance(v, dt.datetime) else v for v in row])


def _json_value(value: Any) -> str:
    # Decimals are written as JSON numbers with every digit (money stays exact, no float).
    if isinstance(value, Decimal):
        return str(value) if value.is_finite() else json.dumps(str(value))
    if isinstance(value, (dt.date, dt.time)):
        return json.dumps(value.isoformat())
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(str(k))}:{_json_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_json_value(v) for v in value) + "]"
    try:
        return json.dumps(value)
    except TypeError:
        return json.dumps(str(value))


def _write_json(columns: Sequence[str], rows: list[tuple], out: TextIO) -> None:
    """One JSON array of objects per statement."""
    keys = [json.dumps(c) for c in columns]
    out.write("[")
    for i, row in enumerate(rows):
        out.write(
            ("," if i else "")
            + "\n  {"
            + ", ".join(f"{k}: {_json_value(v)}" for k, v in zip(keys, row, strict=True))
            + "}"
        )
    out.write("\n]\n" if rows else "]\n")


WRITERS: dict[str, Callable[[Sequence[str], list[tuple], TextIO], None]] = {
    "table": _write_table,
    "csv": _write_csv,
    "json": _write_json,
}
