"""The landing loader's entry point: every new file under the landing folder -> raw.* and audit.*.

Loading is idempotent (landing.md): a file is known by the sha256 of its bytes, a known
(path, content) pair is skipped without a trace, and the same content under a new path is
recorded once as `skipped_duplicate` and loads nothing.
"""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import duckdb

from touchline import settings
from touchline.landing import audit, lake, schema
from touchline.landing.audit import FileOutcome, KnownFiles
from touchline.landing.date_window import DateWindow, using_window
from touchline.landing.digest_cache import DigestCache
from touchline.landing.file_load import GroupAborted, load_file
from touchline.landing.files import LandedFile, LinkOutside, discover, open_landed, read_error_reason
from touchline.landing.pixel import BotDetector
from touchline.landing.record_limit import using_limit
from touchline.landing.schema import KIND_TABLES
from touchline.landing.stored_paths import redact_stored_paths
from touchline.landing.text_blocks import BlockPrefetcher
from touchline.sources.recognise import Recognised, recognise


@dataclass(frozen=True)
class LoadSummary:
    files_seen: int = 0  # every landed file found, including the ones loaded by earlier runs
    files_loaded: int = 0
    files_rejected: int = 0
    files_skipped_duplicate: int = 0
    records_read: int = 0
    records_loaded: int = 0
    records_quarantined: int = 0
    records_loaded_by_kind: dict[str, int] = field(default_factory=dict)  # pixel, orders, ...

    @property
    def files_already_loaded(self) -> int:
        """Files whose (path, content) an earlier run already recorded: left untouched."""
        return self.files_seen - self.files_loaded - self.files_rejected - self.files_skipped_duplicate


def load_landing(
    landing_dir: Path,
    con: duckdb.DuckDBPyConnection,
    *,
    full_refresh: bool = False,
    progress: Callable[[str], None] | None = None,
    date_window: DateWindow | None = None,
    max_record_bytes: int | None = None,
    lake_root: Path | None = None,
    digest_cache: Path | None = None,
) -> LoadSummary:
    """Load every new file of `landing_dir` into the warehouse behind `con`.

    Records dated outside `date_window` (default: the settings' window as of now) are
    quarantined; a bad window setting raises ConfigError before anything is written. A record
    longer than `max_record_bytes` (default: TOUCHLINE_MAX_RECORD_BYTES) is quarantined by
    its length alone.

    With `lake_root`, every committed load is also written there as Parquet (touchline.landing.lake),
    and the build file and the lake are first brought to the same loads.

    With `digest_cache`, the files' SHA-256 are read from and kept in that file
    (touchline.landing.digest_cache) instead of reading every landed file each run.
    """
    window = date_window or DateWindow.from_settings()
    limit = settings.max_record_bytes() if max_record_bytes is None else max_record_bytes
    # Python's CSV reader refuses fields over 128 KiB; DuckDB's fast path has no such limit,
    # so both read any field of a record within the record limit alike.
    csv.field_size_limit(max(csv.field_size_limit(), limit))
    with _quiet(con), using_window(window), using_limit(limit):
        return _load_all(Path(landing_dir), con, full_refresh, progress, lake_root, DigestCache(digest_cache))


