"""audit.load_audit: which files are known, the next load id, one row per landed file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb

from touchline.landing.values import redact_emails

LOADED = "loaded"
REJECTED = "rejected"
SKIPPED_DUPLICATE = "skipped_duplicate"


@dataclass(frozen=True)
class FileOutcome:
    status: str
    reason: str | None = None
    records_read: int = 0
    records_loaded: int = 0
    records_quarantined: int = 0
    source_format: str | None = None  # touchline (canonical) or a vendor format; None if unrecognised

    def __post_init__(self) -> None:
        # The audit's promise (landing.md): nothing read goes missing.
        if self.records_read != self.records_loaded + self.records_quarantined:
            raise ValueError(f"records read {self.records_read} != loaded + quarantined for {self}")


@dataclass
class KnownFiles:
    """What earlier loads saw: every (path, content) pair, and the path each loaded content came from."""

    pairs: set[tuple[str, str]]
    loaded_paths: dict[str, str]  # content_hash -> file_path it was loaded under

    def copy(self) -> KnownFiles:
        return KnownFiles(set(self.pairs), dict(self.loaded_paths))

    def restore(self, saved: KnownFiles) -> None:
        self.pairs, self.loaded_paths = set(saved.pairs), dict(saved.loaded_paths)

    @classmethod
    def read(cls, con: duckdb.DuckDBPyConnection) -> KnownFiles:
        rows = con.execute("select file_path, content_hash, status from audit.load_audit order by load_id").fetchall()
        # An unreadable file was recorded without a hash; it is tried again next time.
        pairs = {(path, digest) for path, digest, _ in rows if digest}
        loaded = {}
        for path, digest, status in rows:
            if status == LOADED:
                loaded.setdefault(digest, path)
        return cls(pairs, loaded)


def next_load_id(con: duckdb.DuckDBPyConnection) -> int:
    # fetchall, not fetchone: DuckDB keeps a half-read result open and refuses the next statement.
    [(next_id,)] = con.execute("select coalesce(max(load_id), 0) + 1 from audit.load_audit").fetchall()
    return int(next_id)


def record(
    con: duckdb.DuckDBPyConnection, load_id: int, file_path: str, content_hash: str, kind: str, outcome: FileOutcome
) -> None:
    loaded_at = datetime.now(UTC).replace(tzinfo=None)  # naive UTC, like every timestamp
    con.execute(
        "insert into audit.load_audit (load_id, file_path, content_hash, kind, status, reason, records_read, "
        "records_loaded, records_quarantined, loaded_at, source_format) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            load_id,
            file_path,
            content_hash,
            kind,
            outcome.status,
            # a reason may quote an OS error, which names the file by its full path
            None if outcome.reason is None else redact_emails(outcome.reason),
            outcome.records_read,
            outcome.records_loaded,
            outcome.records_quarantined,
            loaded_at,
            outcome.source_format,
        ],
    )
