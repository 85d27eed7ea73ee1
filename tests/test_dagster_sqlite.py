"""Dagster's SQLite files during a build: no sync per commit, no checkpoint per close, nothing lost."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from touchline.commands.dagster_sqlite import sqlite_without_sync_per_event


def _wal_file(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("pragma journal_mode = wal")
    con.execute("create table events (id integer primary key, body text)")
    con.commit()
    con.close()


def _write_like_dagster(path: Path, body: str) -> int:
    # Dagster's pattern (SqliteEventLogStorage._connect): a new engine per write, NullPool,
    # one transaction, then dispose. Returns the connection's synchronous setting.
    engine = create_engine(f"sqlite:///{path}", poolclass=NullPool)
    with engine.connect() as conn, conn.begin():
        conn.execute(text("insert into events (body) values (:body)"), {"body": body})
        synchronous = conn.execute(text("pragma synchronous")).scalar_one()
    engine.dispose()
    return synchronous


def test_files_under_home_commit_without_sync_and_keep_their_log(tmp_path):
    home, elsewhere = tmp_path / "dagster_home", tmp_path / "other"
    home.mkdir()
    elsewhere.mkdir()
    inside, outside = home / "index.db", elsewhere / "index.db"
    _wal_file(inside)
    _wal_file(outside)
    wal = inside.with_name(inside.name + "-wal")

    with sqlite_without_sync_per_event(home):
        settings = [_write_like_dagster(inside, f"event {n}") for n in range(5)]
        outside_setting = _write_like_dagster(outside, "not ours")
        # the closes were not the last ones: the log was not checkpointed away
        assert wal.exists() and wal.stat().st_size > 0
        # a reader sees every committed event while the build runs
        reader = sqlite3.connect(inside)
        assert reader.execute("select count(*) from events").fetchone()[0] == 5
        reader.close()

    # every write under home ran with synchronous=NORMAL (1); elsewhere SQLite's default FULL (2)
    assert settings == [1] * 5
    assert outside_setting == 2
    # after the build, the last close checkpointed the log into the file: nothing lost
    assert not wal.exists() or wal.stat().st_size == 0
    con = sqlite3.connect(inside)
    assert [body for (body,) in con.execute("select body from events order by id")] == [f"event {n}" for n in range(5)]
    con.close()
    # and the listener is gone: a new connection gets the default again
    assert _write_like_dagster(inside, "after") == 2


def test_a_file_being_created_gets_no_keeper_until_it_is_in_wal_mode(tmp_path):
    home = tmp_path / "dagster_home"
    home.mkdir()
    path = home / "new-run.db"
    with sqlite_without_sync_per_event(home):
        # Dagster's first connection to a new run's file creates the tables, then switches to WAL
        engine = create_engine(f"sqlite:///{path}", poolclass=NullPool)
        with engine.connect() as conn, conn.begin():
            conn.execute(text("create table events (id integer primary key, body text)"))
        with engine.connect() as conn:
            assert conn.execute(text("pragma journal_mode = wal")).scalar_one() == "wal"
        engine.dispose()
        assert _write_like_dagster(path, "first event") == 1
    con = sqlite3.connect(path)
    assert con.execute("select body from events").fetchall() == [("first event",)]
    con.close()


def test_a_run_stores_every_event_through_one_engine_per_file(tmp_path, monkeypatch):
    # Dagster's SQLite event log opens a new engine and connection for every read and write;
    # within one_engine_per_event_file each file gets one, and a later instance (the UI) reads
    # every event of the run, its asset materializations and the run's success.
    from dagster import AssetCheckResult, AssetKey, DagsterInstance, asset, asset_check, materialize
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from touchline.commands.dagster_sqlite import one_engine_per_event_file

    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    monkeypatch.setenv("DAGSTER_HOME", str(home))

    @asset
    def first() -> int:
        return 1

    @asset
    def second(first: int) -> int:
        return first + 1

    @asset_check(asset=second)
    def second_is_two(second):
        return AssetCheckResult(passed=second == 2)

    opened: list[str] = []

    def count(dbapi_connection, _record) -> None:
        opened.append(_main_file_name(dbapi_connection))

    event.listen(Engine, "connect", count)
    try:
        with DagsterInstance.get() as instance:
            # Dagster's own pattern: the baseline
            before = materialize([first, second, second_is_two], instance=instance)
            baseline = len(opened)
            opened.clear()
            with one_engine_per_event_file(instance):
                result = materialize([first, second, second_is_two], instance=instance)
            kept = [name for name in opened if name != "runs.db"]
    finally:
        event.remove(Engine, "connect", count)
    assert result.success
    assert baseline > 20  # a connection per event and more
    # the run's file once; the index once, and once for each table Dagster checks for before
    # storing an asset event or check result (`has_table`: the tags' and the checks' tables)
    assert [name for name in kept if name != "index.db"] == [f"{result.run_id}.db"]
    assert len(kept) <= 4, kept
    with DagsterInstance.get() as reader:
        run = reader.get_run_by_id(result.run_id)
        assert run is not None and run.is_success
        # the same events stored as by Dagster's own pattern
        kinds = [[entry.dagster_event_type for entry in reader.all_logs(run.run_id)] for run in (before, result)]
        assert kinds[0] == kinds[1] and len(kinds[1]) > 15
        for key in ("first", "second"):
            latest = reader.get_latest_materialization_event(AssetKey(key))
            assert latest is not None and latest.run_id == result.run_id


def _main_file_name(connection) -> str:
    for _seq, name, file in connection.execute("pragma database_list").fetchall():
        if name == "main":
            return Path(file).name
    return ""
