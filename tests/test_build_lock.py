"""The build lock (touchline.warehouse.build_lock) and touchline-dbt's dying with its build
(touchline.dbt.child), without building anything: tests/test_build_faults.py has the builds."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import duckdb
import pytest

from touchline.settings import REPO_ROOT
from touchline.warehouse.build_lock import BuildLockTimeout, build_lock
from touchline.warehouse.files_in_use import writer_pid
from touchline.warehouse.publish import _copy_over, build_path

_PATIENCE = 120.0


def _wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + _PATIENCE
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


def _python(code: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stdin=subprocess.PIPE,
        text=True,
    )


def _leftover_writer(database: Path) -> subprocess.Popen:
    """Another process writing `database` (as a killed build's dbt would) until told to stop."""
    writer = _python(
        """
        import sys, duckdb
        con = duckdb.connect(sys.argv[1])
        con.execute("create table if not exists t (x int)")
        print("writing", flush=True)
        sys.stdin.read()
        """,
        str(database),
    )
    assert writer.stdout.readline().strip() == "writing"
    return writer


def test_a_build_waits_for_a_process_still_writing_the_build_file(tmp_path: Path):
    warehouse = tmp_path / "touchline.duckdb"
    writer = _leftover_writer(build_path(warehouse))
    assert writer_pid(build_path(warehouse)) == writer.pid
    messages: list[str] = []
    entered = threading.Event()

    def build() -> None:
        with build_lock(warehouse, messages.append):
            entered.set()
            duckdb.connect(str(build_path(warehouse))).close()  # no Conflicting lock

    thread = threading.Thread(target=build)
    thread.start()
    _wait_for(lambda: messages, "the build to say what it waits for")
    assert f"waiting for process {writer.pid}" in messages[0]
    assert not entered.is_set()
    writer.communicate("")  # the leftover ends
    thread.join(_PATIENCE)
    assert entered.is_set() and writer_pid(build_path(warehouse)) is None


def test_a_writer_that_does_not_end_is_named(tmp_path: Path):
    warehouse = tmp_path / "touchline.duckdb"
    writer = _leftover_writer(build_path(warehouse))
    try:
        with (
            pytest.raises(BuildLockTimeout, match=rf"process {writer.pid} still writes .*kill {writer.pid}"),
            build_lock(warehouse, wait_seconds=0),
        ):
            pass
    finally:
        writer.communicate("")


def test_one_build_at_a_time_across_processes(tmp_path: Path):
    warehouse = tmp_path / "touchline.duckdb"
    other = """
        import sys
        from pathlib import Path
        from touchline.warehouse.build_lock import BuildLockTimeout, build_lock
        try:
            with build_lock(Path(sys.argv[1]), wait_seconds=0):
                print("built")
        except BuildLockTimeout as exc:
            print("refused:", exc)
        """
    with build_lock(warehouse):
        held = _python(other, str(warehouse)).communicate()[0]
    free = _python(other, str(warehouse)).communicate()[0]
    assert held.startswith("refused: another build held") and free.strip() == "built"


@pytest.mark.parametrize("how", ["parent-death signal", "watchdog"])
def test_touchline_dbt_dies_with_the_build_that_started_it(how: str):
    # A stand-in build starts a stand-in dbt with die_with, then is killed with SIGKILL. The
    # watchdog is what macOS gets (no parent-death signal there).
    build = _python(
        """
        import subprocess, sys, time
        child = '''
        import os, sys, time
        import touchline.dbt.child as dbt_child
        if sys.argv[1] == "watchdog":
            sys.platform = "darwin"  # no prctl
        else:
            dbt_child._WATCH_SECONDS = 3600  # the kernel's signal alone
        dbt_child.die_with(int(sys.argv[2]))
        print(os.getpid(), flush=True)
        time.sleep(600)
        '''
        dbt = subprocess.Popen([sys.executable, "-c", child, sys.argv[1], str(__import__("os").getpid())],
                               stdout=subprocess.PIPE, text=True)
        print(dbt.stdout.readline().strip(), flush=True)
        time.sleep(600)
        """,
        how,
    )
    dbt_pid = int(build.stdout.readline())
    assert _alive(dbt_pid)
    build.kill()
    build.wait()
    _wait_for(lambda: not _alive(dbt_pid), "the stand-in dbt to die with its build")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")


def test_a_stale_write_ahead_log_is_not_replayed_into_a_fresh_copy(tmp_path: Path):
    published, building = tmp_path / "touchline.duckdb", tmp_path / "touchline.building.duckdb"
    con = duckdb.connect(str(published))
    con.execute("create table t as select 1 as x")
    con.close()
    stale = duckdb.connect(str(building))
    stale.execute("create table t as select 2 as x")
    stale.close()
    Path(f"{building}.wal").write_bytes(b"left by a killed build")
    _copy_over(published, building)
    assert not Path(f"{building}.wal").exists()
    check = duckdb.connect(str(building), read_only=True)
    assert check.execute("select x from t").fetchall() == [(1,)]
    check.close()
