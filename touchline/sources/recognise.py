"""Which format a landed file is, from its content (header row, preamble, first record)."""

from __future__ import annotations

from dataclasses import dataclass

from touchline.landing.files import LandedFile
from touchline.sources.format import SourceFormat
from touchline.sources.head import Head, read_head
from touchline.sources.registry import FORMATS


@dataclass(frozen=True)
class Recognised:
    format: SourceFormat
    encoding: str = "utf-8"
    delimiter: str = ","
    header_index: int = 0  # rows of preamble above the header row
    parquet: bool = False


def formats_for(kind: str) -> list[SourceFormat]:
    return [fmt for fmt in FORMATS if fmt.folder == kind]


def recognise(landed: LandedFile) -> Recognised | None:
    """The vendor format `landed` is in, or None (a canonical file, or nothing known)."""
    candidates = formats_for(landed.kind)
    if not candidates:
        return None
    try:
        head = read_head(landed.path)
    except Exception:
        return None
    return recognise_head(head, candidates)


def recognise_head(head: Head, candidates: list[SourceFormat]) -> Recognised | None:
    if head.parquet_columns is not None:
        # a JSON format's records may be stored as Parquet rows (GA4's export): its keys are columns
        columns = dict.fromkeys(head.parquet_columns, "")
        for fmt in candidates:
            if fmt.container == "table" and fmt.matches_header(head.parquet_columns):
                return Recognised(fmt, parquet=True)
            if fmt.container == "json" and all(key.split(".")[0] in columns for key in fmt.keys):
                return Recognised(fmt, parquet=True)
        return None
    if head.is_json:
        record = head.first_record
        for fmt in candidates:
            if fmt.container == "json" and record is not None and fmt.matches_record(record):
                return Recognised(fmt, encoding=head.encoding)
            # a compact REST page is one line: the records are under its root key
            inner = record.get(fmt.json_root) if record is not None and fmt.json_root else None
            if (
                fmt.container == "json"
                and isinstance(inner, list)
                and inner
                and isinstance(inner[0], dict)
                and fmt.matches_record(inner[0])
            ):
                return Recognised(fmt, encoding=head.encoding)
        return None
    if head.rows:
        delimiter, fields = head.rows[0]
        for fmt in candidates:
            if fmt.container == "table" and fmt.matches_first_row(delimiter, fields):
                return Recognised(fmt, head.encoding, delimiter, 0)
    for index, (delimiter, fields) in enumerate(head.rows):
        for fmt in candidates:
            if fmt.container == "table" and not fmt.parquet_only and fmt.matches_header(fields):
                return Recognised(fmt, head.encoding, delimiter, index)
    return None


def unrecognised_reason(landed: LandedFile, canonical_reason: str | None) -> str:
    """Why a file is rejected: the canonical loader's reason (or the file type), and the
    formats it was tried as."""
    # `touchline` is the landing contract's own format, CSV (or JSONL) and Parquet alike
    vendors = (fmt.name for fmt in formats_for(landed.kind) if not fmt.parquet_only)
    tried = ", ".join(["touchline", *vendors])
    first = canonical_reason or landed.unsupported_reason()
    return f"{first}; not a recognised export either (formats tried: {tried})"
