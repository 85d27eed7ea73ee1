"""Whether a DuckDB file is open in some session (an analyst's SQL tool, say), and by which
writer.

DuckDB takes a POSIX record lock on the file it opens: shared when read-only, exclusive when
writing. Asking for an exclusive open-file-description lock conflicts with either kind, held
by any process, this one included (DuckDB connections in the same Python process hold their
POSIX locks in this process's name, which a plain POSIX lock test would not see).
"""

from __future__ import annotations

import fcntl
import os
import struct
import sys
from pathlib import Path

# struct flock on 64-bit Linux: l_type, l_whence (short), l_start, l_len (off_t), l_pid (int);
# the kernel fills l_pid with 0 for open-file-description locks.
_FLOCK = "hhqqi"


def is_open_elsewhere(path: Path) -> bool:
    """True when some DuckDB session holds the file, or when that cannot be known here."""
    set_lock = getattr(fcntl, "F_OFD_SETLK", None)
    if set_lock is None or struct.calcsize("q") != 8:
        return True
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return True
    try:
        fcntl.fcntl(fd, set_lock, struct.pack(_FLOCK, fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0))
    except OSError:
        return True
    else:
        fcntl.fcntl(fd, set_lock, struct.pack(_FLOCK, fcntl.F_UNLCK, os.SEEK_SET, 0, 0, 0))
        return False
    finally:
        os.close(fd)


# struct flock where it is laid out otherwise: macOS and the BSDs put the offsets first.
_FLOCK_BSD = "qqihh"


def writer_pid(path: Path) -> int | None:
    """The process id of another process that has the DuckDB file open for writing, if any.

    A DuckDB writer holds an exclusive POSIX lock on its file, readers a shared one: asking
    whether a shared lock could be taken names the writer only. Locks of this process are not
    reported (POSIX locks never conflict with their own process). None when no other process
    writes the file, when the file does not exist, or where this cannot be asked.
    """
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        if sys.platform.startswith("linux") and struct.calcsize("q") == 8:
            layout, fields = _FLOCK, (fcntl.F_RDLCK, os.SEEK_SET, 0, 0, 0)
        elif sys.platform == "darwin" or "bsd" in sys.platform:
            layout, fields = _FLOCK_BSD, (0, 0, 0, fcntl.F_RDLCK, os.SEEK_SET)
        else:
            return None
        answer = struct.unpack(layout, fcntl.fcntl(fd, fcntl.F_GETLK, struct.pack(layout, *fields)))
    except OSError:
        return None
    finally:
        os.close(fd)
    lock_type, pid = (answer[0], answer[4]) if layout == _FLOCK else (answer[3], answer[2])
    return pid if lock_type == fcntl.F_WRLCK and pid > 0 else None
