"""Revenue analytics (docs/analytics.md): spend in the reporting currency, campaign matching,
MER, campaign ROAS, cohort LTV and unmatched campaigns, on a hand-computed landing folder
(one warehouse, one dbt build) and reconciled on generated demo data."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from touchline.dbt_cli import run_dbt
from touchline.landing.load import load_landing

ANALYTICS_MARTS = "+path:models/marts/analytics"
UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
SHOP = "https://shop.example.com/"


def _write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


class _Pixel:
    def __init__(self) -> None:
        self.events: list[dict] = []

    def page_view(self, visitor: str, ts: str, query: str = "") -> None:
        self.events.append({
            "event_id": f"e{len(self.events) + 1:04d}", "event_type": "page_view", "ts": ts,
            "visitor_id": visitor, "url": SHOP + (f"?{query}" if query else ""), "referrer": "",
            "user_agent": UA,
        })

    def checkout(self, visitor: str, ts: str, order_id: str) -> None:
        self.events.append({
            "event_id": f"e{len(self.events) + 1:04d}", "event_type": "checkout_completed", "ts": ts,
            "visitor_id": visitor, "url": SHOP + "thank-you", "user_agent": UA, "order_id": order_id,
        })

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(json.dumps(e) + "\n" for e in self.events), encoding="utf-8")


def write_hand_computed_landing(landing: Path) -> None:
    """The fixture of the expectations below (all amounts hand-computed; reporting USD, UTC).

    v1  03-01 spring-sale (google)          O1 100 USD, refunds 10 on 03-07 (day 6), 5 on 03-09 (day 8)
        03-04 direct visit                   O2  50 USD (repeat order, day 3)
    v2  03-01 facebook utm_id=M1             O3  80 EUR @1.10 (rate of 02-28 carried) = 88 USD
    v3  03-02 summer-clearence-2026 (typo)   O4  60 USD  -> fuzzy match to 'Summer Clearance 2026'
    v4  03-02 brand-awareness-test           O5  40 USD  -> no spend: unmatched touch; O7 voided
    v6  03-02 spring-sale                    O6  30 USD  (29 days old on the as-of date 03-31)
    v7  03-31 direct visit, no order         (sets the as-of date)
    spend: google G1 'Spring_Sale ' 100 (03-01), 50 (03-02); G3 'Summer Clearance 2026' 20 (03-02);
           facebook->meta M1 40 EUR (03-01 @1.10), 20 EUR (03-02 @1.20); bing->microsoft B1 30
           (03-03, a day with spend and no revenue); pinterest P1 10 GBP (03-03, no GBP rate).
    """
    pixel = _Pixel()
    utm = "utm_source=google&utm_medium=cpc&utm_campaign="
    pixel.page_view("v1", "2026-03-01T10:00:00Z", utm + "spring-sale")
    pixel.checkout("v1", "2026-03-01T10:05:00Z", "O1")
    pixel.page_view("v1", "2026-03-04T09:00:00Z")
    pixel.checkout("v1", "2026-03-04T09:03:00Z", "O2")
    pixel.page_view("v2", "2026-03-01T12:00:00Z", "utm_source=facebook&utm_medium=paid&utm_campaign=eu-prospecting-new&utm_id=M1")
    pixel.checkout("v2", "2026-03-01T12:10:00Z", "O3")
    pixel.page_view("v3", "2026-03-02T08:00:00Z", utm + "summer-clearence-2026")
    pixel.checkout("v3", "2026-03-02T08:04:00Z", "O4")
    pixel.page_view("v4", "2026-03-02T11:00:00Z", utm + "brand-awareness-test")
    pixel.checkout("v4", "2026-03-02T11:02:00Z", "O5")
    pixel.checkout("v4", "2026-03-02T11:30:00Z", "O7")
    pixel.page_view("v6", "2026-03-02T15:00:00Z", utm + "spring-sale")
    pixel.checkout("v6", "2026-03-02T15:06:00Z", "O6")
    pixel.page_view("v7", "2026-03-31T20:00:00Z")
    pixel.write(landing / "pixel" / "2026-03" / "events.jsonl")

    _write_csv(
        landing / "orders" / "orders.csv",
        ["order_id", "created_at", "customer_id", "currency", "total_price", "financial_status", "test"],
        [
            ["O1", "2026-03-01T10:05:00Z", "c1", "USD", "100.00", "partially_refunded", ""],
            ["O2", "2026-03-04T09:03:00Z", "c1", "USD", "50.00", "paid", ""],
            ["O3", "2026-03-01T12:10:00Z", "c2", "EUR", "80.00", "paid", ""],
            ["O4", "2026-03-02T08:04:00Z", "c3", "USD", "60.00", "paid", ""],
            ["O5", "2026-03-02T11:02:00Z", "c4", "USD", "40.00", "paid", ""],
            ["O6", "2026-03-02T15:06:00Z", "c6", "USD", "30.00", "paid", ""],
            ["O7", "2026-03-02T11:30:00Z", "c4", "USD", "20.00", "voided", ""],
        ],
    )
    _write_csv(
        landing / "refunds" / "refunds.csv",
        ["refund_id", "order_id", "refunded_at", "amount", "currency"],
        [
            ["R1", "O1", "2026-03-07T18:00:00Z", "10.00", "USD"],
            ["R2", "O1", "2026-03-09T09:00:00Z", "5.00", "USD"],
        ],
    )
    _write_csv(
        landing / "spend" / "google" / "2026-03.csv",
        ["date_day", "platform", "campaign_id", "campaign_name", "spend", "currency", "clicks", "impressions"],
        [
            ["2026-03-01", "google", "G1", "Spring_Sale ", "100.00", "USD", "40", "1000"],
            ["2026-03-02", "google", "G1", "Spring_Sale ", "50.00", "USD", "20", "500"],
            ["2026-03-02", "google", "G3", "Summer Clearance 2026", "20.00", "USD", "8", "300"],
        ],
    )
    _write_csv(
        landing / "spend" / "other" / "2026-03.csv",
        ["date_day", "platform", "campaign_id", "campaign_name", "spend", "currency", "clicks", "impressions"],
        [
            ["2026-03-01", "facebook", "M1", "Prospecting EU", "40.00", "EUR", "30", "2000"],
            ["2026-03-02", "facebook", "M1", "Prospecting EU", "20.00", "EUR", "15", "900"],
            ["2026-03-03", "bing", "B1", "Brand - Exact", "30.00", "USD", "12", "100"],
            ["2026-03-03", "pinterest", "P1", "Pins", "10.00", "GBP", "3", "50"],
        ],
    )
    _write_csv(
        landing / "fx" / "rates.csv",
        ["date_day", "currency", "rate"],
        [["2026-02-28", "EUR", "1.10"], ["2026-03-02", "EUR", "1.20"]],
    )


def build(landing: Path, warehouse: Path, target: Path, dbt_vars: dict | None = None) -> None:
    con = duckdb.connect(str(warehouse))
    try:
        load_landing(landing, con)
    finally:
        con.close()
    run_dbt(["build", "--select", ANALYTICS_MARTS, "--indirect-selection", "cautious"], warehouse, target_path=target, dbt_vars=dbt_vars)


def query(warehouse: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def hand(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("analytics_hand")
    write_hand_computed_landing(root / "landing")
    warehouse = root / "touchline.duckdb"
    build(root / "landing", warehouse, root / "target")
    return warehouse


def D(text: str) -> Decimal:
    return Decimal(text)


def test_as_of_date_is_the_latest_landed_date(hand):
    assert query(hand, "select as_of_date, is_set_by_var from intermediate.int_analytics_as_of_date") == [
        (__import__("datetime").date(2026, 3, 31), False)
    ]


def test_spend_is_converted_with_the_latest_earlier_rate_and_never_at_one(hand):
    rows = dict(
        ((ad_platform, campaign_id, str(day)), (spend, missing))
        for ad_platform, campaign_id, day, spend, missing in query(
            hand,
            "select ad_platform, campaign_id, date_day, spend_reporting, has_missing_fx_rate "
            "from intermediate.int_analytics_spend_daily",
        )
    )
    assert rows[("meta", "M1", "2026-03-01")] == (D("44.0000"), False)  # 40 EUR at 02-28's 1.10
    assert rows[("meta", "M1", "2026-03-02")] == (D("24.0000"), False)  # 20 EUR at 1.20
    assert rows[("google", "G1", "2026-03-01")] == (D("100.0000"), False)
    assert rows[("microsoft", "B1", "2026-03-03")] == (D("30.0000"), False)  # bing alias
    assert rows[("pinterest", "P1", "2026-03-03")] == (None, True)  # no GBP rate: null, not 10


def test_campaign_matching_rules(hand):
    rows = {
        campaign: (status, matched)
        for campaign, status, matched in query(
            hand, "select campaign, match_status, matched_campaign_id from intermediate.int_analytics_campaign_matches"
        )
    }
    assert rows == {
        "spring-sale": ("campaign_name", "G1"),  # 'Spring_Sale ' normalised
        "eu-prospecting-new": ("campaign_id", "M1"),  # utm_id
        "summer-clearence-2026": ("fuzzy_name", "G3"),  # typo, one candidate >= 0.92
        "brand-awareness-test": ("no_match", None),
    }


def test_unmatched_campaigns_lists_both_sides_with_revenue_or_spend(hand):
    rows = sorted(
        query(
            hand,
            "select side, ad_platform, campaign, net_revenue_reporting, spend_reporting, sessions "
            "from marts.unmatched_campaigns",
        )
    )
    assert rows == [
        ("spend", "microsoft", "Brand - Exact", None, D("30.0000"), 0),
        ("spend", "pinterest", "Pins", None, None, 0),
        ("touch", "google", "brand-awareness-test", D("40.0000"), None, 1),
    ]


def test_mer_daily_hand_computed(hand):
    rows = {
        str(day): rest
        for day, *rest in query(
            hand,
            "select date_day, orders, new_customer_orders, net_revenue_reporting, new_customer_net_revenue_reporting, "
            "spend_reporting, mer, new_customer_mer, has_missing_spend_fx_rate from marts.mer_daily order by 1",
        )
    }
    assert len(rows) == 31 and min(rows) == "2026-03-01" and max(rows) == "2026-03-31"
    # O1 100 − 15 refunded (netted back to 03-01) + O3 88; spend 100 + 44
    assert rows["2026-03-01"] == [2, 2, D("173.0000"), D("173.0000"), D("144.0000"), D("1.2014"), D("1.2014"), False]
    # O4 60 + O5 40 + O6 30 (O7 voided); spend 50 + 24 + 20
    assert rows["2026-03-02"] == [3, 3, D("130.0000"), D("130.0000"), D("94.0000"), D("1.3830"), D("1.3830"), False]
    # spend and no revenue: MER 0, not null; the GBP row has no rate and is flagged
    assert rows["2026-03-03"] == [0, 0, D("0.0000"), D("0.0000"), D("30.0000"), D("0.0000"), D("0.0000"), True]
    # revenue (a repeat order) and no spend: MER null
    assert rows["2026-03-04"] == [1, 0, D("50.0000"), D("0.0000"), D("0.0000"), None, None, False]
    assert rows["2026-03-20"] == [0, 0, D("0.0000"), D("0.0000"), D("0.0000"), None, None, False]


def test_campaign_performance_roas_per_model(hand):
    rows = {
        (str(day), platform, campaign_id): rest
        for day, platform, campaign_id, *rest in query(
            hand,
            "select date_day, ad_platform, campaign_id, campaign_name, spend_reporting, clicks, sessions, "
            "orders_first_touch, revenue_first_touch, roas_first_touch, orders_last_touch, revenue_last_touch, "
            "roas_last_touch, revenue_linear, roas_time_decay from marts.campaign_performance_daily",
        )
    }
    assert rows[("2026-03-01", "google", "G1")] == [
        "Spring_Sale ", D("100.0000"), 40, 1, D("1"), D("85.0000"), D("0.8500"), D("1"), D("85.0000"), D("0.8500"),
        D("85.0000"), D("0.8500"),
    ]
    assert rows[("2026-03-02", "google", "G1")][1:] == [
        D("50.0000"), 20, 1, D("1"), D("30.0000"), D("0.6000"), D("1"), D("30.0000"), D("0.6000"), D("30.0000"),
        D("0.6000"),
    ]
    # the repeat order on 03-04 (direct visit) is credited to the spring-sale touch; no spend that day
    assert rows[("2026-03-04", "google", "G1")][1:] == [
        D("0.0000"), 0, 0, D("1"), D("50.0000"), None, D("1"), D("50.0000"), None, D("50.0000"), None,
    ]
    assert rows[("2026-03-01", "meta", "M1")][1:7] == [D("44.0000"), 30, 1, D("1"), D("88.0000"), D("2.0000")]
    assert rows[("2026-03-02", "google", "G3")][1:7] == [D("20.0000"), 8, 1, D("1"), D("60.0000"), D("3.0000")]
    assert rows[("2026-03-03", "microsoft", "B1")][1:7] == [D("30.0000"), 12, 0, D("0"), D("0.0000"), D("0.0000")]
    assert ("2026-03-02", "google", None) not in rows  # unmatched touch revenue is not here


def test_cohort_ltv_windows_refund_edges_and_completeness(hand):
    rows = {
        (platform, campaign, window): rest
        for platform, campaign, window, *rest in query(
            hand,
            "select acquisition_platform, acquisition_campaign, window_days, cast(cohort_month as varchar), "
            "acquisition_channel, customers, orders, gross_revenue_reporting, refunds_reporting, "
            "net_revenue_reporting, ltv_per_customer, is_complete from marts.cohort_ltv",
        )
    }
    # v1 (first order 03-01: O1 100, O2 50 on day 3, refunds 10 on day 6 and 5 on day 8) and
    # v6 (first order 03-02: O6 30, 29 days old on 03-31)
    assert rows[("google", "spring-sale", 7)] == [
        "2026-03-01", "Paid Search", 2, 3, D("180.0000"), D("10.0000"), D("170.0000"), D("85.0000"), True
    ]
    # the day-8 refund counts in the 30-day window, which is not complete: v6 is 29 days old
    assert rows[("google", "spring-sale", 30)] == [
        "2026-03-01", "Paid Search", 2, 3, D("180.0000"), D("15.0000"), D("165.0000"), None, False
    ]
    assert rows[("google", "spring-sale", 90)][-2:] == [None, False]
    assert rows[("facebook", "eu-prospecting-new", 7)][2:] == [1, 1, D("88.0000"), D("0.0000"), D("88.0000"), D("88.0000"), True]
    # the voided order O7 neither counts as an order nor as revenue
    assert rows[("google", "brand-awareness-test", 7)][2:] == [1, 1, D("40.0000"), D("0.0000"), D("40.0000"), D("40.0000"), True]
    # a 30-day window of a cohort whose youngest customer is 30 days old is complete
    assert rows[("facebook", "eu-prospecting-new", 30)][-2:] == [D("88.0000"), True]
