"""`touchline conversions export`: the ready rows of marts.conversion_events as one
destination's payload file, each order exactly once (and again as an adjustment when its value
changed, where the platform takes adjustments), recorded in the export ledger."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from touchline.conversions import payloads
from touchline.conversions.destinations import Destination
from touchline.conversions.destinations import destination as find_destination
from touchline.conversions.ledger import ledger_lock, open_ledger
from touchline.settings import ConfigError
from touchline.warehouse.publish import connect_published

# rows the export considers: ready ones, and those that waited for the refund delay (it may be
# over by now); everything skipped stays skipped
# An event is exported only if its platform still takes it a day later: the send of a nightly
# export happens hours after it, and Meta refuses a whole request for one event that aged out.
SEND_MARGIN = dt.timedelta(days=1)

_CANDIDATES = """
    select * from marts.conversion_events
    where destination = ? and status in ('ready', 'waiting: refund delay')
      and (?::date is null or event_at >= ?::date)
    order by event_at, order_id
"""


@dataclass
class ExportResult:
    destination: str
    files: list[Path] = field(default_factory=list)
    conversions: int = 0
    adjustments: int = 0
    too_old: int = 0  # ready in the mart, past the platform's window by now (or within a day of it)
    not_yet: int = 0  # the refund delay is not over yet

    def summary(self) -> str:
        if not self.files:
            return (
                f"{self.destination}: nothing new to export ({self.too_old} too old by now, "
                f"{self.not_yet} waiting for the refund delay)"
            )
        return (
            f"{self.destination}: {self.conversions} conversions, {self.adjustments} adjustments "
            f"({self.too_old} too old by now, {self.not_yet} waiting) in " + ", ".join(str(path) for path in self.files)
        )


def export_conversions(
    warehouse: Path,
    destination_name: str,
    out_dir: Path,
    *,
    since: dt.date | None = None,
    now: dt.datetime | None = None,
    environ: Mapping[str, str] | None = None,
    engine: str = "duckdb",
) -> ExportResult:
    """`engine` names the marts read: the published DuckDB file, or the tables a Spark build
    wrote (`spark`, docs/scaling.md). Either way the ledger is the one file beside the warehouse."""
    target = find_destination(destination_name)
    settings = target.settings(environ)  # fails fast before anything is read or written
    now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    if engine == "spark":
        from touchline.spark.conversions import spark_candidate_rows

        rows = spark_candidate_rows(warehouse, target.name, since)
    else:
        rows = _candidate_rows(warehouse, target.name, since)
    result = ExportResult(target.name)
    out_dir.mkdir(parents=True, exist_ok=True)
    with ledger_lock(warehouse):
        ledger = open_ledger(warehouse)
        try:
            last = _last_exports(ledger, target.name)
            chosen = _choose(rows, last, target, now.replace(tzinfo=None), result)
            if not chosen:
                return result
            written = _write_files(target, chosen, settings, out_dir, now)
            result.files = [path for path, _ in written]
            ledger.execute("begin transaction")
            for path, hashes in written:
                ledger.executemany(
                    "insert into conversion_exports values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        [
                            target.name,
                            row["order_id"],
                            row["event_id"],
                            row["export_action"],
                            row["value"],
                            row["currency"],
                            digest,
                            path.name,
                            now.replace(tzinfo=None),
                        ]
                        for row, digest in hashes
                    ],
                )
            ledger.execute("commit")
        finally:
            ledger.close()
    return result


def _candidate_rows(warehouse: Path, destination: str, since: dt.date | None) -> list[dict[str, Any]]:
    if not warehouse.exists():
        raise ConfigError(f"--warehouse {warehouse} does not exist (run `touchline build` first)")
    # the newest published build, even in a process that had an older one open (Dagster, a notebook)
    con = connect_published(warehouse)
    try:
        cursor = con.execute(_CANDIDATES, [destination, since, since])
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    except duckdb.CatalogException as exc:
        raise ConfigError(f"{warehouse} has no marts.conversion_events (build it with this version): {exc}") from None
    finally:
        con.close()


def _last_exports(ledger: duckdb.DuckDBPyConnection, destination: str) -> dict[str, tuple[str, Decimal, str]]:
    rows = ledger.execute(
        """
        select order_id, export_action, value, currency from conversion_exports
        where destination = ?
        qualify row_number() over (partition by order_id order by exported_at desc, export_action) = 1
        """,
        [destination],
    ).fetchall()
    return {order_id: (action, value, currency) for order_id, action, value, currency in rows}


def _choose(rows, last, target: Destination, now: dt.datetime, result: ExportResult) -> list[dict[str, Any]]:
    """What this run exports, decided from the ledger file (the mart's copy may be a build old)."""
    chosen = []
    for row in rows:
        previous = last.get(row["order_id"])
        if previous is None:
            if row["accepted_until"] is None or row["accepted_until"] < now + SEND_MARGIN:
                result.too_old += 1
                continue
            if row["send_after_at"] > now:
                result.not_yet += 1
                continue
            chosen.append({**row, "export_action": "conversion"})
            result.conversions += 1
            continue
        action, value, currency = previous
        if action == "retraction" or (value == row["value"] and currency == row["currency"]):
            continue
        if target.has_adjustments:
            chosen.append({**row, "export_action": "retraction" if row["value"] <= 0 else "restatement"})
            result.adjustments += 1
    return chosen


def _write_files(target: Destination, rows, settings, out_dir: Path, now: dt.datetime):
    """The export files of one run, each written whole and renamed into place; returns each
    file with its rows and their payload hashes."""
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    if target.name == "google_ads":
        # Google takes new conversions and adjustments only in separate uploads
        conversions = [row for row in rows if row["export_action"] == "conversion"]
        adjustments = [row for row in rows if row["export_action"] != "conversion"]
        files = []
        if conversions:
            lines = [payloads.google_conversion_row(row, settings) for row in conversions]
            files.append(
                _csv_file(
                    out_dir,
                    f"google_ads-conversions-{stamp}",
                    payloads.GOOGLE_CONVERSION_HEADER,
                    [],
                    conversions,
                    lines,
                )
            )
        if adjustments:
            lines = [payloads.google_adjustment_row(row, settings, now) for row in adjustments]
            files.append(
                _csv_file(
                    out_dir,
                    f"google_ads-adjustments-{stamp}",
                    payloads.GOOGLE_ADJUSTMENT_HEADER,
                    [],
                    adjustments,
                    lines,
                )
            )
        return files
    if target.name == "microsoft_ads":
        lines = [payloads.microsoft_row(row, settings, now) for row in rows]
        return [
            _csv_file(
                out_dir,
                f"microsoft_ads-{stamp}",
                payloads.MICROSOFT_HEADER,
                [payloads.MICROSOFT_FORMAT_ROW],
                rows,
                lines,
            )
        ]
    assert target.event is not None and target.body is not None
    events = [target.event(row, settings) for row in rows]
    bodies = [
        target.body(events[start : start + target.batch_size], settings)
        for start in range(0, len(events), target.batch_size)
    ]
    text = "".join(json.dumps(body, separators=(",", ":"), ensure_ascii=False) + "\n" for body in bodies)
    path = _write(out_dir, f"{target.name}-{stamp}", ".jsonl", text)
    return [(path, [(row, _hash(json.dumps(event, sort_keys=True))) for row, event in zip(rows, events, strict=True)])]


def _csv_file(out_dir: Path, stem: str, header, preamble, rows, lines):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(preamble)
    writer.writerows(lines)
    path = _write(out_dir, stem, ".csv", buffer.getvalue())
    return path, [(row, _hash(",".join(line))) for row, line in zip(rows, lines, strict=True)]


def _write(out_dir: Path, stem: str, suffix: str, text: str) -> Path:
    path, n = out_dir / f"{stem}{suffix}", 1
    while path.exists():  # two runs in one second
        n += 1
        path = out_dir / f"{stem}-{n}{suffix}"
    partial = out_dir / f".{path.name}.partial"
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
    return path


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
