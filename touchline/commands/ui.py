"""`touchline ui`: start the Dagster UI (and the daemon that runs the schedule).

`dagster dev` runs in a process group of its own with its webserver, daemon and code
server. A stop request (SIGTERM from systemd or `kill`, SIGINT from Ctrl-C, SIGHUP from a
closed terminal) is passed on as the interrupt `dagster dev` shuts down on, and whatever of
the group is still alive after a grace period is killed: nothing outlives `touchline ui`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from types import FrameType

from touchline import settings
from touchline.commands.dagster_home import ensure_dagster_home, write_workspace

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
# `dagster dev` stops its webserver and daemon in a few seconds; past this, the group is killed.
GRACE_SECONDS = 15.0


def run_ui(landing: Path, warehouse: Path, *, port: int, echo=print) -> int:
    settings.require_landing(landing)  # a mistyped --landing fails here, naming the setting
    os.environ[settings.LANDING_ENV] = str(landing)
    os.environ[settings.WAREHOUSE_ENV] = str(warehouse)
    settings.ensure_warehouse_folder(warehouse, echo)
    home = ensure_dagster_home(warehouse)
    workspace = write_workspace(home)

    echo(f"Dagster UI on http://localhost:{port} (instance in {home}); the nightly schedule runs while this is up")
    dagster = Path(sys.executable).with_name("dagster")
    # From the instance folder, so `dagster dev` reads its dagster.yaml and no other; the
    # workspace file names the code location `touchline`, as the repository's pyproject does.
    process = subprocess.Popen(
        [str(dagster), "dev", "--workspace", str(workspace), "--port", str(port)],
        cwd=home,
        env=dict(os.environ),
        start_new_session=True,
    )
    return supervise(process, echo=echo)


def supervise(process: subprocess.Popen, *, echo=print, grace_seconds: float = GRACE_SECONDS) -> int:
    """Wait for `process` (the leader of its own process group); on a stop signal, interrupt
    it, then kill what is left of its group. Returns its exit code, 0 after a requested stop."""
    stop = threading.Event()

    def request_stop(signum: int, _frame: FrameType | None) -> None:
        stop.set()

    previous = {s: signal.signal(s, request_stop) for s in STOP_SIGNALS}
    try:
        while process.poll() is None and not stop.is_set():
            stop.wait(0.5)
        if stop.is_set() and process.poll() is None:
            echo("stopping the Dagster UI ...")
            process.send_signal(signal.SIGINT)  # what dagster dev shuts down cleanly on
            try:
                process.wait(timeout=grace_seconds)
            except subprocess.TimeoutExpired:
                echo(f"the Dagster UI did not stop within {grace_seconds:.0f} s: killing it")
        kill_group(process.pid)
        process.wait()
        return 0 if stop.is_set() else process.returncode
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def kill_group(pgid: int) -> None:
    """SIGKILL every process left in the group (a webserver or code server that hangs)."""
    with contextlib.suppress(ProcessLookupError):  # the group is already empty
        os.killpg(pgid, signal.SIGKILL)
