"""The loader's static SQL, kept in `touchline/landing/sql/*.sql` where the SQL linter reads
it (.ci/sqlfluff) rather than in Python strings.

The files hold whole statements. Values reach them only as DuckDB's named parameters
(`$load_id`, `$earliest_at`, ...), bound by `con.execute(sql, {...})`, never pasted into the
text; the temp tables and macros they name are fixed names the Python side registers.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def loader_sql(name: str, package: str = "touchline.landing") -> str:
    """The text of `sql/<name>.sql` of `package` (read once per process); the source formats'
    SQL is `touchline.sources`'."""
    return resources.files(package).joinpath("sql", f"{name}.sql").read_text(encoding="utf-8")
