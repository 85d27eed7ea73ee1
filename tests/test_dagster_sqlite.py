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
