"""Fingerprints of every table in a warehouse, to compare two builds table for table."""

from __future__ import annotations

from pathlib import Path

import duckdb

# A plain email anywhere in a warehouse is a privacy bug (emails are hashed at load).
EMAIL_PATTERN = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"

SCHEMAS = ("raw", "staging", "intermediate", "marts", "audit", "seeds")
# Columns whose values are facts about the load or the build, not about the data: when a
# file was loaded, and which loads a build took in (a second build takes in none).
VOLATILE_COLUMNS = {
    ("audit", "load_audit"): {"loaded_at"},
    ("intermediate", "int_incremental_batch"): {"from_load_id", "is_full"},
}


# Which load a row came from, or which loads a row was computed through: the same data loaded
# in batches or at once numbers its loads differently.
LINEAGE_COLUMNS = {"load_id", "loaded_at", "assigned_through_load_id"}


def table_fingerprints(
    warehouse: Path, *, schemas: tuple[str, ...] = SCHEMAS, ignore_lineage: bool = False
) -> dict[str, tuple]:
    """{schema.table: (row count, order-independent hash of the rows)}.

    ignore_lineage drops load_id/file_path/line_number-style columns, which legitimately differ
    between a warehouse loaded in batches and one loaded at once.
    """
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema in (select unnest(?)) order by 1, 2",
            [list(schemas)],
        ).fetchall()
        result: dict[str, tuple] = {}
        for schema, table in tables:
            columns = [
                name
                for (name,) in con.execute(
                    "select column_name from information_schema.columns "
                    "where table_schema = ? and table_name = ? order by ordinal_position",
                    [schema, table],
                ).fetchall()
                if name not in VOLATILE_COLUMNS.get((schema, table), set())
                and not (ignore_lineage and name in LINEAGE_COLUMNS)
            ]
            column_list = ", ".join(f'"{c}"' for c in columns)
            count, xor_hash, sum_hash = con.execute(
                f"select count(*), bit_xor(h), sum(h % 1000000007) from "
                f"(select hash({column_list}) as h from {schema}.{table})"
            ).fetchone()
            result[f"{schema}.{table}"] = (count, xor_hash, sum_hash)
        return result
    finally:
        con.close()


def data_fingerprints(warehouse: Path) -> dict[str, tuple]:
    """table_fingerprints of what the data decides: without lineage columns, and without the
    int_incremental_batch tables (what the last build took in: nothing, in a full build).
    Equal for a warehouse built in batches and one built at once from the same files."""
    return {
        name: fingerprint
        for name, fingerprint in table_fingerprints(warehouse, ignore_lineage=True).items()
        if not name.startswith("intermediate.int_incremental_batch")
    }


def varchar_values_matching(warehouse: Path, pattern: str) -> list[tuple[str, str, str]]:
    """Every (table, column, value) whose text matches a regular expression, in every schema."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        columns = con.execute(
            "select table_schema, table_name, column_name from information_schema.columns "
            "where data_type = 'VARCHAR' and table_schema not in ('information_schema', 'pg_catalog')"
        ).fetchall()
        hits: list[tuple[str, str, str]] = []
        for schema, table, column in columns:
            for (value,) in con.execute(
                f'select "{column}" from {schema}.{table} where regexp_matches("{column}", ?) limit 3', [pattern]
            ).fetchall():
                hits.append((f"{schema}.{table}", column, value))
        return hits
    finally:
        con.close()


def query(warehouse: Path, sql: str) -> list[tuple]:
    """Rows of one query on a read-only connection (as an analyst opens the warehouse)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


# The incremental tables, without the columns that name loads (load ids follow the landing
# order, so they differ between a warehouse loaded in batches and one loaded at once).
INCREMENTAL_TABLES = {
    "staging.stg_pixel_events": "* exclude (load_id)",
    "staging.stg_pixel_event_duplicates": "* exclude (load_id)",
    "intermediate.int_hits_classified": "*",
    "intermediate.int_page_views": "*",
    "intermediate.int_checkout_events": "*",
    "intermediate.int_page_views_classified": "*",
    "intermediate.int_sessions_events": "*",
    "intermediate.int_sessions": "*",
    "intermediate.int_identity_links": "*",
    "intermediate.int_identity_blocked_identifiers": "*",
    "intermediate.int_identity_nodes": "*",
    "intermediate.int_identity_edges": "*",
    "intermediate.int_identity_components": "* exclude (assigned_through_load_id)",
    "intermediate.int_attribution_person_sessions": "*",
    "intermediate.int_analytics_session_campaigns": "*",
    "intermediate.int_analytics_credit_campaigns": "*",
    "intermediate.int_analytics_customer_orders": "*",
    "intermediate.int_orders_person": "*",
    "intermediate.int_attribution_order_touches": "*",
    "intermediate.int_attribution_landing_site_touches": "*",
    "intermediate.int_attribution_orders": "*",
    "intermediate.int_attribution_credits": "*",
    "intermediate.int_attribution_order_click_ids": "*",
    "intermediate.int_attribution_conversion": "*",
}


