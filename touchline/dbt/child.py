"""`touchline-dbt`: dbt's own command line, in a process that dies with the build that started it.

A build runs `dbt build` as a child process (dagster-dbt starts it). If the build is killed
(`kill -9`, the out-of-memory killer, a closed terminal), nothing stops that child: it would
keep writing the build file, and the next build would find the file locked. So the build
starts dbt through this entry point (a console script beside `dbt`, pyproject.toml), which
runs dbt in-process after arranging to die with the build:

- on Linux, `prctl(PR_SET_PDEATHSIG, SIGKILL)`: the kernel kills this process the moment the
  thread that started it ends, whatever way the build dies;
- everywhere (macOS has no such call), a watchdog thread that checks once a second whether
  the build is still its parent, and kills this process when it is not.

The build names itself in $TOUCHLINE_BUILD_PID, so a build that died before this process got
this far is noticed too (its parent is then already someone else). dbt's own work is
unchanged: same arguments, same output, same exit code. When the build started a standby dbt
ahead of its command, this process hands the command to it (touchline.dbt.standby). A dbt killed half-way leaves the
build file as DuckDB's write-ahead log recovers it (every model is written in a transaction)
and the next build catches up (docs/architecture.md, Incremental builds).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Callable

from touchline.fast_exit import exit_now

BUILD_PID_ENV = "TOUCHLINE_BUILD_PID"
_PR_SET_PDEATHSIG = 1
_WATCH_SECONDS = 1.0


def main() -> None:
    parent = int(os.environ.get(BUILD_PID_ENV) or os.getppid())
    die_with(parent)
    from touchline.dbt import standby

    if sys.argv[1:2] == ["--standby"] and len(sys.argv) == 3:
        standby.serve(int(sys.argv[2]))  # started ahead by the build (touchline.dbt.standby)
        return
    # a standby dbt the build started ahead runs the command, or this process does
    code = standby.hand_over(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    from dbt.cli.main import cli

    sys.argv[0] = "dbt"
    code = dbt_exit_code(cli)
    close_warehouse()
    exit_now(code)


def dbt_exit_code(cli: Callable[[], object]) -> int:
    """Run dbt's command line (it ends by raising SystemExit) and return its exit code."""
    from touchline.dbt import quiet_events

    quiet_events.install()  # lines no logger writes are not built (touchline.dbt.quiet_events)
    try:
        result = cli()
    except SystemExit as stop:
        result = stop.code
    if result is None:
        return 0
    return result if isinstance(result, int) else 1


def close_warehouse() -> None:
    """Close the DuckDB database dbt-duckdb keeps open for the life of the process.

    dbt-duckdb shares one database between its connections and lets go of it only at
    interpreter exit. Closed here, the file is checkpointed and unlocked before this process
    reports dbt's exit code, and the process can end at once (touchline.fast_exit): the build
    publishes the file next."""
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:
        return
    environment = DuckDBConnectionManager._ENV
    if environment is None:
        return
    # A database that fails to close keeps its write-ahead log, which the next opener replays
    # (the build's publish step does, before it renames the file): as after any exit.
    with contextlib.suppress(Exception):
        environment.close()


def die_with(parent: int) -> None:
    """Kill this process when `parent` stops being its parent (the build ended or died)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (AttributeError, OSError):
            pass  # the watchdog below still holds
    if os.getppid() != parent:
        _die()
    threading.Thread(target=_watch, args=(parent,), name="touchline-die-with-build", daemon=True).start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_WATCH_SECONDS)
    _die()


def _die() -> None:
    stop_now(f"the build that started dbt (pid {os.environ.get(BUILD_PID_ENV)}) is gone")


def stop_now(reason: str) -> None:
    """Say why on stderr, then end this process at once (SIGKILL: no cleanup that could hang)."""
    print(f"touchline-dbt: {reason}; stopping", file=sys.stderr, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    main()
