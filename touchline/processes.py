"""Whether a process still runs, for files named after the process that wrote them."""

from __future__ import annotations

import os


def pid_running(pid: int) -> bool:
    """True while a process with this pid exists (also another user's, which we may not signal)."""
    try:
        os.kill(pid, 0)  # signal 0: nothing is sent, the pid is only checked
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
