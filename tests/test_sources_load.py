"""Vendors' files landed unchanged (tests/fixtures/sources/): recognised from their content,
mapped to the landing contract, every record accounted for. Expectations computed by hand
from the fixtures."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.landing_fixtures import formats_tried, load, rows, sha
from touchline.classification.classifier import classify_hit
from touchline.sources.settings import SourceSettingError

FIXTURES = Path(__file__).parent / "fixtures" / "sources"


def land(landing: Path, fixture: str, rel_path: str) -> None:
    """Copy a fixture into the landing folder byte for byte."""
    target = landing / rel_path
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(FIXTURES / fixture, target)


def file_audit(con, path: str) -> tuple:
    return rows(
        con,
        "select status, reason, source_format, records_read, records_loaded, records_quarantined "
        "from audit.load_audit where file_path = ?",
        [path],
    )[0]


def test_shopify_orders_csv_folds_line_items_into_orders(tmp_path):
    land(tmp_path, "shopify_orders_export.csv", "orders/orders_export_1.csv")
    con, _ = load(tmp_path)
    # 5 orders in 6 rows (#1001 has two line items); #1005's Total is not a number
    assert file_audit(con, "orders/orders_export_1.csv") == ("loaded", None, "shopify_orders_csv", 5, 4, 1)
    orders = rows(
        con,
        "select order_id, created_at, email_hash, currency, total_price, financial_status, line_number "
        "from raw.orders order by order_id",
    )
    assert orders == [
        ("5001", datetime(2026, 3, 14, 9, 10), sha("alice@example.com"), "EUR", Decimal("120.0000"), "paid", 2),
        ("5002", datetime(2026, 3, 14, 12, 5), sha("bob@example.com"), "EUR", Decimal("80.0000"), "paid", 4),
        (
            "5003",
            datetime(2026, 3, 14, 17, 30),
            sha("carol@example.com"),
            "EUR",
            Decimal("50.0000"),
            "partially_refunded",
            5,
        ),
        ("5004", datetime(2026, 3, 15, 7, 0), sha("dave@example.com"), "EUR", Decimal("35.0000"), "voided", 6),
    ]
    # `Refunded Amount` becomes one refund per order, dated at its creation (the CSV has no refund time)
    assert rows(con, "select refund_id, order_id, refunded_at, amount, currency from raw.refunds") == [
        ("5003-refunded", "5003", datetime(2026, 3, 14, 17, 30), Decimal("10.0000"), "EUR")
    ]
    [(line, reason, raw)] = rows(con, "select line_number, reason, raw_record from audit.quarantine")
    assert (line, reason) == (7, "non-numeric total_price")
    assert sha("erin@example.com") in raw and "erin@example.com" not in raw
    # no table holds a plain email
    assert rows(con, "select count(*) from raw.orders where email_hash like '%@%'") == [(0,)]


def test_google_ads_ui_report_drops_totals_and_reads_thousands_separators(tmp_path):
    land(tmp_path, "google_ads_campaign_report.csv", "spend/google/Campaign performance report.csv")
    land(tmp_path, "google_ads_campaign_report_excel.csv", "spend/google/excel/report.csv")
    con, _ = load(tmp_path)
    for path in ("spend/google/Campaign performance report.csv", "spend/google/excel/report.csv"):
        assert file_audit(con, path) == ("loaded", None, "google_ads_ui", 3, 3, 0)
        spend = rows(
            con,
            "select date_day, platform, campaign_id, campaign_name, spend, currency, clicks, impressions "
            "from raw.spend where file_path = ? order by line_number",
            [path],
        )
        assert spend == [
            (date(2026, 3, 14), "google", "111222333", "Spring Sale Search", Decimal("60.0000"), "EUR", 31, 1240),
            (date(2026, 3, 15), "google", "111222333", "Spring Sale Search", Decimal("1050.2500"), "EUR", 402, 12400),
            (date(2026, 3, 14), "google", "444555666", "Brand Search", Decimal("0.0000"), "EUR", 0, 0),
        ]
        dropped = rows(
            con, "select line_number, reason from audit.dropped_lines where file_path = ? order by line_number", [path]
        )
        assert dropped == [(7, "report total row"), (8, "report total row")]


def test_google_ads_without_currency_column_takes_the_configured_account_currency(tmp_path, monkeypatch):
    report = "Campaign report\nDay,Campaign,Cost\nMar 14, 2026,Brand,12.50\n".replace("Mar 14, 2026", '"Mar 14, 2026"')
    (tmp_path / "spend").mkdir()
    (tmp_path / "spend/g.csv").write_text(report)
    con, _ = load(tmp_path)
    assert file_audit(con, "spend/g.csv")[3:] == (1, 0, 1)
    assert rows(con, "select reason from audit.quarantine") == [
        ("no currency in the export and none configured for the account (TOUCHLINE_ACCOUNT_CURRENCIES)",)
    ]
    monkeypatch.setenv("TOUCHLINE_ACCOUNT_CURRENCIES", '{"google": "chf"}')
    con, _ = load(tmp_path)
    # the campaign name is its id when the report has no Campaign ID column
    assert rows(con, "select date_day, campaign_id, spend, currency from raw.spend") == [
        (date(2026, 3, 14), "Brand", Decimal("12.5000"), "CHF")
    ]
    monkeypatch.setenv("TOUCHLINE_ACCOUNT_CURRENCIES", '{"google": "euro"}')
    with pytest.raises(SourceSettingError, match="TOUCHLINE_ACCOUNT_CURRENCIES"):
        load(tmp_path)


def test_meta_ads_manager_export_takes_its_currency_from_the_header(tmp_path):
    land(tmp_path, "meta_ads_manager_export.csv", "spend/meta/Spring-Campaigns-Mar-14-2026-Mar-15-2026.csv")
    land(tmp_path, "meta_ads_manager_no_day.csv", "spend/meta/winter.csv")
    con, _ = load(tmp_path)
    path = "spend/meta/Spring-Campaigns-Mar-14-2026-Mar-15-2026.csv"
    assert file_audit(con, path) == ("loaded", None, "meta_ads_ui", 3, 2, 1)
    assert rows(
        con,
        "select date_day, platform, campaign_id, campaign_name, spend, currency, clicks, impressions "
        "from raw.spend where file_path = ? order by line_number",
        [path],
    ) == [
        (date(2026, 3, 14), "meta", "120210000000001", "Spring Reels", Decimal("40.0000"), "EUR", 70, 2100),
        (date(2026, 3, 15), "meta", "120210000000001", "Spring Reels", Decimal("55.1000"), "EUR", 90, 3300),
    ]
    assert rows(con, "select line_number, reason from audit.dropped_lines") == [(2, "report summary row (no campaign)")]
    assert file_audit(con, "spend/meta/winter.csv") == ("loaded", None, "meta_ads_ui", 2, 1, 1)
    assert rows(
        con, "select date_day, campaign_id, spend, currency from raw.spend where file_path like '%winter%'"
    ) == [(date(2026, 3, 14), "Winter Carousel", Decimal("12.3400"), "GBP")]
    assert rows(con, "select file_path, line_number, reason from audit.quarantine order by file_path") == [
        (path, 5, "non-numeric spend"),
        ("spend/meta/winter.csv", 3, "row covers several days (export with the Day breakdown)"),
    ]


def test_segment_and_rudderstack_archives_load_whatever_their_names(tmp_path):
    for archive in sorted((FIXTURES / "segment").iterdir()):
        land(tmp_path, f"segment/{archive.name}", f"pixel/segment-logs/src1/1710374400000/{archive.name}")
    land(tmp_path, "rudderstack_events.json.gz", "pixel/rudder/events.json.gz")
    con, _ = load(tmp_path)
    audits = rows(
        con,
        "select file_path, source_format, records_read, records_loaded, records_quarantined "
        "from audit.load_audit order by file_path",
    )
    assert [a[1:] for a in audits] == [("rudderstack", 1, 1, 0), ("segment", 8, 6, 2), ("segment", 2, 2, 0)]
    events = rows(
        con,
        "select event_id, event_type, ts, visitor_id, url, referrer, email_hash, customer_id, order_id, "
        "revenue, currency from raw.pixel_events where file_path like '%segment%' order by file_path, line_number",
    )
    by_id = {e[0]: e for e in events}
    assert by_id["ajs-next-1710406800000-a1"][1:4] == ("page_view", datetime(2026, 3, 14, 9, 0), "anon-alice")
    assert "gclid=TeSt_GcLiD_1" in by_id["ajs-next-1710406800000-a1"][4]
    assert by_id["ajs-next-1710406800000-a1"][5] == "https://www.google.com/"
    assert by_id["ajs-next-1710407300000-a2"][1] == "identify"
    assert by_id["ajs-next-1710407300000-a2"][6:8] == (sha("alice@example.com"), "cust-77")
    assert by_id["ajs-next-1710407400000-a3"][1] == "checkout_completed"
    assert by_id["ajs-next-1710407400000-a3"][8:] == ("5001", Decimal("120.0000"), "EUR")
    assert by_id["ajs-next-1710417610000-b2"][1] == "view_item"  # Segment's ecommerce spec, one name
    assert by_id["ajs-next-1710417900000-b3"][6] == sha("bob@example.com")
    # Bob's order event was delivered again in the next archive: loaded twice, one in staging
    assert [e[0] for e in events].count("ajs-next-1710417900000-b3") == 2
    assert rows(con, "select line_number, reason from audit.quarantine order by line_number") == [
        (5, "invalid JSON"),
        (8, "missing required field: url"),
    ]
    assert rows(con, "select event_type, visitor_id, url from raw.pixel_events where file_path like '%rudder%'") == [
        ("page_view", "rs-anon-1", "https://shop.example.com/?utm_source=bing&utm_medium=cpc&msclkid=TeStMsClKiD1")
    ]


def test_shopify_web_pixels_events(tmp_path):
    land(tmp_path, "shopify_web_pixels_events.jsonl", "pixel/shopify/events.jsonl")
    con, _ = load(tmp_path)
    assert file_audit(con, "pixel/shopify/events.jsonl") == ("loaded", None, "shopify_web_pixels", 4, 3, 1)
    events = rows(
        con,
        "select event_type, visitor_id, url, referrer, email_hash, customer_id, order_id, revenue, currency "
        "from raw.pixel_events order by line_number",
    )
    assert events[0][:2] == ("page_view", "client-gina") and "ttclid=TeStTtClId1" in events[0][2]
    assert events[1][0] == "view_item"
    assert events[2] == (
        "checkout_completed",
        "client-gina",
        "https://shop.example.com/checkouts/cn/abc/thank-you",
        "https://shop.example.com/checkouts/cn/abc",
        sha("gina@example.com"),
        "9001",
        "5007",
        Decimal("42.5000"),
        "EUR",
    )
    assert rows(con, "select line_number, reason from audit.quarantine") == [(4, "missing required field: order_id")]


def test_canonical_columns_as_parquet(tmp_path):
    (tmp_path / "spend").mkdir()
    table = pa.table(
        {
            "date_day": pa.array([date(2026, 3, 14), date(2026, 3, 15)]),
            "platform": ["facebook", "google"],
            "campaign_id": ["c1", "c2"],
            "campaign_name": ["One", "Two"],
            "spend": pa.array([Decimal("10.25"), Decimal("3.10")], pa.decimal128(12, 2)),
            "currency": ["EUR", None],
            "clicks": pa.array([5.0, 2.0]),
        }
    )
    pq.write_table(table, tmp_path / "spend/export.parquet")
    con, _ = load(tmp_path)
    assert file_audit(con, "spend/export.parquet") == ("loaded", None, "touchline_parquet", 2, 1, 1)
    assert rows(con, "select date_day, platform, spend, currency, clicks from raw.spend") == [
        (date(2026, 3, 14), "facebook", Decimal("10.2500"), "EUR", 5)
    ]
    assert rows(con, "select line_number, reason from audit.quarantine") == [(2, "missing required value: currency")]


def test_unrecognised_files_name_the_formats_tried(tmp_path):
    (tmp_path / "pixel").mkdir()
    (tmp_path / "pixel/export.json").write_text('{"foo": 1}\n')
    (tmp_path / "spend").mkdir()
    (tmp_path / "spend/report.csv").write_text("Title\nDate,Cost\n2026-03-14,1\n")
    con, _ = load(tmp_path)
    assert file_audit(con, "pixel/export.json")[:3] == (
        "rejected",
        "unsupported file type 'export.json' in pixel/ (expected *.jsonl or *.jsonl.gz); not a recognised export "
        f"either {formats_tried('pixel')}",
        None,
    )
    assert file_audit(con, "spend/report.csv")[1].endswith(formats_tried("spend"))
    # the list comes from the registry (a new format needs no test edit); the canonical format
    # comes first and the folder's vendor formats follow, none of another folder's
    pixel = formats_tried("pixel").removeprefix("(formats tried: ").removesuffix(")").split(", ")
    assert pixel[0] == "touchline"
    assert {"segment", "shopify_web_pixels", "snowplow_enriched_tsv"} <= set(pixel)
    assert "google_ads_ui" not in pixel


def test_shopify_admin_rest_orders_page(tmp_path):
    land(tmp_path, "shopify_admin_orders.json", "orders/api/orders-page-1.json")
    con, _ = load(tmp_path)
    assert file_audit(con, "orders/api/orders-page-1.json") == ("loaded", None, "shopify_admin_rest", 3, 2, 1)
    assert rows(
        con,
        "select order_id, created_at, updated_at, email_hash, customer_id, total_price, financial_status, "
        "landing_site, referring_site, is_test from raw.orders order by order_id",
    ) == [
        (
            "5101",
            datetime(2026, 3, 14, 10, 20),
            datetime(2026, 3, 20, 8, 0),
            sha("kim@example.com"),
            "7101",
            Decimal("99.0000"),
            "partially_refunded",
            "/products/boot?utm_source=google&utm_medium=cpc&utm_campaign=Boots%20Search&gclid=TeSt_ReSt_1",
            "https://www.google.com/",
            False,
        ),
        (
            "5102",
            datetime(2026, 3, 14, 13, 0),
            datetime(2026, 3, 14, 13, 0),
            None,
            None,
            Decimal("12.0000"),
            "paid",
            None,
            None,
            True,
        ),
    ]
    # refunds with their own ids and times; a failed transaction and a restock-only refund carry no money
    assert rows(
        con, "select refund_id, order_id, refunded_at, amount, currency from raw.refunds order by refund_id"
    ) == [
        ("8101", "5101", datetime(2026, 3, 18, 14, 0), Decimal("20.0000"), "EUR"),
        ("8103", "5101", datetime(2026, 3, 20, 7, 30), Decimal("5.0000"), "EUR"),
    ]
    assert rows(con, "select line_number, reason from audit.quarantine") == [(3, "unparseable created_at")]


def test_shopify_admin_graphql_bulk_orders_fold_their_children(tmp_path):
    land(tmp_path, "shopify_admin_bulk_orders.jsonl", "orders/bulk/operation-1.jsonl")
    con, _ = load(tmp_path)
    assert file_audit(con, "orders/bulk/operation-1.jsonl") == ("loaded", None, "shopify_admin_graphql", 3, 3, 0)
    assert rows(
        con,
        "select order_id, created_at, customer_id, total_price, financial_status, landing_site, "
        "referring_site, line_number from raw.orders order by order_id",
    ) == [
        (
            "5201",
            datetime(2026, 3, 15, 9, 0),
            "7201",
            Decimal("58.9000"),
            "partially_refunded",
            "https://shop.example.com/?utm_source=facebook&utm_medium=paid_social&fbclid=TeSt_GqL_1",
            "https://m.facebook.com/",
            1,
        ),
        ("5202", datetime(2026, 3, 15, 12, 0), None, Decimal("20.0000"), "voided", None, None, 4),
        (
            "5203",
            datetime(2026, 3, 17, 18, 30),
            "7203",
            Decimal("45.0000"),
            "paid",
            "https://shop.example.com/",
            "https://www.google.com/",
            6,
        ),
    ]
    assert rows(con, "select refund_id, order_id, refunded_at, amount from raw.refunds") == [
        ("8201", "5201", datetime(2026, 3, 16, 10, 0), Decimal("8.9000"))
    ]
    # every visit of the customer journey is a page view of the order's customer, then the checkout:
    # first and last visit (5201), or the `moments` child lines under the visits' own ids (5203,
    # whose firstVisit / lastVisit are moments too: each visit once)
    assert rows(
        con,
        "select event_id, event_type, ts, visitor_id, url, referrer, order_id from raw.pixel_events "
        "order by visitor_id, ts",
    ) == [
        (
            "shopify-journey:5201:first",
            "page_view",
            datetime(2026, 3, 10, 8, 0),
            "shopify-customer:7201",
            "https://shop.example.com/?utm_source=newsletter",
            None,
            None,
        ),
        (
            "shopify-journey:5201:last",
            "page_view",
            datetime(2026, 3, 15, 8, 55),
            "shopify-customer:7201",
            "https://shop.example.com/?utm_source=facebook&utm_medium=paid_social&fbclid=TeSt_GqL_1",
            "https://m.facebook.com/",
            None,
        ),
        (
            "shopify-journey:5201:checkout",
            "checkout_completed",
            datetime(2026, 3, 15, 9, 0),
            "shopify-customer:7201",
            None,
            None,
            "5201",
        ),
        (
            "shopify-journey:visit:9301",
            "page_view",
            datetime(2026, 2, 20, 20, 0),
            "shopify-customer:7203",
            "https://shop.example.com/blog/winter-care?utm_source=pinterest&utm_medium=paid_social",
            "https://www.pinterest.com/",
            None,
        ),
        (
            "shopify-journey:visit:9302",
            "page_view",
            datetime(2026, 3, 2, 12, 0),
            "shopify-customer:7203",
            "https://shop.example.com/collections/gloves?gclid=TeSt_GqL_2",
            "https://www.google.com/",
            None,
        ),
        (
            "shopify-journey:visit:9303",
            "page_view",
            datetime(2026, 3, 17, 18, 20),
            "shopify-customer:7203",
            "https://shop.example.com/",
            "https://www.google.com/",
            None,
        ),
        (
            "shopify-journey:5203:checkout",
            "checkout_completed",
            datetime(2026, 3, 17, 18, 30),
            "shopify-customer:7203",
            None,
            None,
            "5203",
        ),
    ]


def test_microsoft_ads_report_drops_preamble_total_and_footer(tmp_path):
    land(tmp_path, "microsoft_ads_campaign_report.csv", "spend/bing/CampaignPerformance.csv")
    con, _ = load(tmp_path)
    assert file_audit(con, "spend/bing/CampaignPerformance.csv") == ("loaded", None, "microsoft_ads", 2, 2, 0)
    assert rows(
        con,
        "select date_day, platform, account_id, campaign_id, campaign_name, spend, currency, clicks, "
        "impressions from raw.spend order by date_day",
    ) == [
        (
            date(2026, 3, 14),
            "microsoft",
            "F12345AB",
            "402001",
            "Spring Bing Search",
            Decimal("37.8000"),
            "EUR",
            44,
            1310,
        ),
        (
            date(2026, 3, 15),
            "microsoft",
            "F12345AB",
            "402001",
            "Spring Bing Search",
            Decimal("28.1500"),
            "EUR",
            31,
            980,
        ),
    ]
    assert rows(con, "select line_number, reason from audit.dropped_lines order by line_number") == [
        (14, "report total row"),
        (16, "report footer"),
    ]


def test_fivetran_ad_reporting_takes_currencies_per_account_then_platform(tmp_path, monkeypatch):
    land(tmp_path, "fivetran_ad_reporting__campaign_report.csv", "spend/fivetran/campaign_report.csv")
    monkeypatch.setenv("TOUCHLINE_ACCOUNT_CURRENCIES", '{"act_998877": "GBP", "google_ads": "EUR"}')
    con, _ = load(tmp_path)
    assert file_audit(con, "spend/fivetran/campaign_report.csv") == ("loaded", None, "fivetran_ad_reporting", 3, 2, 1)
    assert rows(con, "select platform, account_id, campaign_id, spend, currency from raw.spend order by platform") == [
        ("facebook_ads", "act_998877", "120210000000001", Decimal("40.0000"), "GBP"),
        ("google_ads", "1234567890", "111222333", Decimal("60.0000"), "EUR"),
    ]
    # no currency for the TikTok account: quarantined, never taken as USD
    assert rows(con, "select line_number, reason from audit.quarantine") == [
        (4, "no currency in the export and none configured for the account (TOUCHLINE_ACCOUNT_CURRENCIES)")
    ]


def test_fivetran_ad_reporting_as_parquet(tmp_path, monkeypatch):
    import pyarrow.csv as pa_csv

    (tmp_path / "spend").mkdir()
    table = pa_csv.read_csv(FIXTURES / "fivetran_ad_reporting__campaign_report.csv")
    pq.write_table(table, tmp_path / "spend/campaign_report.parquet")
    monkeypatch.setenv("TOUCHLINE_ACCOUNT_CURRENCIES", '{"google": "EUR", "meta": "EUR", "tiktok": "EUR"}')
    con, _ = load(tmp_path)
    assert file_audit(con, "spend/campaign_report.parquet") == ("loaded", None, "fivetran_ad_reporting", 3, 3, 0)
    assert rows(con, "select platform, date_day, spend, currency, clicks from raw.spend order by platform") == [
        ("facebook_ads", date(2026, 3, 14), Decimal("40.0000"), "EUR", 70),
        ("google_ads", date(2026, 3, 14), Decimal("60.0000"), "EUR", 31),
        ("tiktok_ads", date(2026, 3, 14), Decimal("15.5000"), "EUR", 12),
    ]


def test_ga4_bigquery_export_as_json_lines_and_parquet(tmp_path):
    import pyarrow.json as pa_json

    land(tmp_path, "ga4_events_20260314.json", "pixel/ga4/events_20260314.json")
    # the same export as Parquet (bq extract --destination_format PARQUET keeps the nested columns)
    (tmp_path / "pixel/ga4parquet").mkdir(parents=True)
    good = (FIXTURES / "ga4_events_20260314.json").read_text().splitlines()[:4]
    (tmp_path / "good.json").write_text("\n".join(good) + "\n")
    pq.write_table(pa_json.read_json(tmp_path / "good.json"), tmp_path / "pixel/ga4parquet/events_20260314.parquet")
    con, _ = load(tmp_path)
    assert file_audit(con, "pixel/ga4/events_20260314.json") == ("loaded", None, "ga4_bigquery", 5, 4, 1)
    assert file_audit(con, "pixel/ga4parquet/events_20260314.parquet") == ("loaded", None, "ga4_bigquery", 4, 4, 0)
    events = rows(
        con,
        "select event_id, event_type, ts, visitor_id, url, referrer, customer_id, order_id, revenue, "
        "currency from raw.pixel_events where file_path like '%.json' order by line_number",
    )
    assert events[0][1:4] == ("page_view", datetime(2024, 3, 14, 9, 0, 0, 123456), "1234567890.1710400000")
    # the click ID and campaign GA4 collected are added to the URL the classifier reads
    assert events[0][4] == (
        "https://shop.example.com/?utm_source=google&utm_medium=cpc&gclid=TeSt_Ga4_GcLiD"
        "&utm_campaign=Spring+Sale+Search&utm_id=111222333"
    )
    assert events[0][5] == "https://www.google.com/"
    assert events[1][1] == "scroll"
    assert events[2][1:] == (
        "checkout_completed",
        datetime(2024, 3, 14, 9, 10),
        "1234567890.1710400000",
        "https://shop.example.com/checkout/thank_you",
        None,
        "cust-77",
        "5001",
        Decimal("120.0000"),
        "EUR",
    )
    # the same event twice (a re-export) gets the same derived id, and so do both files' copies
    assert events[3][0] == events[2][0] and events[2][0].startswith("ga4:")
    parquet_ids = [
        r[0]
        for r in rows(
            con, "select event_id from raw.pixel_events where file_path like '%.parquet' order by line_number"
        )
    ]
    assert parquet_ids == [e[0] for e in events]
    assert rows(con, "select reason from audit.quarantine") == [("unparseable event_timestamp",)]


def test_woocommerce_orders_with_order_attribution(tmp_path):
    land(tmp_path, "woocommerce_orders.json", "orders/woo/orders-page-1.json")
    con, _ = load(tmp_path)
    assert file_audit(con, "orders/woo/orders-page-1.json") == ("loaded", None, "woocommerce_rest", 6, 5, 1)
    assert rows(
        con,
        "select order_id, created_at, updated_at, email_hash, customer_id, total_price, financial_status, "
        "landing_site, referring_site from raw.orders order by order_id",
    ) == [
        (
            "727",
            datetime(2026, 3, 14, 10, 0),
            datetime(2026, 3, 18, 8, 30),
            sha("nia@example.com"),
            "31",
            Decimal("64.9000"),
            "partially_refunded",
            "https://shop.example.com/boots/?gclid=TeSt_WoO_1&utm_source=google&utm_medium=cpc&utm_campaign=Boots+Search",
            "https://www.google.com/",
        ),
        (
            "728",
            datetime(2026, 3, 14, 12, 0),
            datetime(2026, 3, 14, 12, 30),
            None,
            None,
            Decimal("20.0000"),
            "voided",
            None,
            None,
        ),
        # a typed-in visit: its `utm_source` `(direct)` is not a tag, nothing is added
        (
            "740",
            datetime(2026, 3, 16, 9, 0),
            datetime(2026, 3, 16, 9, 0),
            sha("lou@example.com"),
            None,
            Decimal("35.0000"),
            "paid",
            "https://shop.example.com/boots/",
            None,
        ),
        # an organic search visit: `utm_source` `google` is the engine, the referrer tells it
        (
            "741",
            datetime(2026, 3, 16, 11, 0),
            datetime(2026, 3, 16, 11, 0),
            sha("kim@example.com"),
            None,
            Decimal("49.5000"),
            "paid",
            "https://shop.example.com/boots/",
            "https://www.google.com/",
        ),
        # a referral from Facebook's link shim: `utm_source` is the host, the referrer tells it
        (
            "742",
            datetime(2026, 3, 16, 13, 0),
            datetime(2026, 3, 16, 13, 0),
            sha("sam@example.com"),
            None,
            Decimal("18.0000"),
            "paid",
            "https://shop.example.com/boots/",
            "https://l.facebook.com/",
        ),
    ]
    # what the referrer classifier makes of each landing site and referrer
    touches = {
        order_id: classify_hit(landing, referrer)
        for order_id, landing, referrer in rows(con, "select order_id, landing_site, referring_site from raw.orders")
        if landing
    }
    assert {order_id: (t.channel, t.source, t.medium) for order_id, t in touches.items()} == {
        "727": ("Paid Search", "google", "cpc"),
        "740": ("Direct", "(direct)", "(none)"),
        "741": ("Organic Search", "google", "organic"),
        "742": ("Organic Social", "facebook", "social"),
    }
    assert rows(con, "select refund_id, order_id, refunded_at, amount from raw.refunds") == [
        ("731", "727", datetime(2026, 3, 18, 8, 30), Decimal("14.9000"))
    ]
    assert rows(con, "select line_number, reason from audit.quarantine") == [(3, "missing required value: total_price")]


def test_bigcommerce_v2_orders_with_rfc2822_dates(tmp_path):
    land(tmp_path, "bigcommerce_orders.json", "orders/bigcommerce/orders.json")
    con, _ = load(tmp_path)
    assert file_audit(con, "orders/bigcommerce/orders.json") == ("loaded", None, "bigcommerce_v2", 3, 3, 0)
    assert rows(
        con,
        "select order_id, created_at, email_hash, customer_id, total_price, financial_status "
        "from raw.orders order by order_id",
    ) == [
        ("100", datetime(2026, 3, 14, 10, 30), sha("omar@example.com"), "11", Decimal("49.5000"), "partially_refunded"),
        ("101", datetime(2026, 3, 14, 12, 0), sha("pia@example.com"), None, Decimal("30.0000"), "paid"),
        ("102", datetime(2026, 3, 15, 9, 0), sha("quin@example.com"), "12", Decimal("12.0000"), "voided"),
    ]
    assert rows(con, "select refund_id, refunded_at, amount from raw.refunds") == [
        ("100-refunded", datetime(2026, 3, 16, 9, 0), Decimal("9.5000"))
    ]


def test_snowplow_enriched_json_lines(tmp_path):
    land(tmp_path, "snowplow_enriched.json", "pixel/snowplow/part-00000.json")
    con, _ = load(tmp_path)
    assert file_audit(con, "pixel/snowplow/part-00000.json") == ("loaded", None, "snowplow_enriched_json", 3, 2, 1)
    assert rows(
        con,
        "select event_id, event_type, ts, received_at, visitor_id, referrer, customer_id, order_id, "
        "revenue, currency from raw.pixel_events order by line_number",
    ) == [
        (
            "c6ef3124-b53a-4b13-a233-0088f79dcbcb",
            "page_view",
            datetime(2026, 3, 14, 9, 0, 0, 600000),
            datetime(2026, 3, 14, 9, 0, 1),
            "sp-duid-1",
            "https://www.pinterest.com/",
            None,
            None,
            None,
            None,
        ),
        (
            "d7ef3124-b53a-4b13-a233-0088f79dcbcc",
            "checkout_completed",
            datetime(2026, 3, 14, 9, 20),
            datetime(2026, 3, 14, 9, 20, 1),
            "sp-duid-1",
            "https://shop.example.com/checkout",
            "cust-5",
            "5301",
            Decimal("77.5000"),
            "EUR",
        ),
    ]
    assert rows(con, "select reason from audit.quarantine") == [("missing required field: visitor_id",)]


def test_x_ads_export_takes_the_configured_currency(tmp_path, monkeypatch):
    land(tmp_path, "x_ads_campaign_export.csv", "spend/x/campaign-export.csv")
    monkeypatch.setenv("TOUCHLINE_ACCOUNT_CURRENCIES", '{"twitter": "EUR"}')
    con, _ = load(tmp_path)
    assert file_audit(con, "spend/x/campaign-export.csv") == ("loaded", None, "x_ads_ui", 2, 2, 0)
    assert rows(
        con,
        "select date_day, platform, campaign_id, campaign_name, spend, currency, clicks, impressions "
        "from raw.spend order by date_day",
    ) == [
        (date(2026, 3, 14), "x", "1a2b3c", "Spring Promo", Decimal("21.4000"), "EUR", 47, 4100),
        (date(2026, 3, 15), "x", "1a2b3c", "Spring Promo", Decimal("1002.0000"), "EUR", 611, 52000),
    ]


def test_an_oversized_json_line_of_a_vendor_format_is_quarantined_by_its_length(tmp_path):
    land(tmp_path, "shopify_web_pixels_events.jsonl", "pixel/shopify/events.jsonl")
    path = tmp_path / "pixel/shopify/events.jsonl"
    lines = path.read_text().splitlines()
    huge = lines[1].replace('"seq":2', '"seq":2,"pad":"' + "x" * 5000 + '"')
    path.write_text("\n".join([lines[0], huge, *lines[2:]]) + "\n")
    con, _ = load(tmp_path, max_record_bytes=4096)
    assert file_audit(con, "pixel/shopify/events.jsonl")[3:] == (4, 2, 2)
    [(_line, reason, raw)] = rows(
        con, "select line_number, reason, raw_record from audit.quarantine where line_number = 2"
    )
    assert reason == "record longer than TOUCHLINE_MAX_RECORD_BYTES (4096 bytes)"
    assert raw.endswith(f"...[cut: the record is {len(huge)} bytes]")


def test_connector_api_tables_meta_insights_and_google_ads(tmp_path, monkeypatch):
    land(tmp_path, "airbyte_facebook_ads_insights.csv", "spend/airbyte/ads_insights.csv")
    land(tmp_path, "airbyte_google_ads_campaign.csv", "spend/airbyte/campaign.csv")
    monkeypatch.setenv("TOUCHLINE_ACCOUNT_CURRENCIES", '{"1234567890": "EUR"}')
    con, _ = load(tmp_path)
    assert file_audit(con, "spend/airbyte/ads_insights.csv") == ("loaded", None, "meta_insights_api", 2, 1, 1)
    assert file_audit(con, "spend/airbyte/campaign.csv") == ("loaded", None, "google_ads_api", 2, 2, 0)
    assert rows(
        con,
        "select platform, date_day, campaign_id, ad_group_id, spend, currency from raw.spend "
        "order by platform, date_day",
    ) == [
        ("google", date(2026, 3, 14), "111222333", None, Decimal("60.0000"), "EUR"),
        ("google", date(2026, 3, 15), "111222333", None, Decimal("1050.2500"), "EUR"),
        ("meta", date(2026, 3, 14), "120210000000001", "120210000000101", Decimal("40.0000"), "EUR"),
    ]
    assert rows(con, "select reason from audit.quarantine") == [
        ("row covers several days (replicate with time_increment=1)",)
    ]


def test_snowplow_enriched_tsv_without_a_header_row(tmp_path):
    # the enrich job's own output: 131 tab-separated fields, no header, whatever the file name
    land(tmp_path, "snowplow_enriched.tsv", "pixel/snowplow/enriched/part-00000")
    con, _ = load(tmp_path)
    assert file_audit(con, "pixel/snowplow/enriched/part-00000") == ("loaded", None, "snowplow_enriched_tsv", 4, 2, 2)
    assert rows(
        con,
        "select event_id, event_type, ts, received_at, visitor_id, url, referrer, customer_id, "
        "order_id, revenue, currency from raw.pixel_events order by line_number",
    ) == [
        (
            "e1a00000-0000-4000-8000-000000000001",
            "page_view",
            datetime(2026, 3, 14, 10, 0, 0, 600000),
            datetime(2026, 3, 14, 10, 0, 1),
            "sp-duid-7",
            "https://shop.example.com/?utm_source=newsletter&utm_medium=email",
            "https://mail.example.net/",
            None,
            None,
            None,
            None,
        ),
        (
            "e1a00000-0000-4000-8000-000000000002",
            "checkout_completed",
            datetime(2026, 3, 14, 10, 12, 30, 250000),
            datetime(2026, 3, 14, 10, 12, 31),
            "sp-duid-7",
            "https://shop.example.com/checkout/thank-you",
            None,
            "cust-9",
            "5401",
            Decimal("64.9000"),
            "EUR",
        ),
    ]
    assert rows(con, "select line_number, reason from audit.quarantine order by line_number") == [
        (3, "missing required field: visitor_id"),
        (4, "wrong number of fields (expected 131, got 4)"),
    ]


def test_json_documents_are_read_one_record_at_a_time(tmp_path, monkeypatch):
    from touchline.sources import readers

    def whole(*args, **kwargs):
        raise AssertionError("a JSON document was read whole")

    monkeypatch.setattr(readers, "_document_records", whole)
    land(tmp_path, "shopify_admin_orders.json", "orders/rest/orders.json")
    land(tmp_path, "woocommerce_orders.json", "orders/woo/orders.json")
    con, _ = load(tmp_path)
    audits = rows(con, "select file_path, status, records_read from audit.load_audit order by file_path")
    assert [(path, status) for path, status, _ in audits] == [
        ("orders/rest/orders.json", "loaded"),
        ("orders/woo/orders.json", "loaded"),
    ]
    assert all(read > 0 for _, _, read in audits)


def test_a_json_document_cut_short_is_rejected_with_nothing_loaded(tmp_path):
    text = (FIXTURES / "shopify_admin_orders.json").read_text()
    (tmp_path / "orders").mkdir()
    (tmp_path / "orders/orders.json").write_text(text[: int(len(text) * 0.8)])
    con, _ = load(tmp_path)
    [(status, reason)] = rows(con, "select status, reason from audit.load_audit")
    assert status == "rejected" and reason.startswith("invalid JSON document")
    assert rows(con, "select count(*) from raw.orders") == [(0,)]
    assert rows(con, "select count(*) from raw.refunds") == [(0,)]


def test_a_compact_rest_page_on_one_line_is_a_document(tmp_path):
    # the Admin API answers with compact JSON: `{"orders":[...]}` on a single line
    import json

    page = json.loads((FIXTURES / "shopify_admin_orders.json").read_text())
    (tmp_path / "orders").mkdir()
    (tmp_path / "orders/compact.json").write_text(json.dumps(page, separators=(",", ":")))
    land(tmp_path, "shopify_admin_orders.json", "orders/pretty.json")
    con, _ = load(tmp_path)
    audits = rows(
        con,
        "select status, source_format, records_read, records_loaded, records_quarantined "
        "from audit.load_audit order by file_path",
    )
    assert audits[0] == audits[1] and audits[0][:2] == ("loaded", "shopify_admin_rest")
    assert rows(
        con, "select order_id, total_price from raw.orders where file_path = 'orders/compact.json' order by 1"
    ) == rows(con, "select order_id, total_price from raw.orders where file_path = 'orders/pretty.json' order by 1")
