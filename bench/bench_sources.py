"""Benchmark: loading stores' own export formats vs the canonical files, on the same records.

    python bench/bench_sources.py --rows 200000 --out bench/out/sources

For each pair (canonical spend CSV vs Google Ads UI report and vs Fivetran ad_reporting;
canonical orders CSV vs Shopify Admin REST JSON and vs Shopify orders CSV, the latter also
with the Python mapping alone, `_python`; canonical pixel
JSONL vs Segment JSON lines), writes the same records in both formats, loads each into a
fresh DuckDB file with the Touchline loader (best of --repeat runs) and prints the seconds
and the ratio format / canonical (the target in issue 15 is at most 1.5), in wall seconds and
in the process's CPU seconds (all threads; on a shared machine the wall clock mostly measures
the wait for a core). Writes the table as JSON to bench/results/sources-<rows>.json.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import duckdb

from touchline.landing.load import load_landing
from touchline.sources import load as source_load
from touchline.sources import writers

# cases loaded with the Python mapping alone (the DuckDB path of orders_sql.py turned off):
# the before of that path, measured beside it in the same run
PYTHON_ONLY = {"orders_shopify_orders_csv_python": "orders_shopify_orders_csv"}


def _spend_rows(n: int) -> list[dict[str, str]]:
    return [
        {
            "date_day": f"2026-{1 + i % 11:02d}-{1 + i % 28:02d}",
            "platform": "google",
            "campaign_id": str(100000 + i // 336),
            "campaign_name": f"Campaign {i // 336}",
            "spend": f"{(i * 37) % 100000 / 100:.2f}",
            "currency": "EUR",
            "clicks": str(i % 500),
            "impressions": str(i % 50000),
            "account_id": "123-456-7890",
            "account_name": "Shop",
        }
        for i in range(n)
    ]


def _order_rows(n: int) -> list[dict[str, str]]:
    return [
        {
            "order_id": str(5_000_000 + i),
            "created_at": f"2026-03-{1 + i % 28:02d}T{i % 24:02d}:15:00+01:00",
            "updated_at": "",
            "email": f"buyer{i}@example.com",
            "customer_id": str(i // 3),
            "currency": "EUR",
            "total_price": f"{(i * 13) % 50000 / 100 + 1:.2f}",
            "financial_status": "paid",
            "landing_site": f"/products/p{i % 90}?utm_source=google&gclid=g{i}",
            "referring_site": "https://www.google.com/",
            "test": "false",
        }
        for i in range(n)
    ]


def _write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _events(n: int) -> tuple[list[dict], list[dict]]:
    canonical, segment = [], []
    for i in range(n):
        url = f"https://shop.example.com/p/{i % 500}?utm_source=google&gclid=g{i}"
        ts = f"2026-03-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00.000Z"
        ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/122.0 Safari/537.36"
        canonical.append(
            {
                "event_id": f"m{i}",
                "event_type": "page_view",
                "ts": ts,
                "received_at": ts,
                "visitor_id": f"v{i // 7}",
                "url": url,
                "referrer": "https://www.google.com/",
                "user_agent": ua,
            }
        )
        segment.append(
            {
                "anonymousId": f"v{i // 7}",
                "messageId": f"m{i}",
                "type": "page",
                "timestamp": ts,
                "receivedAt": ts,
                "context": {
                    "page": {"url": url, "referrer": "https://www.google.com/"},
                    "userAgent": ua,
                    "library": {"name": "analytics.js"},
                },
                "properties": {},
            }
        )
    return canonical, segment


def _jsonl_gz(path: Path, records: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(("\n".join(json.dumps(r) for r in records) + "\n").encode(), compresslevel=1))


def _load_seconds(landing: Path, work: Path, repeat: int, python_only: bool = False) -> tuple[float, float, int]:
    """Best wall seconds, best CPU seconds of the process (all its threads: on a shared
    machine the wall clock mostly measures waiting for a core), records loaded."""
    best, best_cpu, loaded = float("inf"), float("inf"), 0
    sql_path = source_load.load_orders_sql
    source_load.load_orders_sql = (lambda *args, **kwargs: None) if python_only else sql_path
    for attempt in range(repeat):
        db = work / f"bench-{attempt}.duckdb"
        db.unlink(missing_ok=True)
        con = duckdb.connect(str(db))
        started, cpu_started = time.perf_counter(), time.process_time()
        summary = load_landing(landing, con)
        best = min(best, time.perf_counter() - started)
        best_cpu = min(best_cpu, time.process_time() - cpu_started)
        loaded = summary.records_loaded
        con.close()
        db.unlink()
    source_load.load_orders_sql = sql_path
    return best, best_cpu, loaded


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "sources")
    args = parser.parse_args()
    out = args.out
    shutil.rmtree(out, ignore_errors=True)
    os.environ.setdefault("TOUCHLINE_ACCOUNT_CURRENCIES", '{"123-456-7890": "EUR"}')

    cases: dict[str, Path] = {}
    spend, orders = _spend_rows(args.rows), _order_rows(args.rows)
    for name, fmt in [
        ("spend_touchline", None),
        ("spend_google_ads_ui", "google_ads_ui"),
        ("spend_fivetran_ad_reporting", "fivetran_ad_reporting"),
    ]:
        _write_csv(out / name / "spend" / "report.csv", spend)
        if fmt:
            writers.rewrite_spend(out / name, [fmt])
        cases[name] = out / name
    for name, fmt in [
        ("orders_touchline", "touchline"),
        ("orders_shopify_admin_rest", "shopify_admin_rest"),
        ("orders_shopify_orders_csv", "shopify_orders_csv"),
    ]:
        _write_csv(out / name / "orders" / "export.csv", orders)
        writers.rewrite_orders(out / name, fmt)
        cases[name] = out / name
    canonical_events, segment_events = _events(args.rows)
    _jsonl_gz(out / "pixel_touchline" / "pixel" / "events.jsonl.gz", canonical_events)
    _jsonl_gz(out / "pixel_segment" / "pixel" / "1710374400000.archive.gz", segment_events)
    cases["pixel_touchline"], cases["pixel_segment"] = out / "pixel_touchline", out / "pixel_segment"

    for name, same in PYTHON_ONLY.items():
        cases[name] = cases[same]
    results = {}
    for name, landing in cases.items():
        seconds, cpu, loaded = _load_seconds(landing, out, args.repeat, python_only=name in PYTHON_ONLY)
        results[name] = {"seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3), "records_loaded": loaded}
    table = []
    for name, result in results.items():
        kind = name.split("_", 1)[0]
        base = results[f"{kind}_touchline"]
        result["ratio_to_canonical"] = round(result["seconds"] / base["seconds"], 2)
        result["cpu_ratio_to_canonical"] = round(result["cpu_seconds"] / base["cpu_seconds"], 2)
        table.append(
            (
                name,
                result["records_loaded"],
                result["seconds"],
                result["ratio_to_canonical"],
                result["cpu_seconds"],
                result["cpu_ratio_to_canonical"],
            )
        )
    print(f"{'case':32} {'records':>9} {'seconds':>8} {'x canonical':>11} {'cpu s':>7} {'x canonical':>11}")
    for name, records, seconds, ratio, cpu, cpu_ratio in table:
        print(f"{name:32} {records:>9,} {seconds:>8.2f} {ratio:>11.2f} {cpu:>7.2f} {cpu_ratio:>11.2f}")
    results_dir = REPO / "bench" / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    (results_dir / f"sources-{args.rows}.json").write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
