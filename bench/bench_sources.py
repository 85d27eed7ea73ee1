"""Benchmark: loading stores' own export formats vs the canonical files, on the same records.

    python bench/bench_sources.py --rows 100000 --repeat 2

Writes the same records as canonical files and in every vendor format the writers know: spend
(Google Ads, Meta, Microsoft Advertising, X, TikTok, Pinterest, Snapchat, LinkedIn and Reddit UI
exports, Fivetran ad_reporting), orders (Shopify orders CSV, Shopify Admin REST as an
`orders.json` page and as JSON lines, Shopify Admin GraphQL bulk JSONL, WooCommerce, BigCommerce)
and pixel events (Segment, RudderStack, Shopify Web Pixels, GA4 BigQuery JSON and Parquet,
Snowplow enriched JSON and TSV). Loads each into a fresh DuckDB file with the Touchline loader
(best of --repeat runs) and prints seconds and the ratio format / canonical (issue 15's target:
at most 1.5), in wall seconds and in the process's CPU seconds (all threads; on a shared machine
the wall clock mostly measures the wait for a core). A `_python` case loads the same files as
the case it names with the DuckDB path of that format turned off (the Python mapping alone: the
before of that path, measured in the same run). Prints the load average before and after and
writes the table as JSON to bench/results/sources-<rows>.json.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import os
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import duckdb
import pyarrow.json as pa_json
import pyarrow.parquet as pq

from touchline.generator import api_formats, event_formats
from touchline.landing.load import load_landing
from touchline.sources import load as source_load
from touchline.sources import writers

# cases loaded with one DuckDB path turned off (the Python mapping alone): (the case whose files
# it loads, the loader function that is that path)
PYTHON_ONLY = {
    "orders_shopify_orders_csv_python": ("orders_shopify_orders_csv", "load_orders_sql"),
    "orders_shopify_admin_rest_python": ("orders_shopify_admin_rest", "load_orders_json_sql"),
    "orders_shopify_admin_rest_jsonl_python": ("orders_shopify_admin_rest_jsonl", "load_orders_json_sql"),
    "orders_shopify_admin_graphql_python": ("orders_shopify_admin_graphql", "load_bulk_orders_sql"),
    "orders_woocommerce_rest_python": ("orders_woocommerce_rest", "load_orders_json_sql"),
    "orders_bigcommerce_v2_python": ("orders_bigcommerce_v2", "load_orders_json_sql"),
    "spend_meta_ads_ui_python": ("spend_meta_ads_ui", "load_spend_sql"),
    "spend_microsoft_ads_python": ("spend_microsoft_ads", "load_spend_sql"),
    "spend_x_ads_ui_python": ("spend_x_ads_ui", "load_spend_sql"),
    "pixel_snowplow_enriched_tsv_python": ("pixel_snowplow_enriched_tsv", "load_events_sql"),
    "pixel_ga4_bigquery_python": ("pixel_ga4_bigquery", "load_events_sql"),
    "pixel_ga4_bigquery_parquet_python": ("pixel_ga4_bigquery_parquet", "load_events_sql"),
}
# the platform each UI export is written for (writers.rewrite_spend picks the format by platform)
SPEND_PLATFORMS = {
    "google_ads_ui": "google",
    "meta_ads_ui": "meta",
    "microsoft_ads": "microsoft",
    "x_ads_ui": "x",
    "tiktok_ads_ui": "tiktok",
    "pinterest_ads_ui": "pinterest",
    "snapchat_ads_ui": "snapchat",
    "linkedin_ads_ui": "linkedin",
    "reddit_ads_ui": "reddit",
    "fivetran_ad_reporting": "google",
}


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
    # ids shaped as UUIDs (Snowplow's enriched TSV is recognised by its event id)
    canonical, segment = [], []
    for i in range(n):
        url = f"https://shop.example.com/p/{i % 500}?utm_source=google&gclid=g{i}"
        ts = f"2026-03-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00.000Z"
        ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/122.0 Safari/537.36"
        canonical.append(
            {
                "event_id": f"00000000-0000-4000-8000-{i:012d}",
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
                "messageId": f"00000000-0000-4000-8000-{i:012d}",
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


def _segment_archive(out: Path, events: list[dict]) -> Path:
    """Segment events as its S3 destination names them (the bench's hand-written Segment events)."""
    _jsonl_gz(out / "pixel_segment_archive" / "pixel" / "1710374400000.archive.gz", events)
    return out / "pixel_segment_archive"


def _jsonl_gz(path: Path, records: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(("\n".join(json.dumps(r) for r in records) + "\n").encode(), compresslevel=1))


def _load_seconds(landing: Path, work: Path, repeat: int, turned_off: str | None = None) -> tuple[float, float, int]:
    """Best wall seconds, best CPU seconds of the process (all its threads: on a shared
    machine the wall clock mostly measures waiting for a core), records loaded."""
    best, best_cpu, loaded = float("inf"), float("inf"), 0
    original = getattr(source_load, turned_off) if turned_off else None
    if turned_off:
        setattr(source_load, turned_off, lambda *args, **kwargs: None)
    try:
        for attempt in range(repeat):
            db = work / f"bench-{attempt}.duckdb"
            db.unlink(missing_ok=True)
            shutil.rmtree(work / f"bench-{attempt}.duckdb.lake", ignore_errors=True)
            con = duckdb.connect(str(db))
            started, cpu_started = time.perf_counter(), time.process_time()
            summary = load_landing(landing, con)
            best = min(best, time.perf_counter() - started)
            best_cpu = min(best_cpu, time.process_time() - cpu_started)
            loaded = summary.records_loaded
            con.close()
            db.unlink()
            shutil.rmtree(work / f"bench-{attempt}.duckdb.lake", ignore_errors=True)
    finally:
        if turned_off:
            setattr(source_load, turned_off, original)
    return best, best_cpu, loaded


def use_bench_settings() -> None:
    """The settings the cases are written for (bench_instructions.py loads them with the same):
    the currency of the spend reports that name none (Fivetran, Airbyte, the APIs' tables)."""
    platforms = ["google", "meta", "microsoft", "x", "tiktok", "pinterest", "snapchat", "linkedin", "reddit"]
    os.environ.setdefault(
        "TOUCHLINE_ACCOUNT_CURRENCIES", json.dumps({"123-456-7890": "EUR", **dict.fromkeys(platforms, "EUR")})
    )


def _spend_cases(out: Path, rows: list[dict[str, str]]) -> dict[str, Path]:
    cases = {}
    _write_csv(out / "spend_touchline" / "spend" / "report.csv", rows)
    cases["spend_touchline"] = out / "spend_touchline"
    for fmt, platform in SPEND_PLATFORMS.items():
        name = f"spend_{fmt}"
        _write_csv(out / name / "spend" / "report.csv", [{**row, "platform": platform} for row in rows])
        writers.rewrite_spend(out / name, [fmt])
        cases[name] = out / name
    return cases


def _selected(name: str, wanted: list[str]) -> bool:
    """Whether a case (or a kind, `orders`) has files to write: every one without --cases, the
    canonical files always, else what a wanted prefix names (or the case it loads)."""
    return (
        not wanted
        or name.endswith("_touchline")
        or any(name.startswith(prefix) or prefix.startswith(name) for prefix in wanted)
    )


def _order_cases(out: Path, rows: list[dict[str, str]], wanted: list[str]) -> dict[str, Path]:
    cases = {}
    rest_lines = _selected("orders_shopify_admin_rest_jsonl", wanted)
    for fmt in ("touchline", "shopify_admin_rest", "shopify_orders_csv", "woocommerce_rest", "bigcommerce_v2"):
        name = f"orders_{fmt}"
        if not (_selected(name, wanted) or (fmt == "shopify_admin_rest" and rest_lines)):
            continue
        _write_csv(out / name / "orders" / "export.csv", rows)
        writers.rewrite_orders(out / name, fmt)
        cases[name] = out / name
    if rest_lines:
        # the REST orders as JSON lines (one order a line, as a paginating script writes them)
        page = json.loads((out / "orders_shopify_admin_rest" / "orders" / "export.json").read_text())
        lines = out / "orders_shopify_admin_rest_jsonl" / "orders" / "orders.jsonl"
        lines.parent.mkdir(parents=True)
        lines.write_text("".join(json.dumps(order) + "\n" for order in page["orders"]))
        cases["orders_shopify_admin_rest_jsonl"] = lines.parent.parent
    if _selected("orders_shopify_admin_graphql", wanted):
        _write_csv(out / "orders_shopify_admin_graphql" / "orders" / "export.csv", rows)
        api_formats.rewrite_orders_graphql(out / "orders_shopify_admin_graphql")
        cases["orders_shopify_admin_graphql"] = out / "orders_shopify_admin_graphql"
    return cases


def _pixel_cases(out: Path, events: list[dict]) -> dict[str, Path]:
    cases = {}
    for fmt in event_formats.EVENTS_FORMATS:
        name = f"pixel_{fmt}"
        _jsonl_gz(out / name / "pixel" / "events.jsonl.gz", events)
        event_formats.rewrite_events(out / name, fmt, {})
        cases[name] = out / name
    # GA4's export as Parquet: the JSON extract's rows, nested columns kept
    ga4 = out / "pixel_ga4_bigquery" / "pixel" / "events.jsonl.gz"
    parquet = out / "pixel_ga4_bigquery_parquet" / "pixel" / "events_20260314.parquet"
    parquet.parent.mkdir(parents=True)
    pq.write_table(pa_json.read_json(io.BytesIO(gzip.decompress(ga4.read_bytes()))), parquet)
    cases["pixel_ga4_bigquery_parquet"] = parquet.parent.parent
    return cases


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "sources")
    parser.add_argument(
        "--cases", default="", help="comma-separated name prefixes (e.g. orders_,spend_linkedin): load only these"
    )
    args = parser.parse_args()
    out = args.out
    shutil.rmtree(out, ignore_errors=True)
    use_bench_settings()
    load_before = os.getloadavg()
    # with --cases, only the selected cases' files (and their kind's canonical file) are written
    wanted = [prefix for prefix in args.cases.split(",") if prefix]
    cases: dict[str, Path] = {}
    if _selected("spend", wanted):
        cases.update(_spend_cases(out, _spend_rows(args.rows)))
    if _selected("orders", wanted):
        cases.update(_order_cases(out, _order_rows(args.rows), wanted))
    if _selected("pixel", wanted):
        canonical_events, segment_events = _events(args.rows)
        cases.update(_pixel_cases(out, canonical_events))
        cases["pixel_segment_archive"] = _segment_archive(out, segment_events)
    for name, (same, _) in PYTHON_ONLY.items():
        if same in cases:
            cases[name] = cases[same]
    canonical = {f"{kind}_touchline" for kind in ("spend", "orders", "pixel")}
    results = {}
    for name, landing in cases.items():
        if wanted and name not in canonical and not name.startswith(tuple(wanted)):
            continue
        turned_off = PYTHON_ONLY[name][1] if name in PYTHON_ONLY else None
        seconds, cpu, loaded = _load_seconds(landing, out, args.repeat, turned_off)
        results[name] = {"seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3), "records_loaded": loaded}
    table = []
    for name, result in results.items():
        kind = name.split("_", 1)[0]
        base = results.get(f"{kind}_touchline")
        if base is None:
            continue
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
    load_after = os.getloadavg()
    print(
        f"load average before: {load_before[0]:.1f} {load_before[1]:.1f} {load_before[2]:.1f}; after: "
        f"{load_after[0]:.1f} {load_after[1]:.1f} {load_after[2]:.1f}"
    )
    print(f"{'case':32} {'records':>9} {'seconds':>8} {'x canonical':>11} {'cpu s':>7} {'x canonical':>11}")
    for name, records, seconds, ratio, cpu, cpu_ratio in table:
        print(f"{name:32} {records:>9,} {seconds:>8.2f} {ratio:>11.2f} {cpu:>7.2f} {cpu_ratio:>11.2f}")
    results_dir = REPO / "bench" / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    results["load_average"] = {"before": load_before, "after": load_after}
    (results_dir / f"sources-{args.rows}.json").write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
