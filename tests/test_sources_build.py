"""Stores' own exports through the whole build (loader + dbt), asserting on the marts.

1. The end-to-end proof of docs/sources.md: a Shopify orders CSV, a Google Ads UI report, a
   Meta Ads Manager export and Segment archives of the same customers land together, unchanged
   (tests/fixtures/sources/); the gclid order is attributed to its Google campaign, the fbclid
   order to its Meta campaign, and campaign_performance_daily shows both campaigns' ROAS.
3. A Shopify GraphQL export's customer journeys: the first visit reaches first touch.
2. Orders attributed by their landing site (no pixel history) count in campaign ROAS, a
   relative landing_site resolves against the store's domain, and a connector's platform name
   (`google_ads`) joins the touches' `google`.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from tests.landing_fixtures import sha, write_csv
from tests.warehouse_snapshot import query
from touchline.commands.build import run_build

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
DBT_VARS = "{reporting_currency: EUR, internal_hosts: [shop.example.com]}"


def _build(landing: Path, warehouse: Path) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TOUCHLINE_DBT_VARS", DBT_VARS)
        run_build(landing, warehouse, echo=lambda line: None)


@pytest.fixture(scope="module")
def store_exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("store_exports")
    landing = root / "landing"
    for fixture, rel_path in [
        ("shopify_orders_export.csv", "orders/2026-03-16/orders_export_1.csv"),
        ("shopify_orders_export_later.csv", "orders/2026-03-17/orders_export_1.csv"),
        ("google_ads_campaign_report.csv", "spend/google/Campaign report.csv"),
        ("meta_ads_manager_export.csv", "spend/meta/Spring-Campaigns.csv"),
        *[(f"segment/{p.name}", f"pixel/segment-logs/src1/{p.name}") for p in sorted((FIXTURES / "segment").iterdir())],
    ]:
        (landing / rel_path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(FIXTURES / fixture, landing / rel_path)
    warehouse = root / "touchline.duckdb"
    _build(landing, warehouse)
    return warehouse


def test_every_export_is_recognised_and_accounted_for(store_exports):
    formats = dict(query(store_exports, "select file_path, source_format from audit.load_audit"))
    assert sorted(formats.values()) == [
        "google_ads_ui",
        "meta_ads_ui",
        "segment",
        "segment",
        "shopify_orders_csv",
        "shopify_orders_csv",
    ]
    assert query(
        store_exports,
        "select count(*) from audit.load_audit where records_read <> records_loaded + records_quarantined",
    ) == [(0,)]
    dropped = dict(query(store_exports, "select reason, records from audit.dropped_records where kind = 'spend'"))
    assert dropped["report total row"] == 2
    assert dropped["report summary row (no campaign)"] == 1


def test_gclid_and_fbclid_orders_go_to_their_campaigns(store_exports):
    payments = {
        row[0]: row[1:]
        for row in query(
            store_exports,
            "select order_id, attribution_status, last_touch_ad_platform, last_touch_campaign, gclid, fbclid, "
            "email_hash, net_revenue from marts.visitor_payments",
        )
    }
    assert payments["5001"] == (
        "attributed",
        "google",
        "Spring Sale Search",
        "TeSt_GcLiD_1",
        None,
        sha("alice@example.com"),
        Decimal("120.0000"),
    )
    assert payments["5002"] == (
        "attributed",
        "meta",
        "Spring Reels",
        None,
        "IwAR_TeSt_FbClId_1",
        sha("bob@example.com"),
        Decimal("80.0000"),
    )
    # Carol's order: the later export restates its refund (20.00 replaces 10.00)
    assert payments["5003"][-1] == Decimal("30.0000")
    assert payments["5004"][-1] == Decimal("0.0000")  # voided
    assert payments["5006"][-1] == Decimal("64.5000")  # only in the later export


def test_both_campaigns_show_their_roas(store_exports):
    performance = query(
        store_exports,
        "select ad_platform, campaign_id, spend_reporting, revenue_last_touch, roas_last_touch "
        "from marts.campaign_performance_daily where date_day = '2026-03-14' and spend_reporting > 0 "
        "order by ad_platform",
    )
    assert performance == [
        ("google", "111222333", Decimal("60.0000"), Decimal("120.0000"), Decimal("2.0000")),
        ("meta", "120210000000001", Decimal("40.0000"), Decimal("80.0000"), Decimal("2.0000")),
    ]


@pytest.fixture(scope="module")
def landing_site_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("landing_site_store")
    landing = root / "landing"
    write_csv(
        landing,
        "orders/orders.csv",
        (
            "order_id,created_at,email,currency,total_price,financial_status,landing_site,referring_site\n"
            "9001,2026-03-14T10:00:00Z,ivy@example.com,EUR,150.00,paid,"
            "/products/boot?utm_source=google&utm_medium=cpc&utm_campaign=Boots%20Search&gclid=TeSt_LaNdInG_1,"
            "https://www.google.com/\n"
            "9002,2026-03-14T11:00:00Z,jo@example.com,EUR,45.00,paid,/collections/all,https://shop.example.com/\n"
        ),
    )
    write_csv(
        landing,
        "spend/fivetran_campaign_report.csv",
        (
            "date_day,platform,campaign_id,campaign_name,spend,currency\n"
            "2026-03-14,google_ads,777,Boots Search,50.00,EUR\n"
        ),
    )
    warehouse = root / "touchline.duckdb"
    _build(landing, warehouse)
    return warehouse


def test_landing_site_orders_count_in_campaign_roas(landing_site_store):
    payments = {
        row[0]: row[1:]
        for row in query(
            landing_site_store,
            "select order_id, attribution_status, last_touch_source, "
            "last_touch_ad_platform, last_touch_click_id from marts.visitor_payments",
        )
    }
    assert payments["9001"] == ("landing_site", "google", "google", "TeSt_LaNdInG_1")
    # the shop's own domain as referrer of a relative landing site is internal, not a referral
    assert payments["9002"][1] != "shop.example.com"
    assert query(
        landing_site_store,
        "select ad_platform, campaign_id, spend_reporting, orders_last_touch, revenue_last_touch, roas_last_touch, "
        "revenue_first_touch from marts.campaign_performance_daily",
    ) == [
        (
            "google",
            "777",
            Decimal("50.0000"),
            Decimal("1.0000"),
            Decimal("150.0000"),
            Decimal("3.0000"),
            Decimal("150.0000"),
        )
    ]
    assert query(landing_site_store, "select count(*) from marts.unmatched_campaigns") == [(0,)]


@pytest.fixture(scope="module")
def journey_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Shopify GraphQL bulk export alone: the orders' customerJourneySummary is all the
    store has about its visitors."""
    root = tmp_path_factory.mktemp("journey_store")
    landing = root / "landing"
    (landing / "orders/bulk").mkdir(parents=True)
    shutil.copyfile(FIXTURES / "shopify_admin_bulk_orders.jsonl", landing / "orders/bulk/operation-1.jsonl")
    warehouse = root / "touchline.duckdb"
    _build(landing, warehouse)
    return warehouse


def test_customer_journey_first_visits_reach_first_touch(journey_store):
    payments = {
        row[0]: row[1:]
        for row in query(
            journey_store,
            "select order_id, attribution_status, first_touch_source, first_touch_medium, "
            "last_touch_source, last_touch_medium from marts.visitor_payments",
        )
    }
    # 5201: came from the newsletter, bought after a Facebook ad
    assert payments["5201"] == ("attributed", "newsletter", "(not set)", "facebook", "paid_social")
    # 5203: a Pinterest blog visit three weeks before; the last of its three visits from Google search
    assert payments["5203"] == ("attributed", "pinterest", "paid_social", "google", "organic")
    assert payments["5202"] == ("unattributed", None, None, None, None)  # no journey at all
