"""One build at a time per warehouse, for the whole build: loader, dbt and publish.

A build holds an exclusive `flock` on `<warehouse>.lock` (`touchline.duckdb.lock`) from its
first step to its last, so a second build (the schedule firing during a manual `touchline
build`, a sensor run) waits for the whole first build instead of slipping its loader in
between the first build's loader and its dbt. The kernel releases the lock when the process
holding it dies, also on `kill -9`, so a killed build never leaves a lock behind.

A killed build can leave a process behind that still writes the build file: the `dbt build`
it started, on a system where the child could not be told to die with it (see
touchline.dbt.child), or one whose guard was killed too. DuckDB would refuse the next build
with `Conflicting lock`; so once a build holds the lock it waits for any other writer of the
build file to go away (it is by definition left over: only the lock's holder may write that
file), and names it if it does not.
"""

from __future__ import annotations

import contextlib
import fcntl
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from touchline.warehouse.files_in_use import writer_pid
from touchline.warehouse.publish import build_path

# How long a build waits for another one (a nightly build of a large store takes an hour or
# two) and for a leftover writer of the build file to finish, before it gives up.
LOCK_WAIT_SECONDS = 6 * 3600
_POLL_SECONDS = 0.5


class BuildLockTimeout(TimeoutError):
    """Another build, or a process left by a killed one, kept the warehouse too long."""


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock")


@contextlib.contextmanager
def build_lock(
    warehouse: Path, log: Callable[[str], None] | None = None, *, wait_seconds: float = LOCK_WAIT_SECONDS
) -> Iterator[None]:
    """Hold the warehouse's build lock, waiting for another build and for leftover writers."""
    path = lock_path(warehouse)
    deadline = time.monotonic() + wait_seconds
    # Opened close-on-exec (Python's default): children must not keep the lock past the build.
    with open(path, "a+") as handle:
        _wait(
            lambda: _try_lock(handle.fileno()),
            deadline,
            log,
            f"waiting for another build to release {path}",
            f"another build held {path} for {wait_seconds:.0f} s; gave up waiting",
        )
        try:
            _wait_for_leftover_writer(build_path(warehouse), deadline, log)
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _wait_for_leftover_writer(building: Path, deadline: float, log: Callable[[str], None] | None) -> None:
    pid = writer_pid(building)
    if pid is None:
        return
    _wait(
        lambda: writer_pid(building) is None,
        deadline,
        log,
        f"waiting for process {pid}, left running by a build that was stopped, to let go of {building}",
        f"process {pid} still writes {building}: a build that was stopped left it running. "
        f"Stop it (kill {pid}) and build again",
    )


def _wait(ready: Callable[[], bool], deadline: float, log, waiting: str, gave_up: str) -> None:
    told = False
    while not ready():
        if time.monotonic() > deadline:
            raise BuildLockTimeout(gave_up)
        if log is not None and not told:
            log(waiting)
            told = True
        time.sleep(_POLL_SECONDS)
