"""Whether a DuckDB file is open in some session (an analyst's SQL tool, say).

DuckDB takes a POSIX record lock on the file it opens: shared when read-only, exclusive when
writing. Asking for an exclusive open-file-description lock conflicts with either kind, held
by any process, this one included (DuckDB connections in the same Python process hold their
POSIX locks in this process's name, which a plain POSIX lock test would not see).
"""

from __future__ import annotations

import fcntl
import os
import struct
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
