"""Ending a finished command without taking its interpreter apart object by object.

A build's process holds Dagster, dagster-dbt and dbt's imports (and the standby dbt also
pandas and scipy): hundreds of thousands of objects. When the work is done, CPython's normal
exit frees them one at a time, module by module: measured on a 2 M-event nightly, 1.1-1.3 s
after the build's last line in `touchline build`, and ~0.8 s between dbt's last line and its
process ending (docs/benchmarks.md, issue 20's twelfth round). The operating system reclaims
the whole process at once, so a finished command ends with `os._exit` instead, after doing
what a normal exit does that matters:

- the exit handlers run (`logging` flushes and closes its files, dbt-duckdb closes its
  database, Dagster's and DuckDB's own);
- stdout and stderr are flushed.

A thread other than daemons still running would be cut off by `os._exit`; a normal exit
waits for it, so then the exit is the normal one.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import threading
from typing import NoReturn


def exit_now(code: int | None) -> NoReturn:
    """End this process with `code` (None is 0, as for sys.exit): exit handlers run and
    streams flushed, no teardown."""
    if code is None:
        code = 0
    if not isinstance(code, int) or _other_threads_running():
        sys.exit(code)
    # Private, but the only way to run the handlers a normal exit runs, in the same order
    # (tests/test_fast_exit.py proves they run).
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        with contextlib.suppress(Exception):
            if stream is not None:
                stream.flush()
    os._exit(code)


def _other_threads_running() -> bool:
    current = threading.current_thread()
    return any(thread is not current and thread.is_alive() and not thread.daemon for thread in threading.enumerate())