@contextmanager
def _quiet(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """No DuckDB progress bars on stdout while bulk inserts run: the loader reports per file."""
    [(was_enabled,)] = con.execute("select current_setting('enable_progress_bar')").fetchall()
    con.execute("set enable_progress_bar = false")
    try:
        yield
    finally:
        con.execute(f"set enable_progress_bar = {'true' if was_enabled else 'false'}")


def _load_all(
    landing_dir: Path,
    con: duckdb.DuckDBPyConnection,
    full_refresh: bool,
    progress: Callable[[str], None] | None,
    lake_root: Path | None,
    digests: DigestCache,
) -> LoadSummary:
    if full_refresh:
        # The lake first: killed between the two, the next run writes the old loads back to
        # the lake from the build file, and the two still agree.
        if lake_root is not None:
            lake.discard(lake_root)
        schema.drop_all(con)
    schema.create_all(con)
    redact_stored_paths(con)
    if lake_root is not None:
        written, copied = lake.sync(con, lake_root)
        if (written or copied) and progress is not None:
            progress(f"lake {lake_root}: {written} loads written from the build file, {copied} copied from the lake")
    files = discover(landing_dir)
    run = _Run(con, KnownFiles.read(con), BotDetector(), _hash_all(files, digests), lake_root)
    digests.save()
    files = _originals_first(files, run.digests, run.known)
    load_id = audit.next_load_id(con)
    run.prefetcher = BlockPrefetcher(run.expected_pixel_files(files), _opener(files))
    outcomes: list[tuple[str, FileOutcome]] = []
    try:
        for group in _groups(files):
            loaded = _load_group(run, group, load_id)
            if lake_root is not None:  # committed in the build file: now visible in the lake
                lake.write_loads(con, lake_root, range(load_id, load_id + len(loaded)))
            for landed, outcome in loaded:
                load_id += 1
                outcomes.append((landed.kind, outcome))
                if progress is not None:
                    progress(_progress_line(landed, outcome))
    finally:
        run.prefetcher.close()
    return _summarise(len(files), outcomes)


@dataclass
class _Run:
    """What every file of one loader run shares."""

    con: duckdb.DuckDBPyConnection
    known: KnownFiles
    bots: BotDetector
    digests: dict[str, str | OSError]  # rel_path -> sha256 of the content, or why it can't be read
    lake_root: Path | None = None
    prefetcher: BlockPrefetcher | None = None
    sources: dict[str, Recognised | None] = field(default_factory=dict)  # rel_path -> its vendor format

    def source(self, landed: LandedFile) -> Recognised | None:
        """The vendor format `landed` is in (None: the landing contract's own), recognised once
        per run: the read-ahead list needs it before the file's load does."""
        if landed.rel_path not in self.sources:
            self.sources[landed.rel_path] = recognise(landed)
        return self.sources[landed.rel_path]

    def expected_pixel_files(self, files: list[LandedFile]) -> list[str]:
        """The pixel files this run will most likely load, in load order, for the read-ahead
        thread (a file that turns out to be a duplicate is read for nothing, nothing worse)."""
        expected = []
        for landed in files:
            digest = self.digests[landed.rel_path]
            if (
                landed.kind == "pixel"
                and landed.supported
                and isinstance(digest, str)
                and (landed.rel_path, digest) not in self.known.pairs
                and digest not in self.known.loaded_paths
                # a tracker's export is read by its format's own reader: read ahead, its blocks
                # were decompressed and split for nothing (~0.8 G instructions per 100k events)
                and self.source(landed) is None
            ):
                expected.append(landed.rel_path)
        return expected


def _hash_all(files: list[LandedFile], digests: DigestCache) -> dict[str, str | OSError]:
    by_path: dict[str, str | OSError] = {}
    for landed in files:
        if landed.link_outside:
            by_path[landed.rel_path] = LinkOutside()  # never read
            continue
        try:
            by_path[landed.rel_path] = digests.digest(landed.path)
        except OSError as exc:
            by_path[landed.rel_path] = exc
    return by_path


def original_rank(rel_path: str) -> tuple[int, int, str]:
    """Among files with the same bytes, the lowest rank is the original and loads; the others
    are `skipped_duplicate`. Every way of copying a file adds to its name (`x (copy).csv`,
    `x - Copy.csv`, `x (1).csv`, `x copy 2.csv`, `Copy of x.csv`), so the shortest name wins,
    then the shortest path (a copy in a sub-folder), then the path that sorts first."""
    return (len(rel_path.rsplit("/", 1)[-1]), len(rel_path), rel_path)


def _originals_first(files: list[LandedFile], digests: dict[str, str | OSError], known: KnownFiles) -> list[LandedFile]:
    """`files` in path order, except that among new files with the same bytes the original
    (original_rank) takes the first of their places, so it is the one loaded. A content an
    earlier run loaded stays loaded from its first path."""
    places: dict[str, list[int]] = {}
    for index, landed in enumerate(files):
        digest = digests[landed.rel_path]
        if (
            isinstance(digest, str)
            and digest not in known.loaded_paths
            and (landed.rel_path, digest) not in known.pairs
        ):
            places.setdefault(digest, []).append(index)
    ordered = list(files)
    for indexes in places.values():
        if len(indexes) > 1:
            ranked = sorted((files[i] for i in indexes), key=lambda landed: original_rank(landed.rel_path))
            for index, landed in zip(indexes, ranked, strict=True):
                ordered[index] = landed
    return ordered


def _opener(files: list[LandedFile]) -> Callable[[str], BinaryIO]:
    by_path = {landed.rel_path: landed for landed in files}
    return lambda rel_path: open_landed(by_path[rel_path])


# Files committed together. One commit per file made DuckDB write every file's rows to its
# write-ahead log and then again at each checkpoint; a transaction of many files holds
# enough rows for DuckDB to write them straight into the database file, once. But DuckDB
# keeps much of an open transaction's rows in memory: groups of up to 512 MB of landed
# (gzipped) bytes took the loader to 3.9 GiB at 10 M events, 64 MB (still ~1 M events a
# group) to 2.2 GiB, in the same time (docs/benchmarks.md, issue 20).
_GROUP_FILES = 64
_GROUP_BYTES = 64 * 1024 * 1024


def _groups(files: list[LandedFile]) -> Iterator[list[LandedFile]]:
    group: list[LandedFile] = []
    size = 0
    for landed in files:
        with contextlib.suppress(OSError):  # _load_one records why it can't be read
            size += 0 if landed.link_outside else landed.path.stat().st_size
        group.append(landed)
        if len(group) >= _GROUP_FILES or size >= _GROUP_BYTES:
            yield group
            group, size = [], 0
    if group:
        yield group


def _load_group(run: _Run, group: list[LandedFile], load_id: int) -> list[tuple[LandedFile, FileOutcome]]:
    """Load a group of files in one transaction; if one of them fails, roll back and load
    each file in a transaction of its own, so a bad file is rejected alone (landing.md)."""
    saved = run.known.copy()
    run.con.execute("begin transaction")
    try:
        loaded = _load_files(run, group, load_id, own_transactions=False)
    except GroupAborted:
        run.con.execute("rollback")
        run.known.restore(saved)
        return _load_files(run, group, load_id, own_transactions=True)
    run.con.execute("commit")
    return loaded


def _load_files(
    run: _Run, group: list[LandedFile], load_id: int, *, own_transactions: bool
) -> list[tuple[LandedFile, FileOutcome]]:
    loaded = []
    for landed in group:
        outcome = _load_one(run, landed, load_id, own_transaction=own_transactions)
        if outcome is not None:
            loaded.append((landed, outcome))
            load_id += 1
    return loaded


def _load_one(run: _Run, landed: LandedFile, load_id: int, *, own_transaction: bool) -> FileOutcome | None:
    """The outcome recorded for `landed`, or None when an earlier run already recorded it."""
    con, known = run.con, run.known
    digest = run.digests[landed.rel_path]
    if isinstance(digest, OSError):
        outcome = FileOutcome(audit.REJECTED, read_error_reason(digest) or f"cannot read file: {digest}")
        audit.record(con, load_id, landed.rel_path, "", landed.kind, outcome)
        return outcome
    if (landed.rel_path, digest) in known.pairs:
        return None
    known.pairs.add((landed.rel_path, digest))
    first_path = known.loaded_paths.get(digest)
    if first_path is not None:
        outcome = FileOutcome(audit.SKIPPED_DUPLICATE, f"same content as {first_path}")
        audit.record(con, load_id, landed.rel_path, digest, landed.kind, outcome)
        return outcome
    outcome = load_file(
        con,
        landed,
        load_id,
        digest,
        run.bots,
        run.source(landed),
        own_transaction=own_transaction,
        prefetcher=run.prefetcher,
    )
    if outcome.status == audit.LOADED:
        known.loaded_paths[digest] = landed.rel_path
    return outcome


def _progress_line(landed: LandedFile, outcome: FileOutcome) -> str:
    if outcome.status == audit.LOADED:
        return f"loaded {landed.rel_path}: {outcome.records_loaded} records, {outcome.records_quarantined} quarantined"
    if outcome.status == audit.SKIPPED_DUPLICATE:
        return f"skipped {landed.rel_path}: {outcome.reason}"
    return f"rejected {landed.rel_path}: {outcome.reason}"


def _summarise(files_seen: int, outcomes: list[tuple[str, FileOutcome]]) -> LoadSummary:
    by_kind = dict.fromkeys(KIND_TABLES, 0)
    for kind, outcome in outcomes:
        by_kind[kind] += outcome.records_loaded
    statuses = [outcome.status for _, outcome in outcomes]
    return LoadSummary(
        files_seen=files_seen,
        files_loaded=statuses.count(audit.LOADED),
        files_rejected=statuses.count(audit.REJECTED),
        files_skipped_duplicate=statuses.count(audit.SKIPPED_DUPLICATE),
        records_read=sum(outcome.records_read for _, outcome in outcomes),
        records_loaded=sum(outcome.records_loaded for _, outcome in outcomes),
        records_quarantined=sum(outcome.records_quarantined for _, outcome in outcomes),
        records_loaded_by_kind=by_kind,
    )