def rows_only_in_each(warehouse: Path, other: Path, table: str, columns: str = "*") -> tuple[int, int]:
    """(rows only in `warehouse`, rows only in `other`) of one table, as multisets."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        con.execute(f"attach '{other}' as other_build (read_only)")
        mine, theirs = f"select {columns} from {table}", f"select {columns} from other_build.{table}"
        [(only_mine,)] = con.execute(f"select count(*) from ({mine} except all {theirs})").fetchall()
        [(only_theirs,)] = con.execute(f"select count(*) from ({theirs} except all {mine})").fetchall()
        return only_mine, only_theirs
    finally:
        con.close()


def load_into(landing: Path, warehouse: Path) -> None:
    """Run the loader on `landing` into the DuckDB file `warehouse` (new files only), and its
    lake, as a build does."""
    from touchline.landing.lake import lake_path
    from touchline.landing.load import load_landing

    con = duckdb.connect(str(warehouse))
    try:
        load_landing(landing, con, lake_root=lake_path(warehouse))
    finally:
        con.close()


def _loader_rows(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    from touchline.landing.lake import LAKE_TABLES

    return {table: sorted(con.execute(f"select * from {table}").fetchall(), key=repr) for table in LAKE_TABLES}


def loader_tables(warehouse: Path) -> dict[str, list[tuple]]:
    """Every row of every table the loader writes (raw.*, audit.load_audit, ...), sorted."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return _loader_rows(con)
    finally:
        con.close()


def lake_tables(root: Path) -> dict[str, list[tuple]]:
    """The committed loads of the lake at `root`, read back into empty loader tables as the
    loader's import does, in the form of loader_tables."""
    from touchline.landing import lake, schema

    con = duckdb.connect()
    try:
        schema.create_all(con)
        lake.import_loads(con, root, lake.committed_loads(root))
        return _loader_rows(con)
    finally:
        con.close()


def without_lineage(tables: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """loader_tables less load_id (the first column of every loader table) and load_audit's
    loaded_at (its 10th): what two loads of the same files share whatever their batches."""
    return {
        table: sorted((row[1:9] + row[10:] if table == "audit.load_audit" else row[1:] for row in rows), key=repr)
        for table, rows in tables.items()
    }


def query_frame(warehouse: Path, sql: str):  # -> pandas.DataFrame
    """One query's result as a DataFrame, on a read-only connection."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).df()
    finally:
        con.close()


def comment_mismatches(warehouse: Path) -> tuple[list[str], int, int]:
    """Every model's description against the comment its table, view and columns carry:
    (the models and columns whose comment differs, the columns described, the columns of
    the model schemas that carry a comment)."""
    import json

    from orchestration.project import touchline_project

    manifest = json.loads(touchline_project().manifest_path.read_text(encoding="utf-8"))
    models = [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["config"]["materialized"] != "ephemeral"
    ]
    tables = {
        (schema, name): comment
        for schema, name, comment in query(
            warehouse,
            "select schema_name, table_name, comment from duckdb_tables() "
            "union all select schema_name, view_name, comment from duckdb_views() where not internal",
        )
    }
    columns = {
        (schema, name, column): comment
        for schema, name, column, comment in query(
            warehouse, "select schema_name, table_name, column_name, comment from duckdb_columns()"
        )
    }
    assert len(models) > 70
    wrong = [
        node["name"]
        for node in models
        if node["description"] and tables.get((node["schema"], node["alias"])) != node["description"]
    ]
    wrong += [
        f"{node['name']}.{name}"
        for node in models
        for name, column in node["columns"].items()
        if column["description"]
        and (node["schema"], node["alias"], name) in columns
        and columns[(node["schema"], node["alias"], name)] != column["description"]
    ]
    described = sum(1 for node in models for column in node["columns"].values() if column["description"])
    commented = sum(
        1 for key, comment in columns.items() if key[0] in {"staging", "intermediate", "marts", "audit"} and comment
    )
    return wrong, described, commented
