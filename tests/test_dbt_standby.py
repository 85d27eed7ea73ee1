"""The standby dbt a build starts ahead of its command (touchline.dbt.standby): the command's
output, exit code and signals go where they would without it, and it never outlives its front."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from touchline.dbt.standby import STANDBY_ENV, dbt_standby

TOUCHLINE_DBT = str(Path(sys.executable).with_name("touchline-dbt"))
_PATIENCE = 120.0


def _front(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [TOUCHLINE_DBT, *args],
        env=env or dict(os.environ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # as dagster-dbt's dbt: SIGTERM acted on, whatever this test process ignores
        preexec_fn=lambda: signal.signal(signal.SIGTERM, signal.SIG_DFL),
    )


def _waiting_operation(root: Path) -> list[str]:
    """A dbt command that runs until it is stopped: a macro whose query takes minutes, in a
    project of its own (DuckDB in memory), so the test never depends on how fast dbt is."""
    (root / "macros").mkdir(parents=True)
    (root / "macros" / "wait_long.sql").write_text(
        "{% macro wait_long() %}{% do run_query('select count(*) from range(100000000000) t(i) where i % 7 = 3') %}"
        "{% endmacro %}\n"
    )
    (root / "dbt_project.yml").write_text('name: waiting\nversion: "1.0"\nprofile: waiting\n')
    (root / "profiles.yml").write_text(
        "waiting:\n  target: memory\n  outputs:\n    memory:\n      type: duckdb\n      path: ':memory:'\n"
    )
    folder = str(root)
    return [
        "run-operation",
        "wait_long",
        "--project-dir",
        folder,
        "--profiles-dir",
        folder,
        "--target-path",
        folder + "/target",
    ]


def test_the_standby_runs_the_fronts_command_with_its_output_and_exit_code():
    with dbt_standby(TOUCHLINE_DBT, os.getpid()) as standby:
        assert standby is not None
        front = _front("no-such-command")
        out, err = front.communicate(timeout=_PATIENCE)
        # dbt's own usage error, written into the front's stderr by the standby
        assert front.returncode == 2 and "No such command 'no-such-command'" in err, (out, err)
        assert standby.wait(timeout=_PATIENCE) == 2  # the standby ran it, and is done
        # a second command finds no standby and runs dbt itself
        again = _front("--version")
        out, err = again.communicate(timeout=_PATIENCE)
        assert again.returncode == 0 and "installed: " in out, (out, err)
    assert STANDBY_ENV not in os.environ


def test_a_front_without_a_standby_runs_dbt_itself(tmp_path: Path):
    front = _front("--version", env={**os.environ, STANDBY_ENV: str(tmp_path / "nobody.sock")})
    out, err = front.communicate(timeout=_PATIENCE)
    assert front.returncode == 0 and "installed: " in out, (out, err)


def test_an_unused_standby_is_stopped_when_the_block_ends():
    with dbt_standby(TOUCHLINE_DBT, os.getpid()) as standby:
        socket_path = Path(os.environ[STANDBY_ENV])
    assert standby is not None and standby.returncode is not None
    assert not socket_path.exists() and not socket_path.parent.exists()


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_the_standby_stops_with_its_front(tmp_path: Path, how: signal.Signals):
    # SIGKILL: the front's end of the socket closes and the standby notices; SIGTERM (how
    # dagster-dbt stops dbt): the front passes it on. The standby is started with SIGTERM
    # ignored, which it inherits (a CI worker did): it must take the front's dispositions.
    previous = signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        started = dbt_standby(TOUCHLINE_DBT, os.getpid())
        standby = started.__enter__()
    finally:
        signal.signal(signal.SIGTERM, previous)
    with contextlib.ExitStack() as stack:
        stack.push(started)
        assert standby is not None
        front = _front(*_waiting_operation(tmp_path / "project"))
        assert "Running with dbt=" in front.stdout.readline()  # the standby took the command
        time.sleep(0.5)
        assert standby.poll() is None
        front.send_signal(how)
        front.communicate(timeout=_PATIENCE)
        # stopped part-way: the query alone takes minutes
        assert front.returncode != 0
        assert standby.wait(timeout=_PATIENCE) != 0


def test_the_standbys_warm_up_imports_what_the_mmm_model_would_import_mid_build():
    # int_mmm_fit, a dbt Python model, imports pandas, the MMM and scipy when it runs: a
    # standby has them in memory before the build's dbt command reaches it
    modules = ["pandas", "touchline.mmm.nightly", "scipy.signal", "scipy.optimize"]
    check = (
        "import sys\n"
        "from touchline.dbt.standby import _preload\n"
        f"assert not any(m in sys.modules for m in {modules[1:]!r})\n"
        "_preload()\n"
        f"print(sorted(m for m in {modules!r} if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=_PATIENCE)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == str(sorted(modules))


def test_a_standby_folder_left_by_a_killed_build_is_removed_by_the_next(monkeypatch):
    # A build killed with SIGKILL leaves its socket folder; the next build removes the folders
    # of builds that no longer run, and keeps those of builds that do
    import shutil
    import tempfile

    # a short temporary folder: a Unix socket's path is limited to ~100 bytes
    tmp_path = Path(tempfile.mkdtemp(prefix="tl-"))
    try:
        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
        gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
        stale = tmp_path / f"touchline-dbt-standby-{int(gone.stdout)}-x1"
        running = tmp_path / f"touchline-dbt-standby-{os.getpid()}-x2"
        other = tmp_path / "touchline-dbt-standby-notapid-x3"
        for folder in (stale, running, other):
            folder.mkdir()
            (folder / "standby.sock").touch()
        with dbt_standby(TOUCHLINE_DBT, os.getpid()):
            left = sorted(p.name for p in tmp_path.iterdir())
        assert stale.name not in left
        assert running.name in left and other.name in left
        # and its own, named after this build, is gone after the block
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted([running.name, other.name])
    finally:
        shutil.rmtree(tmp_path, ignore_errors=True)


def test_the_standby_closes_the_warehouse_before_the_front_ends(tmp_path: Path):
    # The build publishes the file dbt wrote as soon as its dbt command ends: by then the
    # database must be closed (checkpointed, no write-ahead log left), though the standby
    # ends without the interpreter's teardown (touchline.fast_exit)
    root = tmp_path / "project"
    (root / "macros").mkdir(parents=True)
    (root / "macros" / "write_one.sql").write_text(
        "{% macro write_one() %}{% do run_query('create table answer as select 42 as x') %}{% endmacro %}\n"
    )
    (root / "dbt_project.yml").write_text('name: writing\nversion: "1.0"\nprofile: writing\n')
    warehouse = tmp_path / "written.duckdb"
    (root / "profiles.yml").write_text(
        f"writing:\n  target: file\n  outputs:\n    file:\n      type: duckdb\n      path: '{warehouse}'\n"
    )
    folder = str(root)
    options = ["--project-dir", folder, "--profiles-dir", folder, "--target-path", folder + "/target"]
    with dbt_standby(TOUCHLINE_DBT, os.getpid()) as standby:
        assert standby is not None
        front = _front("run-operation", "write_one", *options)
        out, err = front.communicate(timeout=_PATIENCE)
        assert front.returncode == 0, (out, err)
        assert not Path(f"{warehouse}.wal").exists()
        assert standby.wait(timeout=_PATIENCE) == 0
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert con.execute("select x from answer").fetchall() == [(42,)]
    finally:
        con.close()
