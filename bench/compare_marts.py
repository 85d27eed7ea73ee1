"""Before/after check for refactors that must not change behaviour: every table of the marts
and audit schemas of two warehouses, row for row.

    python bench/compare_marts.py BEFORE.duckdb AFTER.duckdb

Build both from the same landing folder (e.g. `touchline generate`, then `touchline build`
once with the old code and once with the new). Prints one line per table and exits 1 when any
table differs in its columns or its rows (compared as multisets, `except all` both ways;
`loaded_at`, the time a load ran, is left out).
"""

from __future__ import annotations

import sys

import duckdb

SCHEMAS = ("marts", "audit")
# When a build ran, not what it computed (audit.load_audit.loaded_at): left out of the rows.
VOLATILE = ("loaded_at",)


def tables(con: duckdb.DuckDBPyConnection, alias: str) -> set[tuple[str, str]]:
    rows = con.execute(
        "select table_schema, table_name from information_schema.tables "
        "where table_catalog = ? and table_schema in (select unnest(?))",
        [alias, list(SCHEMAS)],
    ).fetchall()
    return {(schema, name) for schema, name in rows}


def columns(con: duckdb.DuckDBPyConnection, alias: str, schema: str, table: str) -> list[tuple[str, str]]:
    return con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_catalog = ? and table_schema = ? and table_name = ? order by ordinal_position",
        [alias, schema, table],
    ).fetchall()


def main(before: str, after: str) -> int:
    con = duckdb.connect()
    con.execute(f"attach '{before}' as before_db (read_only)")
    con.execute(f"attach '{after}' as after_db (read_only)")
    old, new = tables(con, "before_db"), tables(con, "after_db")
    differ = 0
    for schema, table in sorted(old ^ new):
        print(f"{schema}.{table}: only in {'before' if (schema, table) in old else 'after'}")
        differ += 1
    for schema, table in sorted(old & new):
        if columns(con, "before_db", schema, table) != columns(con, "after_db", schema, table):
            print(f"{schema}.{table}: columns differ")
            differ += 1
            continue
        names = [name for name, _ in columns(con, "before_db", schema, table)]
        skipped = [name for name in names if name in VOLATILE]
        rest = f"* exclude ({', '.join(skipped)})" if skipped else "*"
        a = f"(select {rest} from before_db.{schema}.{table})"
        b = f"(select {rest} from after_db.{schema}.{table})"
        gone = con.execute(f"select count(*) from (select * from {a} except all select * from {b})").fetchone()[0]
        added = con.execute(f"select count(*) from (select * from {b} except all select * from {a})").fetchone()[0]
        rows = con.execute(f"select count(*) from {a}").fetchone()[0]
        print(f"{schema}.{table}: {rows} rows, {'equal' if gone == added == 0 else f'{gone} gone, {added} added'}")
        differ += bool(gone or added)
    print("equal" if not differ else f"{differ} tables differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
