"""Seeds a build already holds, tested, are left out of the next build with their tests
(touchline/dbt/seed_state.py); a seed whose CSV or config changed is loaded again."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from tests.warehouse_snapshot import query, table_fingerprints
from touchline.commands.build import BuildFailed, run_build
from touchline.dbt.seed_state import manifest_seeds, unchanged_seeds
from touchline.generator import generate
from touchline.warehouse.publish import build_path


def _manifest(seeds: dict[str, tuple[str, dict]]) -> dict:
    return {
        "nodes": {
            f"seed.touchline.{name}": {
                "name": name,
                "resource_type": "seed",
                "schema": "seeds",
                "alias": name,
                "checksum": {"name": "sha256", "checksum": checksum},
                "config": config,
            }
            for name, (checksum, config) in seeds.items()
        }
    }


def _warehouse(path: Path, recorded: dict[str, tuple[str, dict]], tables: list[str]) -> Path:
    con = duckdb.connect(str(path))
    con.execute("create schema intermediate; create schema seeds")
    con.execute("create table intermediate.seed_state (seed_name varchar, checksum varchar, config_json varchar)")
    for name, (checksum, config) in recorded.items():
        con.execute("insert into intermediate.seed_state values (?, ?, ?)", [name, checksum, json.dumps(config)])
    for name in tables:
        con.execute(f"create table seeds.{name} (x integer)")
    con.close()
    return path


CONFIG = {"column_types": {"x": "integer"}, "schema": "seeds", "enabled": True, "tags": []}


def test_a_seed_is_unchanged_only_with_the_same_checksum_config_and_table(tmp_path: Path):
    current = {
        "same": ("aaa", CONFIG),
        "new_csv": ("bbb", CONFIG),
        "new_types": ("ccc", {**CONFIG, "column_types": {"x": "bigint"}}),
        "dropped": ("ddd", CONFIG),
        "never_recorded": ("eee", CONFIG),
    }
    recorded = {
        # a config that differs only in what does not shape the table still counts as the same
        "same": ("aaa", {**CONFIG, "tags": ["x"]}),
        "new_csv": ("old", CONFIG),
        "new_types": ("ccc", CONFIG),
        "dropped": ("ddd", CONFIG),
    }
    warehouse = _warehouse(tmp_path / "w.duckdb", recorded, ["same", "new_csv", "new_types", "never_recorded"])
    assert unchanged_seeds(warehouse, _manifest(current)) == ["same"]


def test_a_seed_a_test_reads_beside_a_model_is_loaded_again(tmp_path: Path):
    # --exclude would take the model's relationships test to the seed with it: that test
    # reads this build's rows, so the seed is not left out
    manifest = _manifest({"alone": ("aaa", CONFIG), "related": ("bbb", CONFIG)})
    manifest["nodes"]["test.touchline.relationships_model_to_related"] = {
        "resource_type": "test",
        "depends_on": {"nodes": ["model.touchline.some_model", "seed.touchline.related"]},
    }
    manifest["nodes"]["test.touchline.not_null_alone"] = {
        "resource_type": "test",
        "depends_on": {"nodes": ["seed.touchline.alone"]},
    }
    recorded = {"alone": ("aaa", CONFIG), "related": ("bbb", CONFIG)}
    warehouse = _warehouse(tmp_path / "w.duckdb", recorded, ["alone", "related"])
    assert unchanged_seeds(warehouse, manifest) == ["alone"]


def test_no_record_no_file_or_a_locked_file_loads_every_seed(tmp_path: Path):
    manifest = _manifest({"same": ("aaa", CONFIG)})
    assert unchanged_seeds(tmp_path / "missing.duckdb", manifest) == []
    bare = tmp_path / "bare.duckdb"
    duckdb.connect(str(bare)).close()
    assert unchanged_seeds(bare, manifest) == []
    held = _warehouse(tmp_path / "held.duckdb", {"same": ("aaa", CONFIG)}, ["same"])
    writer = duckdb.connect(str(held))  # another configuration of the file in this process
    try:
        assert unchanged_seeds(held, manifest) == []
    finally:
        writer.close()
    assert unchanged_seeds(held, manifest) == ["same"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("seeds")
    landing = root / "landing"
    generate(landing, days=10, visitors=150, seed=11, truth_dir=root / "truth")
    warehouse = root / "warehouse" / "touchline.duckdb"
    run_build(landing, warehouse, echo=lambda _line: None)
    return landing, warehouse


def _manifest_now() -> dict:
    from orchestration.project import touchline_project

    return json.loads(Path(touchline_project().manifest_path).read_text(encoding="utf-8"))


def _seed_lines(warehouse: Path) -> list[str]:
    log = sorted((warehouse.parent / "logs").glob("build-*.log"))[-1].read_text()
    # dbt's "N of M OK loaded seed file seeds.<name> ..." (one per seed it loaded)
    return [line for line in log.splitlines() if " loaded seed file " in line and " of " in line]


def test_a_build_records_its_seeds_and_the_next_builds_leave_them_out(built, monkeypatch):
    landing, warehouse = built
    names = sorted(manifest_seeds(_manifest_now()))
    assert len(names) >= 8
    # the first build loaded and tested every seed and recorded it as the project has it
    assert unchanged_seeds(warehouse, _manifest_now()) == names
    # Two more builds (the default currency spelled out: a changed setting, the same tables), so
    # that the second runs on a build file that recorded its seeds: it loads none.
    before = table_fingerprints(warehouse)
    for spelled in ("{reporting_currency: USD}", "{reporting_currency: 'USD'}"):
        monkeypatch.setenv("TOUCHLINE_DBT_VARS", spelled)
        run_build(landing, warehouse, echo=lambda _line: None)
    assert _seed_lines(warehouse) == []
    log = sorted((warehouse.parent / "logs").glob("build-*.log"))[-1].read_text()
    assert "seeds unchanged, not loaded again nor tested: " + ", ".join(names) in log
    # the seeds' tests are left out too (dbt's lines "N of M START test <name>" / "PASS <name>")
    assert not [line for line in log.splitlines() if " test not_null_classification_host_entries " in line]
    assert not [line for line in log.splitlines() if "PASS not_null_classification_host_entries " in line]
    assert table_fingerprints(warehouse) == before


def test_a_seed_the_build_file_holds_from_another_csv_is_loaded_again(built, monkeypatch):
    landing, warehouse = built
    monkeypatch.setenv("TOUCHLINE_DBT_VARS", "{reporting_currency: USD}")
    run_build(landing, warehouse, echo=lambda _line: None)  # the build file now recorded its seeds
    building = build_path(warehouse)
    expected = query(warehouse, "select count(*) from seeds.classification_junk_values")[0][0]
    # as if the build file's junk values came from an older CSV: fewer rows, another checksum
    con = duckdb.connect(str(building))
    con.execute("delete from seeds.classification_junk_values where rowid % 2 = 0")
    con.execute("update intermediate.seed_state set checksum = 'older' where seed_name = 'classification_junk_values'")
    con.close()
    monkeypatch.setenv("TOUCHLINE_DBT_VARS", "{reporting_currency: 'USD'}")
    run_build(landing, warehouse, echo=lambda _line: None)
    assert [line for line in _seed_lines(warehouse) if "classification_junk_values" in line]
    assert len(_seed_lines(warehouse)) == 1  # the others are still left out
    assert query(warehouse, "select count(*) from seeds.classification_junk_values")[0][0] == expected
    assert unchanged_seeds(warehouse, _manifest_now()) == sorted(manifest_seeds(_manifest_now()))


def test_a_build_whose_publish_step_is_skipped_fails(built, monkeypatch):
    # The bug this guards against: with the publish step depending on the seeds too, a build
    # that left them out had Dagster skip publishing (and the report) and still count as a
    # success. Whatever makes Dagster skip it, `touchline build` must fail and say so.
    from orchestration.assets import publish as publish_assets

    landing, warehouse = built
    monkeypatch.setenv("TOUCHLINE_DBT_VARS", "{reporting_currency: USD}")
    run_build(landing, warehouse, echo=lambda _line: None)  # the build file now recorded its seeds
    published = table_fingerprints(warehouse)
    monkeypatch.setattr(publish_assets, "built_assets", lambda dbt_assets: list(dbt_assets.keys))
    publish_assets.publish_warehouse.cache_clear()
    try:
        monkeypatch.setenv("TOUCHLINE_DBT_VARS", "{reporting_currency: 'USD'}")
        with pytest.raises(BuildFailed, match=r"did not publish: Dagster skipped warehouse__published"):
            run_build(landing, warehouse, echo=lambda _line: None)
    finally:
        monkeypatch.undo()
        publish_assets.publish_warehouse.cache_clear()
    assert table_fingerprints(warehouse) == published
