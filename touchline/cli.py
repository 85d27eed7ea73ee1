"""The `touchline` command."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from touchline import __version__, settings
from touchline.commands.demo import DEMO_DAYS, DEMO_SEED, DEMO_VISITORS
from touchline.fast_exit import exit_now


def _add_paths(parser: argparse.ArgumentParser, *, landing: bool = True, warehouse: bool = True) -> None:
    if landing:
        parser.add_argument(
            "--landing", metavar="DIR", help=f"landing folder (default ${settings.LANDING_ENV} or ./landing)"
        )
    if not warehouse:
        return
    parser.add_argument(
        "--warehouse",
        metavar="PATH",
        help=f"DuckDB file (default ${settings.WAREHOUSE_ENV} or ./warehouse/touchline.duckdb)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="touchline", description="Open-source revenue-attribution warehouse.")
    parser.add_argument("--version", action="version", version=f"touchline {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    gen = sub.add_parser("generate", help="write a realistic demo landing folder plus its ground truth")
    gen.add_argument("--out", required=True, metavar="DIR", help="landing folder to write")
    gen.add_argument("--truth", metavar="DIR", help="ground-truth folder (default: <out>_truth beside it)")
    gen.add_argument(
        "--days", type=int, default=90, help="days of data, up to the generator's fixed last day (default %(default)s)"
    )
    gen.add_argument("--visitors", type=int, default=5000, help="visitors over those days (default %(default)s)")
    gen.add_argument(
        "--seed", type=int, default=42, help="random seed: the same seed writes the same files (default %(default)s)"
    )
    # stores' own export formats instead of the canonical files (docs/sources.md)
    gen.add_argument(
        "--orders-format",
        default="touchline",
        metavar="FORMAT",
        help="touchline, shopify_orders_csv, shopify_admin_rest, shopify_admin_graphql, woocommerce_rest or "
        "bigcommerce_v2 (default %(default)s)",
    )
    gen.add_argument(
        "--events-format",
        default="touchline",
        metavar="FORMAT",
        help="touchline, segment, rudderstack, shopify_web_pixels, ga4_bigquery, snowplow_enriched_json "
        "or snowplow_enriched_tsv: the pixel events as that tracker archives them (default %(default)s)",
    )
    gen.add_argument(
        "--spend-format",
        default="touchline",
        metavar="FORMATS",
        help="comma-separated: google_ads_ui, meta_ads_ui, microsoft_ads, x_ads_ui, tiktok_ads_ui, "
        "pinterest_ads_ui, snapchat_ads_ui, linkedin_ads_ui, reddit_ads_ui, google_ads_api, "
        "meta_insights_api (each rewrites its platform's files), fivetran_ad_reporting (every other platform), touchline "
        "(default %(default)s)",
    )

    build = sub.add_parser(
        "build", help="load what is new and update the warehouse (the nightly Dagster job, in-process)"
    )
    _add_paths(build)
    build.add_argument("--full-refresh", action="store_true", help="reload every landed file and rebuild every model")
    build.add_argument(
        "--verbose",
        action="store_true",
        help="also show the log (Dagster, dbt's nodes, the loader's files) as it is written",
    )
    build.add_argument(
        "--engine",
        metavar="ENGINE",
        help=f"duckdb or spark: the engine dbt runs on (default ${settings.ENGINE_ENV} or duckdb; docs/scaling.md)",
    )

    demo = sub.add_parser("demo", help="generate demo data, build it, print example queries")
    demo.add_argument(
        "--out", default="demo", metavar="DIR", help="where demo landing and truth folders go (default ./demo)"
    )
    demo.add_argument("--warehouse", metavar="PATH", help="DuckDB file (default ./demo/touchline.duckdb)")
    demo.add_argument("--days", type=int, default=DEMO_DAYS, help="days of demo data (default %(default)s)")
    demo.add_argument(
        "--visitors", type=int, default=DEMO_VISITORS, help="visitors over those days (default %(default)s)"
    )
    demo.add_argument("--seed", type=int, default=DEMO_SEED, help="random seed (default %(default)s)")

    docs = sub.add_parser("docs", help="generate the dbt docs (lineage, every table and column)")
    _add_paths(docs, landing=False)
    docs.add_argument("--serve", action="store_true", help="serve them on localhost")
    docs.add_argument("--port", type=int, default=8080, help="port for --serve (default %(default)s)")

    ui = sub.add_parser("ui", help="start the Dagster UI with the nightly schedule")
    _add_paths(ui)
    ui.add_argument("--port", type=int, default=3000, help="port of the Dagster UI (default %(default)s)")

    classify = sub.add_parser("classify", help="print the touch (source/medium/channel ...) of one hit")
    classify.add_argument("url", help="the landing page URL with its query string")
    classify.add_argument("--referrer", default=None, help="document.referrer of the hit")
    classify.add_argument(
        "--internal-host", action="append", default=[], metavar="HOST", help="one of the store's own hosts (repeatable)"
    )
    classify.add_argument(
        "--unwanted-referrer",
        action="append",
        default=[],
        metavar="HOST",
        help="an extra payment-gateway-like referrer host to ignore (repeatable)",
    )

    sub.add_parser("seeds", help="regenerate the classifier's dbt seeds from the Python registry")

    # touchline collect (docs/pixel.md)
    collect = sub.add_parser("collect", help="run the pixel collector: serve /t.js, write events under landing/pixel/")
    _add_paths(collect, warehouse=False)
    collect.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    collect.add_argument("--port", type=int, default=8088, help="port (default 8088; 0 picks a free one)")
    collect.add_argument(
        "--allowed-origin",
        action="append",
        default=[],
        metavar="URL",
        help="a storefront origin allowed to send events, e.g. https://shop.example.com (repeatable; * for any)",
    )
    collect.add_argument(
        "--rate-limit",
        type=float,
        default=20.0,
        metavar="N",
        help="requests per second per client address, bursts of 2N (default 20; 0: no limit)",
    )
    collect.add_argument("--max-body-kb", type=int, default=64, metavar="KB", help="largest request body (default 64)")
    collect.add_argument(
        "--rotate-seconds",
        type=int,
        default=3600,
        metavar="S",
        help="finish files at least this often, on clock boundaries (default 3600: hourly)",
    )
    collect.add_argument(
        "--max-file-mb", type=int, default=64, metavar="MB", help="finish a file at this size (default 64)"
    )
    collect.add_argument(
        "--forwarded-allow-ips",
        metavar="IPS",
        help="trust X-Forwarded-For from these proxy addresses (comma-separated) for rate limits",
    )

    # touchline pixel (docs/pixel.md)
    pixel = sub.add_parser("pixel", help="print the pixel install code for a storefront")
    pixel.add_argument(
        "kind", choices=["html", "shopify"], help="html: the two <head> lines; shopify: the custom pixel"
    )
    pixel.add_argument(
        "--collector",
        required=True,
        metavar="URL",
        help="the collector's public URL, e.g. https://collect.shop.example.com",
    )
    report = sub.add_parser("report", help="write the morning report: one self-contained HTML file of charts")
    _add_paths(report, landing=False)
    report.add_argument(
        "--out", metavar="FILE.html", help="where to write it (default: <warehouse>.report.html beside the warehouse)"
    )
    report.add_argument(
        "--days",
        type=int,
        default=90,
        metavar="N",
        help="the weeks covering the last N days up to the latest data (default 90)",
    )

    sql = sub.add_parser("sql", help="query the published warehouse read-only (no query: an interactive prompt)")
    _add_paths(sql, landing=False)
    sql.add_argument(
        "--format", choices=["table", "csv", "json"], default="table", help="output format (default table)"
    )
    sql.add_argument(
        "--engine",
        metavar="ENGINE",
        help=f"duckdb or spark: query the DuckDB file or the Spark tables (default ${settings.ENGINE_ENV} or duckdb)",
    )
    sql.add_argument("query", nargs="?", help="SQL to run; several statements separated by ';' run in order")

    _add_conversions(sub)
    return parser


def _add_conversions(sub) -> None:
    from touchline.conversions.destinations import DESTINATIONS

    conversions = sub.add_parser(
        "conversions", help="server-side conversions for the ad platforms (docs/conversions.md)"
    )
    actions = conversions.add_subparsers(dest="conversions_command", required=True)
    export = actions.add_parser("export", help="write the ready conversions of one destination as its payload file")
    export.add_argument("--destination", required=True, choices=list(DESTINATIONS))
    _add_paths(export, landing=False)
    export.add_argument(
        "--since", metavar="DATE", type=_date, help="only orders placed on or after this date (YYYY-MM-DD)"
    )
    export.add_argument("--out", required=True, metavar="DIR", help="folder for the payload files")
    export.add_argument(
        "--engine",
        metavar="ENGINE",
        help=f"duckdb or spark: read the marts of the DuckDB file or of a Spark build (default ${settings.ENGINE_ENV} or duckdb)",
    )
    send = actions.add_parser(
        "send", help="post a destination's exported files to its API (a dry run unless --no-dry-run)"
    )
    send.add_argument("--destination", required=True, choices=list(DESTINATIONS))
    _add_paths(send, landing=False)
    send.add_argument("--out", required=True, metavar="DIR", help="the folder the export wrote to")
    send.add_argument(
        "--dry-run",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="print what would be sent (default); --no-dry-run sends",
    )


def _date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _dispatch(args)
    except settings.ConfigError as exc:
        print(f"touchline: configuration error: {exc}", file=sys.stderr)
        return 2


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "generate":
        from touchline.generator import generate
        from touchline.generator.api_formats import API_ORDERS_FORMATS, API_SPEND_FORMATS
        from touchline.generator.event_formats import EVENTS_FORMATS
        from touchline.sources.writers import ORDERS_FORMATS, SPEND_FORMATS, parse_formats

        out = Path(args.out).resolve()
        try:
            [orders_format] = parse_formats(args.orders_format, ORDERS_FORMATS + API_ORDERS_FORMATS, "--orders-format")
            spend_formats = tuple(
                parse_formats(args.spend_format, SPEND_FORMATS + tuple(API_SPEND_FORMATS), "--spend-format")
            )
            [events_format] = parse_formats(args.events_format, EVENTS_FORMATS, "--events-format")
        except ValueError as exc:
            print(f"touchline generate: {exc}", file=sys.stderr)
            return 2
        stats = generate(
            out,
            days=args.days,
            visitors=args.visitors,
            seed=args.seed,
            truth_dir=Path(args.truth).resolve() if args.truth else None,
            orders_format=orders_format,
            spend_formats=spend_formats,
            events_format=events_format,
        )
        print(
            f"wrote {stats.files} files to {out}: {stats.events:,} events, {stats.orders:,} orders, "
            f"{stats.refunds:,} refund rows, {stats.spend_rows:,} spend rows (duplicates and re-exports included); truth in {stats.truth_dir}"
        )
        if stats.account_currencies:
            print(
                "the spend files name no currency; build with:\n  export TOUCHLINE_ACCOUNT_CURRENCIES="
                f"'{json.dumps(stats.account_currencies, sort_keys=True)}'"
            )
        return 0
    if args.command == "build":
        from touchline.commands.build import BuildFailed, run_build

        if settings.engine(args.engine) == "spark":
            return _build_on_spark(args)
        try:
            run_build(
                settings.landing_dir(args.landing),
                settings.warehouse_path(args.warehouse),
                full_refresh=args.full_refresh,
                verbose=args.verbose,
            )
        except BuildFailed as exc:
            print(f"touchline: {exc}", file=sys.stderr)
            return 1
        return 0
    if args.command == "demo":
        from touchline.commands.demo import run_demo

        out = Path(args.out).resolve()
        warehouse = settings.warehouse_path(args.warehouse or out / "touchline.duckdb")
        run_demo(out, warehouse, days=args.days, visitors=args.visitors, seed=args.seed)
        return 0
    if args.command == "docs":
        from touchline.commands.docs import run_docs

        run_docs(settings.warehouse_path(args.warehouse), serve=args.serve, port=args.port)
        return 0
    if args.command == "ui":
        from touchline.commands.ui import run_ui

        return run_ui(settings.landing_dir(args.landing), settings.warehouse_path(args.warehouse), port=args.port)
    if args.command == "classify":
        from urllib.parse import urlsplit

        from touchline.classification import classify_hit

        parts = urlsplit(args.url.strip())
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            print(
                f"touchline: classify needs the landing page's full URL (http:// or https://, with its host), "
                f"e.g. 'https://shop.example.com/?utm_source=google&gclid=x', got {args.url!r}",
                file=sys.stderr,
            )
            return 2
        touch = classify_hit(
            args.url, args.referrer, internal_hosts=args.internal_host, unwanted_referrers=args.unwanted_referrer
        )
        for name, value in touch.as_dict().items():
            print(f"{name:<14} {'' if value is None else value}")
        return 0
    if args.command == "conversions":
        from touchline.commands.conversions import run_conversions

        return run_conversions(args)
    if args.command == "seeds":
        from touchline.classification.seeds import write_seeds

        for path in write_seeds(settings.SEEDS_DIR):
            print(f"wrote {path}")
        return 0
    if args.command == "collect":
        return _collect(args)
    if args.command == "pixel":
        from touchline.pixel.snippet import install_html, shopify_custom_pixel

        try:
            code = install_html(args.collector) if args.kind == "html" else shopify_custom_pixel(args.collector)
        except ValueError as exc:
            raise settings.ConfigError(str(exc)) from None
        print(code, end="")
        return 0
    if args.command == "report":
        from touchline.commands.report import run_report

        return run_report(
            settings.warehouse_path(args.warehouse), Path(args.out).resolve() if args.out else None, days=args.days
        )
    if args.command == "sql":
        from touchline.commands.sql import run_sql

        if settings.engine(args.engine) == "spark":
            from touchline.spark.sql import run_spark_sql

            return run_spark_sql(settings.warehouse_path(args.warehouse), args.query, fmt=args.format)
        return run_sql(settings.warehouse_path(args.warehouse), args.query, fmt=args.format)
    raise AssertionError(args.command)


def _build_on_spark(args: argparse.Namespace) -> int:
    from touchline.dbt.cli import DbtError
    from touchline.spark.build import run_spark_build

    try:
        run_spark_build(
            settings.landing_dir(args.landing),
            settings.warehouse_path(args.warehouse),
            full_refresh=args.full_refresh,
        )
    except DbtError as exc:
        print(f"touchline: {exc}", file=sys.stderr)
        return 1
    return 0


def _collect(args: argparse.Namespace) -> int:
    from touchline.collect.app import CollectorSettings
    from touchline.collect.server import run_collector

    for name, value, least in (
        ("--max-body-kb", args.max_body_kb, 1),
        ("--rotate-seconds", args.rotate_seconds, 1),
        ("--max-file-mb", args.max_file_mb, 1),
        ("--port", args.port, 0),
    ):
        if value < least:
            raise settings.ConfigError(f"{name} must be at least {least} (got {value})")
    if args.rate_limit < 0:
        raise settings.ConfigError(f"--rate-limit must be 0 or more (got {args.rate_limit})")
    collector = CollectorSettings(
        landing=settings.landing_dir(args.landing),
        allowed_origins=tuple(args.allowed_origin),
        max_body_bytes=args.max_body_kb * 1024,
        rate_limit=args.rate_limit,
        rotate_seconds=args.rotate_seconds,
        max_file_bytes=args.max_file_mb * 1024 * 1024,
    )
    return run_collector(collector, args.host, args.port, forwarded_allow_ips=args.forwarded_allow_ips)


def run() -> None:
    """The `touchline` console script: main(), then an exit without the interpreter's teardown
    (touchline.fast_exit; ~1 s after a build)."""
    exit_now(main())


if __name__ == "__main__":
    run()
