"""Tables and views on DuckDB are replaced in one transaction, without dbt-duckdb's renames
(dbt_project/macros/materializations/duckdb_replace.sql): the same rows, nothing left behind,
and a model that fails to build leaves its old relation as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from touchline.dbt.cli import DbtError, run_dbt

# a SQL table, a view and a Python table, with the table each reads
TABLE, TABLE_PARENT = "intermediate.int_fx_rate_periods", "staging.stg_fx_rates"
VIEW, VIEW_PARENT = "marts.sessions", "intermediate.int_attribution_person_sessions"
PYTHON = "intermediate.int_mmm_fit"


def _copy(warehouse: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy.duckdb"
    shutil.copy(warehouse, copy)
    return copy


def _rows(warehouse: Path, relations: list[str]) -> dict[str, int]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {name: con.execute(f"select count(*) from {name}").fetchone()[0] for name in relations}


def _leftovers(warehouse: Path) -> list[str]:
    """Relations a build names while it works (`x__dbt_tmp`, `x__dbt_backup`)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return [
            name
            for (name,) in con.execute(
                "select table_name from duckdb_tables() union all select view_name from duckdb_views()"
            ).fetchall()
            if "__dbt_" in name
        ]


def _rename(warehouse: Path, pairs: list[tuple[str, str]]) -> None:
    with duckdb.connect(str(warehouse)) as con:
        for relation, new_name in pairs:
            con.execute(f"alter table {relation} rename to {new_name}")


def test_tables_views_and_python_models_are_replaced_without_renames(demo_warehouse: Path, tmp_path: Path):
    copy = _copy(demo_warehouse, tmp_path)
    before = _rows(copy, [TABLE, VIEW, PYTHON])
    select = ["run", "--debug", "--select", *(name.split(".")[1] for name in (TABLE, VIEW, PYTHON))]
    output = run_dbt(select, copy, target_path=tmp_path / "target")
    assert f"OK created sql table model {TABLE}" in output, output[-3000:]
    assert f"OK created sql view model {VIEW}" in output, output[-3000:]
    assert f"OK created python table model {PYTHON}" in output, output[-3000:]
    # the old relation is dropped and the new one created in the same transaction; only the
    # Python model, which writes its table from a cursor of its own, renames it into place
    renames = [line for line in output.splitlines() if " rename to " in line]
    assert len(renames) == 1 and "int_mmm_fit__dbt_tmp" in renames[0], renames
    assert "__dbt_backup" not in output
    assert _rows(copy, [TABLE, VIEW, PYTHON]) == before
    assert _leftovers(copy) == []


def test_a_table_or_view_that_fails_to_build_keeps_the_old_one(demo_warehouse: Path, tmp_path: Path):
    copy = _copy(demo_warehouse, tmp_path)
    before = _rows(copy, [TABLE, VIEW])
    # both models fail once their parents are gone, after the old relation was dropped
    _rename(copy, [(TABLE_PARENT, "away_fx"), (VIEW_PARENT, "away_sessions")])
    with pytest.raises(DbtError) as failed:
        run_dbt(["run", "--select", "int_fx_rate_periods", "sessions"], copy, target_path=tmp_path / "target")
    assert "ERROR=2" in str(failed.value), str(failed.value)[-3000:]
    _rename(
        copy,
        [("staging.away_fx", TABLE_PARENT.split(".")[1]), ("intermediate.away_sessions", VIEW_PARENT.split(".")[1])],
    )
    assert _rows(copy, [TABLE, VIEW]) == before
    assert _leftovers(copy) == []
