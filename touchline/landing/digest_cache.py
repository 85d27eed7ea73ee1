"""The landed files' SHA-256, remembered with the file's identity on disk.

A file is known by the SHA-256 of its bytes (docs/landing.md), and a build asks twice whether
a file is new: `touchline build`'s "anything new?" check and the loader. Reading every landed
file for that costs ~2.3 s a time at 10 M events (1.2 GB), most of a build with nothing new
(docs/benchmarks.md). So each digest is kept beside the warehouse
(`<warehouse>.digests.json`) with the file's device, inode, size, modification time and
change time, and reused while all five are the same.

Why that is safe: any write to a file sets its change time (`st_ctime_ns`), which no program
can set back (`touch -d` and copies that keep the modification time still set it to now);
replacing a file by another (a rename, a re-download) changes the inode. What the file
system's clock cannot tell apart is two writes within one of its ticks (a few milliseconds),
so a digest is only remembered for a file whose change time is at least `_SETTLED_NS` older
than the moment its hashing started, and whose identity did not change while it was read (a
file still being written, like git's "racily clean" index entries): such a file is read again
by the next build. A missing, unreadable or foreign cache file is an empty cache.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from touchline.landing.files import content_hash

_VERSION = 1
# A file changed less than this before its hashing started is not remembered (see above).
_SETTLED_NS = 2_000_000_000

_Identity = tuple[int, int, int, int, int]  # device, inode, size, mtime_ns, ctime_ns


def digest_cache_path(warehouse: Path) -> Path:
    """Where the digests of the files built into `warehouse` are kept."""
    return warehouse.with_name(warehouse.name + ".digests.json")


class DigestCache:
    """SHA-256 of files by path, from the cache file when the file is unchanged since."""

    def __init__(self, path: Path | None, *, now_ns=time.time_ns) -> None:
        self.path = path
        self._now_ns = now_ns
        self._stored = _read(path) if path is not None else {}
        self._used: dict[str, tuple[_Identity, str]] = {}
        self.hashed = 0  # files read this run (the rest came from the cache)

    def digest(self, file: Path) -> str:
        """The SHA-256 hex digest of `file`'s bytes; raises OSError when it cannot be read."""
        key = os.path.abspath(file)
        before = _identity(file)
        stored = self._stored.get(key)
        if stored is not None and stored[0] == before:
            self._used[key] = stored
            return stored[1]
        started_ns = self._now_ns()
        digest = content_hash(file)
        self.hashed += 1
        if _identity(file) == before and before[4] <= started_ns - _SETTLED_NS:
            self._used[key] = (before, digest)
        return digest

    def save(self) -> None:
        """Keep the digests of the files looked up this run (files gone since are forgotten).

        Best effort: a cache that cannot be written costs the next build a re-read, nothing else.
        Nothing is written when the file already holds exactly these (the nothing-new check,
        then the loader, in one build; every build with nothing new)."""
        if self.path is None or (self._used == self._stored and self.path.exists()):
            return
        entries = {key: [*identity, digest] for key, (identity, digest) in sorted(self._used.items())}
        partial = self.path.with_name(f".{self.path.name}.{os.getpid()}.partial")
        try:
            partial.write_text(json.dumps({"version": _VERSION, "files": entries}) + "\n")
            partial.replace(self.path)
        except OSError:
            partial.unlink(missing_ok=True)


def _identity(file: Path) -> _Identity:
    st = file.stat()
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _read(path: Path) -> dict[str, tuple[_Identity, str]]:
    try:
        data = json.loads(path.read_text())
        if data.get("version") != _VERSION:
            return {}
        return {
            key: ((int(v[0]), int(v[1]), int(v[2]), int(v[3]), int(v[4])), str(v[5]))
            for key, v in data["files"].items()
        }
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return {}
