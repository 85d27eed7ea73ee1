"""Helpers that write small landing folders for tests, and read back what the loader wrote."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path
from typing import Any

import duckdb
import orjson

from touchline.landing.load import LoadSummary, load_landing
from touchline.sources.registry import FORMATS


def sha(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def formats_tried(kind: str) -> str:
    """The `(formats tried: ...)` tail of a rejection in `kind`'s folder, from the registry:
    the canonical format first, then every vendor format of the folder in registry order
    (Parquet-only formats are the canonical columns, already named `touchline`)."""
    names = ["touchline", *(fmt.name for fmt in FORMATS if fmt.folder == kind and not fmt.parquet_only)]
    return f"(formats tried: {', '.join(names)})"


def write_file(landing: Path, rel_path: str, data: bytes) -> Path:
    """Write raw bytes; a `.gz` name is gzip-compressed."""
    path = landing / rel_path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(data) if rel_path.endswith(".gz") else data)
    return path


def write_jsonl(landing: Path, rel_path: str, records: list[dict[str, Any] | str | bytes]) -> Path:
    """One line per item: dicts are serialised, str/bytes written verbatim (for bad lines)."""
    lines = [orjson.dumps(r) if isinstance(r, dict) else r.encode() if isinstance(r, str) else r for r in records]
    return write_file(landing, rel_path, b"\n".join(lines) + b"\n")


def write_csv(landing: Path, rel_path: str, text: str) -> Path:
    return write_file(landing, rel_path, text.encode())


def event(event_id: str = "e1", /, **fields: Any) -> dict[str, Any]:
    """A valid page_view; keyword arguments override or add fields (None drops one)."""
    record: dict[str, Any] = {
        "event_id": event_id,
        "event_type": "page_view",
        "ts": "2026-03-14T10:00:00Z",
        "received_at": "2026-03-14T10:00:01Z",
        "visitor_id": "v1",
        "url": "https://shop.example.com/?utm_source=google&gclid=abc",
        "referrer": "https://www.google.com/",
        "user_agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/122.0 Safari/537.36",
    }
    record.update(fields)
    return {k: v for k, v in record.items() if v is not None}


def load(
    landing: Path, con: duckdb.DuckDBPyConnection | None = None, **kwargs: Any
) -> tuple[duckdb.DuckDBPyConnection, LoadSummary]:
    con = con or duckdb.connect()
    return con, load_landing(landing, con, **kwargs)


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    return con.execute(sql, params or []).fetchall()


def quarantine(con: duckdb.DuckDBPyConnection, file_path: str | None = None) -> list[tuple[Any, ...]]:
    """(line_number, reason, raw_record) of quarantined records, optionally of one file."""
    where = "where file_path = ?" if file_path else ""
    return rows(
        con,
        f"select line_number, reason, raw_record from audit.quarantine {where} order by file_path, line_number",
        [file_path] if file_path else [],
    )


def audit_rows(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[Any, ...]]:
    """file_path -> (status, reason, records_read, records_loaded, records_quarantined)."""
    return {
        r[0]: r[1:]
        for r in rows(
            con,
            "select file_path, status, reason, records_read, records_loaded, records_quarantined "
            "from audit.load_audit order by load_id",
        )
    }
