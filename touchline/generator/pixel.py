"""The pixel collector's view: events serialised as it receives them, with the dirt real
collectors see (late arrivals, retried sends, broken records), filed by received day.
"""

from __future__ import annotations

import datetime as dt
import gzip
import random
from collections import Counter
from pathlib import Path

import orjson

from touchline.generator.config import (
    DUPLICATE_EVENT_RATE,
    GZIP_LEVEL,
    LATE_EVENT_RATE,
    MALFORMED_EVENT_RATE,
    MS_PER_DAY,
    PIXEL_PART_MAX_LINES,
)

_EPOCH = dt.date(1970, 1, 1)
_OFFSET_MS = 2 * 3_600_000
# "HH:MM:SS" for every second of a day: formatting a million timestamps is the hot path.
_HMS = [f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)]


def _line(ev: dict) -> bytes:
    # Concatenating copies orjson's over-allocated (~4 KiB) buffer into an exact-size one,
    # which keeps a million held lines in hundreds of MB instead of gigabytes.
    return orjson.dumps(ev) + b"\n"


def _day_str(day_index: int, cache: dict[int, str]) -> str:
    s = cache.get(day_index)
    if s is None:
        s = cache[day_index] = (_EPOCH + dt.timedelta(days=day_index)).isoformat()
    return s


class PixelSink:
    """Collects serialised events by received day; counts every planted irregularity."""

    def __init__(self, rng: random.Random, end_ms: int) -> None:
        self.rng = rng
        self.end_ms = end_ms  # nothing is received after the period ends
        self.by_day: dict[int, list[tuple[int, str, bytes]]] = {}
        self.counts: Counter[str] = Counter()
        self._days: dict[int, str] = {}

    def new_id(self) -> str:
        h = f"{self.rng.getrandbits(128):032x}"
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"

    def iso(self, ms: int) -> str:
        d, rem = divmod(ms, MS_PER_DAY)
        s, milli = divmod(rem, 1000)
        return f"{self._days.get(d) or _day_str(d, self._days)}T{_HMS[s]}.{milli:03d}Z"

    def _iso_offset(self, ms: int) -> str:
        """The same instant written in a +02:00 local clock, as some browsers send it."""
        return self.iso(ms + _OFFSET_MS)[:-1] + "+02:00"

    def _put(self, received_ms: int, event_id: str, line: bytes) -> None:
        self.by_day.setdefault(received_ms // MS_PER_DAY, []).append((received_ms, event_id, line))

    def emit(self, ev: dict, ts_ms: int, *, dirty: bool = True) -> None:
        """Receive one event; ev holds every field but ts and received_at."""
        rng = self.rng
        rand = rng.random
        received = ts_ms + 80 + int(rand() * 2420)
        if dirty and rand() < LATE_EVENT_RATE:
            # Sent from a queue when the device came back online: hours or days later.
            late = ts_ms + rng.randint(3_600_000, 3 * MS_PER_DAY)
            if late <= self.end_ms:
                received = late
                self.counts["late_events"] += 1
        received = min(received, max(self.end_ms, ts_ms))
        ev["ts"] = self._iso_offset(ts_ms) if rand() < 0.03 else self.iso(ts_ms)
        ev["received_at"] = self.iso(received)
        self._put(received, ev["event_id"], _line(ev))
        self.counts["events"] += 1
        if not dirty:
            return
        if rand() < DUPLICATE_EVENT_RATE:
            # A retried send: same event_id, received again later (sometimes another day's file).
            again = min(received + rng.randint(1_000, MS_PER_DAY), max(self.end_ms, received))
            dup = dict(ev, received_at=self.iso(again))
            self._put(again, ev["event_id"], _line(dup))
            self.counts["duplicate_events"] += 1
        if rand() < MALFORMED_EVENT_RATE:
            self._malformed(ev, received)

    def _malformed(self, ev: dict, received: int) -> None:
        """An extra, unusable record beside the good one (it never replaces real data)."""
        rng = self.rng
        bad = dict(ev, event_id=self.new_id())
        kind = rng.choice(
            (
                "invalid_json",
                "missing_visitor_id",
                "empty_visitor_id",
                "bad_timestamp",
                "ts_after_received",
                "missing_event_type",
            )
        )
        if kind == "invalid_json":
            full = orjson.dumps(bad)
            line = full[: max(10, len(full) // 2)] + b"\n"
        else:
            if kind == "missing_visitor_id":
                del bad["visitor_id"]
            elif kind == "empty_visitor_id":
                bad["visitor_id"] = ""
            elif kind == "bad_timestamp":
                bad["ts"] = rng.choice(("2026-02-30T25:61:00Z", "yesterday", "1700000000abc"))
            elif kind == "ts_after_received":
                bad["ts"] = self.iso(received + rng.randint(2, 5) * MS_PER_DAY)
            else:
                del bad["event_type"]
            line = _line(bad)
        self._put(received, bad["event_id"], line)
        self.counts[f"malformed_{kind}"] += 1
        self.counts["malformed_events"] += 1

    def write(self, out: Path) -> tuple[list[Path], int]:
        """pixel/YYYY-MM-DD/part-NNNN.jsonl.gz, by received day; returns files and lines written."""
        paths: list[Path] = []
        lines = 0
        for day in sorted(self.by_day):
            rows = sorted(self.by_day[day])
            folder = out / "pixel" / _day_str(day, self._days)
            folder.mkdir(parents=True, exist_ok=True)
            for part, start in enumerate(range(0, len(rows), PIXEL_PART_MAX_LINES), start=1):
                chunk = rows[start : start + PIXEL_PART_MAX_LINES]
                path = folder / f"part-{part:04d}.jsonl.gz"
                payload = b"".join(r[2] for r in chunk)
                # Fixed mtime and no file name in the header: the same seed gives the same bytes.
                with (
                    path.open("wb") as raw,
                    gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=GZIP_LEVEL, mtime=0, filename="") as gz,
                ):
                    gz.write(payload)
                paths.append(path)
                lines += len(chunk)
        return paths, lines
