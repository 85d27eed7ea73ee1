"""Warehouses written before file paths were redacted: their stored paths, redacted in place.

Earlier loaders stored a landed file's path as it was, so `orders/export_jane@example.com.csv`
sat in audit.load_audit, raw.*, audit.quarantine and every table built from them. The loader
now names a file by its redacted path (values.redact_path); this rewrites the old names once,
so no table keeps a plain address and the files are still known by their (path, content).
"""

from __future__ import annotations

import duckdb

from touchline.landing.values import redact_path

# Paths that may hold an address (values.may_hold_email, in SQL).
_MAY_HOLD_EMAIL = "(contains(file_path, '@') or contains(file_path, '%40') or contains(file_path, '%25'))"


def redact_stored_paths(con: duckdb.DuckDBPyConnection) -> int:
    """Rewrite every stored file path that holds an address; return how many paths changed.

    Every file the loader ever saw has a row in audit.load_audit, so the paths to rewrite are
    found there (a small table) and then replaced in every table with a `file_path` column.
    """
    stored = con.execute(f"select distinct file_path from audit.load_audit where {_MAY_HOLD_EMAIL}").fetchall()
    renames = [(old, redact_path(old)) for (old,) in stored]
    renames = [(old, new) for old, new in renames if new != old]
    if not renames:
        return 0
    tables = con.execute(
        "select table_schema, table_name from information_schema.columns "
        "join information_schema.tables using (table_catalog, table_schema, table_name) "
        "where column_name = 'file_path' and table_type = 'BASE TABLE' and table_catalog = current_database()"
    ).fetchall()
    con.execute("begin transaction")
    try:
        for schema, table in tables:
            for old, new in renames:
                con.execute(f'update "{schema}"."{table}" set file_path = ? where file_path = ?', [new, old])
        for old, new in renames:  # `same content as <path>`
            con.execute(
                "update audit.load_audit set reason = replace(reason, ?, ?) where contains(reason, ?)", [old, new, old]
            )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return len(renames)
