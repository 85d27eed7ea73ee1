"""Publishing without copying the warehouse: the build file and the published file swap names,
and the next build catches the previous file up from the published one (touchline.warehouse.publish)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from tests.warehouse_snapshot import data_fingerprints, query
from touchline.commands.build import run_build
from touchline.generator import generate
from touchline.warehouse import publish as publishing
from touchline.warehouse.build_state import pending
from touchline.warehouse.publish import behind_marker, build_path, connect_published, ensure_build_file

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _land(source: Path, landing: Path, files: list[Path]) -> None:
    for rel in files:
        (landing / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / rel, landing / rel)


def _nightly_batches(source: Path) -> list[list[Path]]:
    """Everything but the last two days, then the day before last, then the last day."""
    files = sorted(p.relative_to(source) for p in source.rglob("*") if p.is_file())
    days = sorted({m.group() for p in files if (m := _DAY.search(p.name))})
    last, before_last = days[-1], days[-2]
    day_of = {p: (m.group() if (m := _DAY.search(p.name)) else None) for p in files}
    return [
        [p for p in files if day_of[p] not in (last, before_last)],
        [p for p in files if day_of[p] == before_last],
        [p for p in files if day_of[p] == last],
    ]


def _history(warehouse: Path) -> list[tuple]:
    return query(warehouse, "select load_id, file_path, content_hash, loaded_at from audit.load_audit order by load_id")


@pytest.fixture(scope="module")
def rotated(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("publish")
    source, landing = root / "source", root / "landing"
    generate(source, days=14, visitors=300, seed=3, truth_dir=root / "truth")
    warehouse = root / "warehouse" / "touchline.duckdb"
    seen: dict = {"warehouse": warehouse, "landing": landing}
    for number, batch in enumerate(_nightly_batches(source), start=1):
        _land(source, landing, batch)
        run_build(landing, warehouse, echo=lambda _line: None)
        seen[number] = {
            "published_inode": warehouse.stat().st_ino,
            "building_inode": build_path(warehouse).stat().st_ino,
            "behind": behind_marker(warehouse).exists(),
            "history": _history(warehouse),
            "seeds_left_out": "seeds unchanged, not loaded again nor tested" in _last_log(warehouse),
            "dbt_threads": re.findall(r"Concurrency: (\d+) threads", _last_log(warehouse)),
        }
    return seen


def _last_log(warehouse: Path) -> str:
    return sorted((warehouse.parent / "logs").glob("build-*.log"))[-1].read_text()


def test_publishing_swaps_the_files_instead_of_copying(rotated):
    # the first publish copies (there was nothing to swap with); from then on the two files
    # trade places, and the previous published file is the next build file
    assert rotated[2]["building_inode"] == rotated[1]["published_inode"]
    assert rotated[2]["published_inode"] == rotated[1]["building_inode"]
    assert rotated[3]["published_inode"] == rotated[1]["published_inode"]
    assert rotated[2]["behind"] and rotated[3]["behind"]


def test_builds_that_leave_the_seeds_out_publish(rotated):
    # The second and third builds run on build files that hold every seed, tested, so they
    # leave the seeds out (touchline.dbt.seed_state); the publish step follows the models,
    # not the seeds, so each still publishes its loads (it was once skipped, silently).
    assert not rotated[1]["seeds_left_out"]
    assert rotated[2]["seeds_left_out"] and rotated[3]["seeds_left_out"]
    assert len(rotated[3]["history"]) > len(rotated[2]["history"]) > len(rotated[1]["history"])
    assert pending(rotated["landing"], rotated["warehouse"]).nothing_new


def test_a_nightly_runs_two_dbt_nodes_at_once_and_a_first_build_one(rotated):
    # a day's files are a fourteenth of the landed bytes: a small increment (touchline build);
    # the first build has no published file to compare with, so it runs the profile's one
    assert rotated[1]["dbt_threads"] == ["1"]
    assert rotated[2]["dbt_threads"] == ["2"] and rotated[3]["dbt_threads"] == ["2"]


def test_nightly_builds_keep_every_comment(rotated):
    # A nightly writes only the comments its tables lack (macros/docs/persist_docs.sql): the
    # incremental tables of a caught-up file keep the ones an earlier build wrote, the tables
    # created again get theirs; the third build's published file carries every description.
    from tests.warehouse_snapshot import comment_mismatches

    wrong, described, commented = comment_mismatches(rotated["warehouse"])
    assert wrong == [] and commented >= described * 0.9


def test_a_caught_up_file_keeps_the_load_history(rotated):
    # the third build wrote the file published by the first: the second build's loads were
    # copied into it as they were (same load ids, same loaded_at), not loaded again
    second, third = rotated[2]["history"], rotated[3]["history"]
    assert len(third) > len(second) > len(rotated[1]["history"])
    assert third[: len(second)] == second


def test_a_caught_up_file_builds_the_same_warehouse_as_a_full_rebuild(rotated, tmp_path: Path):
    warehouse = rotated["warehouse"]
    rebuilt = tmp_path / "rebuilt.duckdb"
    shutil.copy(warehouse, rebuilt)
    run_build(rotated["landing"], rebuilt, full_refresh=True, echo=lambda _line: None)
    nightly, full = data_fingerprints(warehouse), data_fingerprints(rebuilt)
    assert sorted(name for name in nightly if nightly[name] != full.get(name)) == []
    assert nightly == full


def _warehouse_pair(tmp_path: Path, published_rows: int, building_rows: int) -> Path:
    """A published file and a build file one build behind it, loader tables only."""
    from touchline.landing.schema import create_all

    warehouse = tmp_path / "touchline.duckdb"
    for path, rows in ((warehouse, published_rows), (build_path(warehouse), building_rows)):
        con = duckdb.connect(str(path))
        create_all(con)
        for load_id in range(1, rows + 1):
            con.execute(
                "insert into audit.load_audit (load_id, file_path, content_hash, kind, status, reason, records_read, "
                "records_loaded, records_quarantined, loaded_at) values (?, ?, 'hash', 'fx', 'loaded', null, 1, 1, 0, "
                "timestamp '2026-11-01' + to_days(?))",
                [load_id, f"fx/rates-{load_id}.csv", load_id],
            )
            con.execute(
                "insert into raw.fx values (?, ?, 1, date '2026-11-01', 'EUR', 1.1)",
                [load_id, f"fx/rates-{load_id}.csv"],
            )
        con.close()
    behind_marker(warehouse).touch()
    return warehouse


def test_catching_up_copies_only_the_missing_loads(tmp_path: Path):
    warehouse = _warehouse_pair(tmp_path, published_rows=3, building_rows=2)
    inode = build_path(warehouse).stat().st_ino
    ensure_build_file(warehouse)
    assert build_path(warehouse).stat().st_ino == inode
    assert not behind_marker(warehouse).exists()
    assert query(build_path(warehouse), "select load_id from raw.fx order by 1") == [(1,), (2,), (3,)]


def test_a_build_file_open_in_a_session_is_replaced_by_a_copy(tmp_path: Path):
    warehouse = _warehouse_pair(tmp_path, published_rows=3, building_rows=2)
    analyst = duckdb.connect(str(build_path(warehouse)), read_only=True)
    try:
        ensure_build_file(warehouse)
        # the analyst keeps reading the file they opened; the build got its own copy
        assert analyst.execute("select count(*) from raw.fx").fetchone()[0] == 2
    finally:
        analyst.close()
    assert query(build_path(warehouse), "select count(*) from raw.fx") == [(3,)]


def test_diverged_histories_are_replaced_by_a_copy(tmp_path: Path):
    # after a full refresh the load ids start again: the old file is not a prefix of the new one
    warehouse = _warehouse_pair(tmp_path, published_rows=2, building_rows=2)
    con = duckdb.connect(str(warehouse))
    con.execute("update audit.load_audit set loaded_at = loaded_at + interval 1 hour where load_id = 1")
    con.close()
    inode = build_path(warehouse).stat().st_ino
    ensure_build_file(warehouse)
    assert build_path(warehouse).stat().st_ino != inode
    assert _history(build_path(warehouse)) == _history(warehouse)


def test_the_previous_build_is_never_published_again(tmp_path: Path):
    warehouse = _warehouse_pair(tmp_path, published_rows=3, building_rows=2)
    with pytest.raises(FileExistsError, match="nothing new to publish"):
        publishing.publish(warehouse)
    assert query(warehouse, "select count(*) from raw.fx") == [(3,)]


def test_without_an_atomic_swap_the_build_file_is_copied(tmp_path: Path, monkeypatch):
    warehouse = _warehouse_pair(tmp_path, published_rows=2, building_rows=3)
    behind_marker(warehouse).unlink()
    monkeypatch.setattr(publishing, "_exchange", lambda a, b: False)
    publishing.publish(warehouse)
    assert not behind_marker(warehouse).exists()
    assert query(warehouse, "select count(*) from raw.fx") == [(3,)]
    assert query(build_path(warehouse), "select count(*) from raw.fx") == [(3,)]


def test_a_long_lived_reader_sees_new_builds_through_connect_published(tmp_path: Path, monkeypatch):
    warehouse = _warehouse_pair(tmp_path, published_rows=2, building_rows=3)
    behind_marker(warehouse).unlink()
    notebook = duckdb.connect(str(warehouse), read_only=True)  # open across the publish
    try:
        publishing.publish(warehouse)
        # DuckDB hands a process the database it already has open for that path: the old build
        again = duckdb.connect(str(warehouse), read_only=True)
        assert again.execute("select count(*) from raw.fx").fetchone()[0] == 2
        again.close()
        fresh = connect_published(warehouse)
        try:
            assert fresh.execute("select count(*) from raw.fx").fetchone()[0] == 3
            assert fresh.execute("select count(*) from touchline.raw.fx").fetchone()[0] == 3
            with pytest.raises(duckdb.Error, match="read-only"):
                fresh.execute("create table raw.scratch (x int)")
        finally:
            fresh.close()
        assert notebook.execute("select count(*) from raw.fx").fetchone()[0] == 2
    finally:
        notebook.close()
    monkeypatch.setenv("TOUCHLINE_WAREHOUSE", str(warehouse))
    default = connect_published()
    assert default.execute("select count(*) from raw.fx").fetchone()[0] == 3
    default.close()
    with pytest.raises(FileNotFoundError, match="touchline build"):
        connect_published(tmp_path / "missing.duckdb")
