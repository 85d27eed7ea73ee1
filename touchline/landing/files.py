"""Finding landed files, naming them, hashing them and opening them (gzip or not)."""

from __future__ import annotations

import gzip
import hashlib
import os
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

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
        return gzip.open(landed.path, "rb")  # type: ignore[return-value]
    handle = landed.path.open("rb")
    if handle.read(2) == _GZIP_MAGIC:
        handle.close()
        raise FileRejected("gzip-compressed content in a file without a .gz extension")
    handle.seek(0)
    return handle


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
