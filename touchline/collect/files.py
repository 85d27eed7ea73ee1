"""Landed pixel files: appended under a hidden name, renamed into place when finished.

The loader and the new-files sensor skip hidden names, so they never see a file that is still
being written. A file is finished when its rotation period (default: the UTC hour) ends, when
it reaches the size limit, and when the collector stops; `recover_unfinished` finishes the
files a collector that died (kill -9, power loss) left behind.
"""

from __future__ import annotations

import os
import re
import socket
import time
from datetime import UTC, datetime
from pathlib import Path

from touchline.durable import fsync_path
from touchline.processes import pid_running

OPEN_SUFFIX = ".jsonl.open"
_HOST = re.sub(r"[^A-Za-z0-9.]+", "-", socket.gethostname()) or "host"


def _finish(hidden: Path) -> Path | None:
    """Rename a hidden file to its landed name; an empty file is removed instead."""
    final = hidden.with_name(hidden.name[1:].removesuffix(OPEN_SUFFIX) + ".jsonl")
    if hidden.stat().st_size == 0:
        hidden.unlink()
        return None
    os.rename(hidden, final)
    fsync_path(hidden.parent)
    return final


class PixelFiles:
    """The one file this collector appends to; writes are whole lines, one write() each."""

    def __init__(self, pixel_dir: Path, *, rotate_seconds: int = 3600, max_bytes: int = 64 * 1024 * 1024) -> None:
        if rotate_seconds < 1:
            raise ValueError("rotate_seconds must be at least 1")
        if max_bytes < 1024:
            raise ValueError("max_bytes must be at least 1024")
        self.pixel_dir = pixel_dir
        self.rotate_seconds = rotate_seconds
        self.max_bytes = max_bytes
        self.finished: list[Path] = []
        self._fd: int | None = None
        self._hidden: Path | None = None
        self._period = -1
        self._size = 0
        self._seq = 0

    def write(self, data: bytes, now: float | None = None) -> None:
        """Append `data` (complete lines) to the current file, opening or rotating as due."""
        now = time.time() if now is None else now
        period = int(now // self.rotate_seconds)
        if self._fd is not None and (period != self._period or self._size + len(data) > self.max_bytes):
            self.close()
        if self._fd is None:
            self._open(now, period)
        assert self._fd is not None
        view = memoryview(data)
        while view:
            written = os.write(self._fd, view)
            view = view[written:]
        self._size += len(data)

    def rotate_if_due(self, now: float | None = None) -> None:
        """Finish the open file once its period is over, even when no event arrives."""
        now = time.time() if now is None else now
        if self._fd is not None and int(now // self.rotate_seconds) != self._period:
            self.close()

    def close(self) -> None:
        """Flush to disk and rename the open file into place (idempotent)."""
        if self._fd is None or self._hidden is None:
            return
        fd, hidden = self._fd, self._hidden
        self._fd = self._hidden = None
        os.fsync(fd)
        os.close(fd)
        final = _finish(hidden)
        if final is not None:
            self.finished.append(final)

    @property
    def open_path(self) -> Path | None:
        return self._hidden

    def _open(self, now: float, period: int) -> None:
        stamp = datetime.fromtimestamp(now, UTC)
        self._seq += 1
        folder = self.pixel_dir / stamp.strftime("%Y-%m-%d")
        folder.mkdir(parents=True, exist_ok=True)
        name = f".events-{stamp:%Y%m%dT%H%M%S}Z-{_HOST}-{os.getpid()}-{self._seq:05d}{OPEN_SUFFIX}"
        self._hidden = folder / name
        self._fd = os.open(self._hidden, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
        self._period = period
        self._size = 0


def recover_unfinished(pixel_dir: Path) -> list[Path]:
    """Finish the hidden files of collectors on this host that are no longer running.

    A torn last line (the process died inside a write) is cut off; every complete line stays.
    Files of other hosts are left alone: their collector may still be writing them.
    """
    recovered: list[Path] = []
    if not pixel_dir.is_dir():
        return recovered
    pattern = re.compile(rf"\.events-\d{{8}}T\d{{6}}Z-{re.escape(_HOST)}-(\d+)-\d+{re.escape(OPEN_SUFFIX)}")
    for hidden in sorted(pixel_dir.rglob(f".events-*{OPEN_SUFFIX}")):
        match = pattern.fullmatch(hidden.name)
        pid = int(match.group(1)) if match else 0
        # Our own pid at start-up is a previous run's (a container's collector is often pid 1).
        if not match or (pid != os.getpid() and pid_running(pid)):
            continue
        data = hidden.read_bytes()
        end = data.rfind(b"\n") + 1
        if end != len(data):
            with hidden.open("r+b") as handle:
                handle.truncate(end)
        final = _finish(hidden)
        if final is not None:
            recovered.append(final)
    return recovered
