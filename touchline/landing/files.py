"""Finding landed files, naming them, hashing them and opening them (gzip or not)."""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import warnings
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

try:
    from isal import igzip
except ImportError:  # an environment installed before isal was a dependency
    igzip = None  # type: ignore[assignment]

from touchline.landing.schema import KIND_TABLES
from touchline.landing.values import redact_path

# Which file names each landing folder accepts (landing.md).
SUFFIXES: dict[str, tuple[str, ...]] = {
    "pixel": (".jsonl", ".jsonl.gz"),
    "orders": (".csv", ".csv.gz"),
    "refunds": (".csv", ".csv.gz"),
    "spend": (".csv", ".csv.gz"),
    "fx": (".csv", ".csv.gz"),
}
assert SUFFIXES.keys() == KIND_TABLES.keys()

_GZIP_MAGIC = b"\x1f\x8b"


class FileRejected(Exception):
    """The whole file can't be read; str(exc) is the reason recorded in audit.load_audit."""


class LinkOutside(OSError):
    """A symbolic link out of the landing folder: never followed, recorded as rejected."""

    def __init__(self) -> None:
        super().__init__("symbolic link to outside the landing folder: not followed")


@dataclass(frozen=True)
class LandedFile:
    path: Path
    # posix path relative to the landing folder, with any email-like part hashed
    # (values.redact_path): the file's name in every table and in the run log
    rel_path: str
    kind: str  # the landing folder: pixel, orders, refunds, spend, fx
    link_outside: bool = False  # a symbolic link (to a file or folder) out of the landing folder

    @property
    def supported(self) -> bool:
        return self.rel_path.lower().endswith(SUFFIXES[self.kind])

    @property
    def gzipped(self) -> bool:
        return self.rel_path.lower().endswith(".gz")

    def unsupported_reason(self) -> str:
        wanted = " or ".join(f"*{suffix}" for suffix in SUFFIXES[self.kind])
        return f"unsupported file type {Path(self.rel_path).name!r} in {self.kind}/ (expected {wanted})"


def discover(landing_dir: Path) -> list[LandedFile]:
    """Every non-hidden file under the kind folders, at any depth, in sorted path order.

    Hidden files and folders (a leading '.') are skipped: uploaders write partial files
    under such names before renaming them into place. A symbolic link is followed only when
    it resolves inside the landing folder; one out of it (to a file or a folder) is listed
    with `link_outside` and never opened, read or walked into (the loader rejects it).
    """
    landing_dir = Path(landing_dir)
    real_root = Path(os.path.realpath(landing_dir))
    found: list[LandedFile] = []

    def landed(path: Path, kind: str, link_outside: bool = False) -> LandedFile:
        return LandedFile(path, redact_path(path.relative_to(landing_dir).as_posix()), kind, link_outside)

    for kind in SUFFIXES:
        root = landing_dir / kind
        if root.is_symlink() and not _inside(root, real_root):
            found.append(landed(root, kind, link_outside=True))
            continue
        if not root.is_dir():
            continue
        walked: set[str] = set()  # real folders already walked: a link back up is not a loop
        for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
            real = os.path.realpath(dirpath)
            if real in walked:
                dirnames[:] = []
                continue
            walked.add(real)
            inside = []
            for name in dirnames:
                if name.startswith("."):
                    continue
                path = Path(dirpath) / name
                if path.is_symlink() and not _inside(path, real_root):
                    found.append(landed(path, kind, link_outside=True))
                else:
                    inside.append(name)
            dirnames[:] = inside
            for name in filenames:
                if name.startswith("."):
                    continue
                path = Path(dirpath) / name
                if path.is_symlink() and not _inside(path, real_root):
                    found.append(landed(path, kind, link_outside=True))
                elif path.is_file():
                    found.append(landed(path, kind))
    found.sort(key=lambda landed: landed.rel_path)
    return found


def _inside(path: Path, real_root: Path) -> bool:
    real = Path(os.path.realpath(path))
    return real == real_root or real_root in real.parents


def content_hash(path: Path) -> str:
    """sha256 of the file's raw bytes: a file is known by its content, not its name."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def open_landed(landed: LandedFile) -> BinaryIO:
    """The file's decompressed bytes as a stream; read errors surface through `read_errors`."""
    if landed.gzipped:
        return open_gzip(landed.path)
    handle = landed.path.open("rb")
    if handle.read(2) == _GZIP_MAGIC:
        handle.close()
        raise FileRejected("gzip-compressed content in a file without a .gz extension")
    handle.seek(0)
    return handle


def open_gzip(path: Path) -> BinaryIO:
    """A gzip file's decompressed bytes, by ISA-L when it is installed (_GzipStream)."""
    if igzip is None:
        _warn_without_isal()
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return _GzipStream(path)  # type: ignore[return-value]


def _warn_without_isal() -> None:
    """An environment installed before isal was a dependency reads .gz files with the standard
    library, as it used to (the same bytes and errors, about twice the CPU): reinstall
    (`pip install -e .`) to get it."""
    warnings.warn("isal is missing (reinstall touchline): .gz files are read more slowly", stacklevel=3)


class _GzipStream(io.BufferedIOBase):
    """A .gz file's decompressed bytes, as `gzip.open` gives them, decompressed by ISA-L.

    isal's igzip inflates about twice as fast as the standard library's zlib (the pixel files
    of a 2 M-event folder: 1.26 against 2.64 CPU s, docs/benchmarks.md). Its errors differ in
    type and wording from gzip's (and trailing garbage reads as a truncated stream), while the
    reason a rejected file gets comes from gzip's (read_error_reason). So at igzip's first
    error the stream goes on with gzip from the same decompressed offset: a valid stream gives
    the same bytes either way, and a bad one the error gzip gives.
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._path = path
        self._fast: BinaryIO | None = igzip.open(path, "rb")  # type: ignore[assignment]
        self._slow: BinaryIO | None = None
        self._offset = 0  # decompressed bytes handed out by igzip

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        return self._call("read", size)

    def read1(self, size: int = -1) -> bytes:
        return self._call("read1", size)

    def readline(self, size: int | None = -1) -> bytes:
        # (io's default reads one byte a call: a vendor file's head is read line by line)
        return self._call("readline", size)

    def _call(self, method: str, size: int | None) -> bytes:
        if self._fast is not None:
            try:
                data = getattr(self._fast, method)(size)
            except Exception:
                # whatever igzip raised, gzip decides: read to here again, then go on with it
                self._fast.close()
                self._fast = None
                self._slow = gzip.open(self._path, "rb")  # type: ignore[assignment]  # noqa: SIM115 (closed by close())
                self._slow.seek(self._offset)  # type: ignore[union-attr]
            else:
                self._offset += len(data)
                return data
        return getattr(self._slow, method)(size)  # type: ignore[no-any-return]

    def close(self) -> None:
        for stream in (self._fast, self._slow):
            if stream is not None:
                stream.close()
        super().close()


def read_error_reason(exc: BaseException) -> str | None:
    """A clear reason for an error raised while reading a file, or None if it isn't one."""
    if isinstance(exc, LinkOutside):
        return str(exc)
    if isinstance(exc, EOFError):
        return "truncated gzip: the compressed stream ends before its end marker"
    if isinstance(exc, gzip.BadGzipFile):
        return f"corrupt gzip: {exc}"
    if isinstance(exc, zlib.error):
        return f"corrupt gzip: {exc}"
    if isinstance(exc, OSError):
        return f"cannot read file: {exc.strerror or exc}"
    return None
