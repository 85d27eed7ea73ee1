"""How a tracker's event format declares its mapping as SQL (touchline/sources/events_sql.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SqlEvents:
    """The mapping in `touchline/sources/sql/events_<query>.sql`, reading a text file's lines
    (`reads="tsv"`) or JSON items (`reads="json"`: JSON lines, or a Parquet file's rows as
    JSON); `macros`: statements run first (`sql/<name>.sql`, temp macros)."""

    query: str
    reads: str
    macros: tuple[str, ...] = ()
