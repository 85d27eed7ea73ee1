"""Revenue analytics (docs/analytics.md): spend in the reporting currency, campaign matching,
MER, campaign ROAS, cohort LTV and unmatched campaigns. One warehouse, one dbt build: a
generated month of demo data (reconciled against marts.visitor_payments and the landed spend
files) plus a hand-computed March landed beside it (every expected value worked out by hand)."""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import json
import re
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pytest

from touchline.dbt.cli import run_dbt
from touchline.generator import generate
from touchline.landing.load import load_landing

pytestmark = pytest.mark.slow

# The analytics models, their tests and unit tests, and every model and seed upstream of them
# (upstream tests belong to the other areas' suites), and the marts they reconcile with (their
# relationships and reconciliation tests read visitor_payments and sessions; the analytics
# models read the intermediates those marts are built from, not the marts).
ANALYTICS_SELECTION = [
    "+path:models/marts/analytics,resource_type:model",
    "+path:models/marts/analytics,resource_type:seed",
    "+visitor_payments,resource_type:model",
    "+visitor_payments,resource_type:seed",
    "sessions",
    "path:models/intermediate/analytics",
    "path:models/marts/analytics",
    "path:tests/analytics",
    "path:models/audit/analytics",
]
GENERATED_END = dt.date(2026, 2, 27)
GENERATED_DAYS = 30
ALIASES = {"facebook": "meta", "instagram": "meta", "bing": "microsoft", "twitter": "x"}
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
        self.events.append(
            {
                "event_id": f"e{len(self.events) + 1:04d}",
                "event_type": "page_view",
                "ts": ts,
                "visitor_id": visitor,
                "url": SHOP + (f"?{query}" if query else ""),
                "referrer": "",
                "user_agent": UA,
            }
        )

    def checkout(self, visitor: str, ts: str, order_id: str) -> None:
        self.events.append(
            {
                "event_id": f"e{len(self.events) + 1:04d}",
                "event_type": "checkout_completed",
                "ts": ts,
                "visitor_id": visitor,
                "url": SHOP + "thank-you",
                "user_agent": UA,
                "order_id": order_id,
            }
        )

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(json.dumps(e) + "\n" for e in self.events), encoding="utf-8")


def write_hand_computed_landing(landing: Path) -> None:
    """The hand-computed fixture (reporting USD, UTC). It is landed beside a generated month
    that ends on 2026-02-27 (GENERATED_END), so March holds only these records; its ad
    campaigns use names and ids that the generator does not (the generator plants its own
    'Spring_Sale ' / 'spring-sale' on google, asserted below).

    v1  03-01 bing spring-sale                O1 100 USD, refunds 10 on 03-07 (day 6), 5 on 03-09 (day 8)
        03-04 direct visit                    O2  50 USD (repeat order, day 3)
    v2  03-01 facebook utm_id=M1              O3  80 EUR @1.10 (rate of 02-28 carried) = 88 USD
    v3  03-02 bing winter-clearence-2026      O4  60 USD (typo -> fuzzy match to 'Winter Clearance 2026')
    v4  03-02 bing brand-awareness-test       O5  40 USD (no spend: unmatched touch); O7 voided
    v6  03-02 bing spring-sale                O6  30 USD (29 days old on the as-of date 03-31)
    v7  03-31 direct visit, no order          (sets the as-of date)
    spend: bing->microsoft B1 'Spring_Sale ' 100 (03-01), 50 (03-02); B3 'Winter Clearance 2026'
           20 (03-02); B9 'Bing Shopping Q1' 30 (03-03: spend, no revenue, no touch);
           facebook->meta M1 40 EUR (03-01 @1.10), 20 EUR (03-02 @1.20);
           pinterest P1 10 CHF (03-03, no CHF rate: null, never 10).
    """
    pixel = _Pixel()
    utm = "utm_source=bing&utm_medium=cpc&utm_campaign="
    pixel.page_view("hand-v1", "2026-03-01T10:00:00Z", utm + "spring-sale")
    pixel.checkout("hand-v1", "2026-03-01T10:05:00Z", "H1")
    pixel.page_view("hand-v1", "2026-03-04T09:00:00Z")
    pixel.checkout("hand-v1", "2026-03-04T09:03:00Z", "H2")
    pixel.page_view(
        "hand-v2",
        "2026-03-01T12:00:00Z",
        "utm_source=facebook&utm_medium=paid&utm_campaign=eu-prospecting-new&utm_id=M1",
    )
    pixel.checkout("hand-v2", "2026-03-01T12:10:00Z", "H3")
    pixel.page_view("hand-v3", "2026-03-02T08:00:00Z", utm + "winter-clearence-2026")
    pixel.checkout("hand-v3", "2026-03-02T08:04:00Z", "H4")
    pixel.page_view("hand-v4", "2026-03-02T11:00:00Z", utm + "brand-awareness-test")
    pixel.checkout("hand-v4", "2026-03-02T11:02:00Z", "H5")
    pixel.checkout("hand-v4", "2026-03-02T11:30:00Z", "H7")
    pixel.page_view("hand-v6", "2026-03-02T15:00:00Z", utm + "spring-sale")
    pixel.checkout("hand-v6", "2026-03-02T15:06:00Z", "H6")
    pixel.page_view("hand-v7", "2026-03-31T20:00:00Z")
    pixel.write(landing / "pixel" / "hand" / "events.jsonl")

    _write_csv(
        landing / "orders" / "hand" / "orders.csv",
        ["order_id", "created_at", "customer_id", "currency", "total_price", "financial_status", "test"],
        [
            ["H1", "2026-03-01T10:05:00Z", "hand-c1", "USD", "100.00", "partially_refunded", ""],
            ["H2", "2026-03-04T09:03:00Z", "hand-c1", "USD", "50.00", "paid", ""],
            ["H3", "2026-03-01T12:10:00Z", "hand-c2", "EUR", "80.00", "paid", ""],
            ["H4", "2026-03-02T08:04:00Z", "hand-c3", "USD", "60.00", "paid", ""],
            ["H5", "2026-03-02T11:02:00Z", "hand-c4", "USD", "40.00", "paid", ""],
            ["H6", "2026-03-02T15:06:00Z", "hand-c6", "USD", "30.00", "paid", ""],
            ["H7", "2026-03-02T11:30:00Z", "hand-c4", "USD", "20.00", "voided", ""],
        ],
    )
    _write_csv(
        landing / "refunds" / "hand" / "refunds.csv",
        ["refund_id", "order_id", "refunded_at", "amount", "currency"],
        [
            ["HR1", "H1", "2026-03-07T18:00:00Z", "10.00", "USD"],
            ["HR2", "H1", "2026-03-09T09:00:00Z", "5.00", "USD"],
        ],
    )
    header = ["date_day", "platform", "campaign_id", "campaign_name", "spend", "currency", "clicks", "impressions"]
    _write_csv(
        landing / "spend" / "hand" / "bing.csv",
        header,
        [
            ["2026-03-01", "bing", "B1", "Spring_Sale ", "100.00", "USD", "40", "1000"],
            ["2026-03-02", "bing", "B1", "Spring_Sale ", "50.00", "USD", "20", "500"],
            ["2026-03-02", "bing", "B3", "Winter Clearance 2026", "20.00", "USD", "8", "300"],
            ["2026-03-03", "bing", "B9", "Bing Shopping Q1", "30.00", "USD", "12", "100"],
        ],
    )
    _write_csv(
        landing / "spend" / "hand" / "other.csv",
        header,
        [
            ["2026-03-01", "facebook", "M1", "Prospecting EU", "40.00", "EUR", "30", "2000"],
            ["2026-03-02", "facebook", "M1", "Prospecting EU", "20.00", "EUR", "15", "900"],
            ["2026-03-03", "pinterest", "P1", "Hand Fixture Boards", "10.00", "CHF", "3", "50"],
        ],
    )
    _write_csv(
        landing / "fx" / "hand" / "rates.csv",
        ["date_day", "currency", "rate"],
        [["2026-02-28", "EUR", "1.10"], ["2026-03-02", "EUR", "1.20"]],
    )


def build(landing: Path, warehouse: Path, target: Path, dbt_vars: dict | None = None) -> str:
    con = duckdb.connect(str(warehouse))
    try:
        load_landing(landing, con)
    finally:
        con.close()
    return run_dbt(
        ["build", "--select", *ANALYTICS_SELECTION, "--indirect-selection", "empty"],
        warehouse,
        target_path=target,
        dbt_vars=dbt_vars,
    )


def query(warehouse: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    root = tmp_path_factory.mktemp("analytics")
    landing = root / "landing"
    generate(landing, days=GENERATED_DAYS, visitors=800, seed=11, truth_dir=root / "truth", end_date=GENERATED_END)
    write_hand_computed_landing(landing)
    warehouse = root / "touchline.duckdb"
    output = build(landing, warehouse, root / "target")
    return landing, warehouse, output


@pytest.fixture(scope="module")
def hand(built) -> Path:
    return built[1]


def D(text: str) -> Decimal:
    return Decimal(text)


def test_analytics_unit_tests_and_reconciliation_tests_ran_in_the_build(built):
    output = built[2]
    for name in (
        "cohort_ltv::test_cohort_ltv_window_edges_and_completeness",
        "int_analytics_campaign_matches::test_campaign_matching_precedence_and_ambiguity",
        "int_analytics_spend_campaigns::test_spend_campaign_names_are_normalised_and_the_latest_name_wins",
        "int_analytics_as_of_date::test_as_of_date_is_the_latest_landed_date_in_the_reporting_time_zone",
        "int_analytics_as_of_date::test_as_of_date_var_overrides_the_landed_data",
        "assert_mer_daily_reconciles_to_visitor_payments",
        "assert_spend_reconciles_across_analytics_marts",
    ):
        assert re.search(rf"PASS {re.escape(name)}\b", output), name
    assert re.search(r"\bERROR=0\b", output)


def test_as_of_date_is_the_latest_landed_date(hand):
    assert query(hand, "select as_of_date, is_set_by_var from intermediate.int_analytics_as_of_date") == [
        (dt.date(2026, 3, 31), False)
    ]


def test_spend_is_converted_with_the_latest_earlier_rate_and_never_at_one(hand):
    rows = {
        (ad_platform, campaign_id, str(day)): (spend, missing)
        for ad_platform, campaign_id, day, spend, missing in query(
            hand,
            "select ad_platform, campaign_id, date_day, spend_reporting, has_missing_fx_rate "
            "from intermediate.int_analytics_spend_daily where date_day >= '2026-03-01'",
        )
    }
    assert rows == {
        ("meta", "M1", "2026-03-01"): (D("44.0000"), False),  # 40 EUR at 02-28's 1.10, carried
        ("meta", "M1", "2026-03-02"): (D("24.0000"), False),  # 20 EUR at 1.20
        ("microsoft", "B1", "2026-03-01"): (D("100.0000"), False),  # bing alias
        ("microsoft", "B1", "2026-03-02"): (D("50.0000"), False),
        ("microsoft", "B3", "2026-03-02"): (D("20.0000"), False),
        ("microsoft", "B9", "2026-03-03"): (D("30.0000"), False),
        ("pinterest", "P1", "2026-03-03"): (None, True),  # no CHF rate: null, never 10
    }
    assert query(hand, "select campaign_id, currency, spend from audit.spend_without_fx_rate") == [
        ("P1", "CHF", D("10.0000"))
    ]


def test_campaign_matching_rules(hand):
    rows = {
        (platform, campaign): (status, matched)
        for platform, campaign, status, matched in query(
            hand,
            "select ad_platform, campaign, match_status, matched_campaign_id "
            "from intermediate.int_analytics_campaign_matches",
        )
    }
    assert rows[("microsoft", "spring-sale")] == ("campaign_name", "B1")  # 'Spring_Sale ' normalised
    assert rows[("meta", "eu-prospecting-new")] == ("campaign_id", "M1")  # utm_id
    assert rows[("microsoft", "winter-clearence-2026")] == ("fuzzy_name", "B3")  # typo, one candidate >= 0.92
    assert rows[("microsoft", "brand-awareness-test")] == ("no_match", None)
    # the generator's planted cases, in the same warehouse
    assert rows[("google", "spring-sale")] == ("campaign_name", "20817345298")  # 'Spring_Sale '
    assert rows[("google", "summer-clearence-2026")] == ("fuzzy_name", "20817346001")
    assert rows[("meta", "Prospecting | Broad")] == ("campaign_id", "120208765432100")


def test_unmatched_campaigns_lists_both_sides_with_revenue_or_spend(hand):
    rows = sorted(
        query(
            hand,
            "select side, ad_platform, campaign, net_revenue_reporting, spend_reporting, sessions "
            "from marts.unmatched_campaigns",
        )
    )
    hand_rows = [
        r
        for r in rows
        if r[1] in ("microsoft", "pinterest")
        and r[2] in ("Bing Shopping Q1", "Hand Fixture Boards", "brand-awareness-test")
    ]
    assert hand_rows == [
        ("spend", "microsoft", "Bing Shopping Q1", None, D("30.0000"), 0),
        ("spend", "pinterest", "Hand Fixture Boards", None, None, 0),
        ("touch", "microsoft", "brand-awareness-test", D("40.0000"), None, 1),
    ]
    # the generator's spend campaign that no visit carries (on this small store, a small
    # platform's other campaign may draw no visit either: it is listed the same way)
    assert "LI Retargeting Q4" in [r[2] for r in rows if r[0] == "spend" and r[1] == "linkedin"]
    assert all(r[5] == 0 for r in rows if r[0] == "spend")


def test_mer_daily_hand_computed(hand):
    rows = {
        str(day): rest
        for day, *rest in query(
            hand,
            "select date_day, orders, new_customer_orders, net_revenue_reporting, new_customer_net_revenue_reporting, "
            "spend_reporting, mer, new_customer_mer, has_missing_spend_fx_rate from marts.mer_daily "
            "where date_day >= '2026-02-28'",
        )
    }
    assert len(rows) == 32 and max(rows) == "2026-03-31"
    # H1 100 − 15 refunded (netted back to 03-01) + H3 80 EUR = 88; spend 100 + 44
    assert rows["2026-03-01"] == [2, 2, D("173.0000"), D("173.0000"), D("144.0000"), D("1.2014"), D("1.2014"), False]
    # H4 60 + H5 40 + H6 30 (H7 voided); spend 50 + 20 + 24
    assert rows["2026-03-02"] == [3, 3, D("130.0000"), D("130.0000"), D("94.0000"), D("1.3830"), D("1.3830"), False]
    # spend and no revenue: MER 0, not null; the CHF row has no rate and is flagged
    assert rows["2026-03-03"] == [0, 0, D("0.0000"), D("0.0000"), D("30.0000"), D("0.0000"), D("0.0000"), True]
    # revenue (a repeat order) and no spend: MER null
    assert rows["2026-03-04"] == [1, 0, D("50.0000"), D("0.0000"), D("0.0000"), None, None, False]
    # a day with neither is still a row
    assert rows["2026-02-28"] == rows["2026-03-20"] == [0, 0, D("0"), D("0"), D("0"), None, None, False]


def test_campaign_performance_roas_per_model(hand):
    rows = {
        (str(day), platform, campaign_id): rest
        for day, platform, campaign_id, *rest in query(
            hand,
            "select date_day, ad_platform, campaign_id, campaign_name, spend_reporting, clicks, sessions, "
            "orders_first_touch, revenue_first_touch, roas_first_touch, orders_last_touch, revenue_last_touch, "
            "roas_last_touch, revenue_linear, roas_time_decay from marts.campaign_performance_daily "
            "where date_day >= '2026-03-01'",
        )
    }
    assert rows[("2026-03-01", "microsoft", "B1")] == [
        "Spring_Sale ",
        D("100.0000"),
        40,
        1,
        D("1"),
        D("85.0000"),
        D("0.8500"),
        D("1"),
        D("85.0000"),
        D("0.8500"),
        D("85.0000"),
        D("0.8500"),
    ]
    assert rows[("2026-03-02", "microsoft", "B1")][1:] == [
        D("50.0000"),
        20,
        1,
        D("1"),
        D("30.0000"),
        D("0.6000"),
        D("1"),
        D("30.0000"),
        D("0.6000"),
        D("30.0000"),
        D("0.6000"),
    ]
    # the repeat order on 03-04 (a direct visit) is credited to the spring-sale touch; no spend that day
    assert rows[("2026-03-04", "microsoft", "B1")][1:] == [
        D("0.0000"),
        0,
        0,
        D("1"),
        D("50.0000"),
        None,
        D("1"),
        D("50.0000"),
        None,
        D("50.0000"),
        None,
    ]
    assert rows[("2026-03-01", "meta", "M1")][1:7] == [D("44.0000"), 30, 1, D("1"), D("88.0000"), D("2.0000")]
    assert rows[("2026-03-02", "microsoft", "B3")][1:7] == [D("20.0000"), 8, 1, D("1"), D("60.0000"), D("3.0000")]
    assert rows[("2026-03-03", "microsoft", "B9")][1:7] == [D("30.0000"), 12, 0, D("0"), D("0.0000"), D("0.0000")]
    # unmatched touch revenue (brand-awareness-test) is in unmatched_campaigns, not here
    assert sum(r[5] for k, r in rows.items() if k[0] == "2026-03-02") == D("90.0000")
    assert len(rows) == 8


def test_cohort_ltv_windows_refund_edges_and_completeness(hand):
    rows = {
        (platform, campaign, window): rest
        for platform, campaign, window, *rest in query(
            hand,
            "select acquisition_platform, acquisition_campaign, window_days, cast(cohort_month as varchar), "
            "acquisition_channel, customers, orders, gross_revenue_reporting, refunds_reporting, "
            "net_revenue_reporting, ltv_per_customer, is_complete from marts.cohort_ltv "
            "where cohort_month = '2026-03-01'",
        )
    }
    # hand-v1 (first order 03-01: H1 100, H2 50 on day 3, refunds 10 on day 6 and 5 on day 8)
    # and hand-v6 (first order 03-02: H6 30, 29 days old on the as-of date 03-31)
    assert rows[("bing", "spring-sale", 7)] == [
        "2026-03-01",
        "Paid Search",
        2,
        3,
        D("180.0000"),
        D("10.0000"),
        D("170.0000"),
        D("85.0000"),
        True,
    ]
    # the day-8 refund counts in the 30-day window, which is not complete: hand-v6 is 29 days old
    assert rows[("bing", "spring-sale", 30)] == [
        "2026-03-01",
        "Paid Search",
        2,
        3,
        D("180.0000"),
        D("15.0000"),
        D("165.0000"),
        None,
        False,
    ]
    assert rows[("bing", "spring-sale", 90)][-2:] == [None, False]
    assert rows[("facebook", "eu-prospecting-new", 7)][1:] == [
        "Paid Social",
        1,
        1,
        D("88.0000"),
        D("0.0000"),
        D("88.0000"),
        D("88.0000"),
        True,
    ]
    # the voided order H7 counts neither as an order nor as revenue
    assert rows[("bing", "brand-awareness-test", 7)][2:] == [
        1,
        1,
        D("40.0000"),
        D("0.0000"),
        D("40.0000"),
        D("40.0000"),
        True,
    ]
    # a 30-day window whose youngest customer is 30 days old is complete
    assert rows[("facebook", "eu-prospecting-new", 30)][-2:] == [D("88.0000"), True]
    assert len(rows) == 4 * 3
    matched = query(
        hand,
        "select distinct acquisition_campaign, acquisition_ad_platform, acquisition_campaign_id, acquisition_campaign_name "
        "from marts.cohort_ltv where cohort_month = '2026-03-01' order by 1",
    )
    assert matched == [
        ("brand-awareness-test", None, None, None),
        ("eu-prospecting-new", "meta", "M1", "Prospecting EU"),
        ("spring-sale", "microsoft", "B1", "Spring_Sale "),
        ("winter-clearence-2026", "microsoft", "B3", "Winter Clearance 2026"),
    ]


# --- generated data: reconciliation ----------------------------------------------------


def _csv_rows(folder: Path):
    for path in sorted(folder.rglob("*.csv")):
        with path.open(newline="", encoding="utf-8") as f:
            yield from csv.DictReader(f)


def landed_spend_per_day(landing: Path, reporting_currency: str = "USD") -> dict[dt.date, Decimal]:
    """Spend per day from the landed files, computed independently of dbt: aliases resolved, a
    re-exported row replaced by the file whose path sorts last, converted at the day's or the
    latest earlier landed rate; an amount without a rate is left out (its reporting value is null)."""
    rates: dict[str, list[tuple[dt.date, Decimal]]] = defaultdict(list)
    for row in _csv_rows(landing / "fx"):
        rates[row["currency"].strip().upper()].append((dt.date.fromisoformat(row["date_day"]), Decimal(row["rate"])))
    for series in rates.values():
        series.sort()
    latest: dict[tuple, dict] = {}
    for row in _csv_rows(landing / "spend"):
        platform = ALIASES.get(row["platform"].strip().lower(), row["platform"].strip().lower())
        grain = (
            platform,
            row.get("account_id") or "",
            row["campaign_id"],
            row.get("ad_group_id") or "",
            row.get("ad_id") or "",
            row["date_day"],
        )
        latest[grain] = row
    per_day: dict[dt.date, Decimal] = defaultdict(Decimal)
    for row in latest.values():
        day = dt.date.fromisoformat(row["date_day"])
        currency = row["currency"].strip().upper()
        amount = Decimal(row["spend"])
        if currency != reporting_currency:
            series = rates.get(currency, [])
            i = bisect.bisect_right([d for d, _ in series], day) - 1
            if i < 0:
                continue
            amount = (amount * series[i][1]).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
        per_day[day] += amount
    return dict(per_day)


def test_mer_daily_revenue_equals_visitor_payments_per_day(built):
    _, warehouse, _ = built
    mismatches = query(
        warehouse,
        """
        with payments as (
            select order_date, sum(net_revenue_reporting) as net,
                   sum(net_revenue_reporting) filter (where is_first_order) as new_net
            from marts.visitor_payments group by order_date
        )
        select coalesce(m.date_day, p.order_date), m.net_revenue_reporting, p.net,
               m.new_customer_net_revenue_reporting, p.new_net
        from marts.mer_daily as m
        full outer join payments as p on p.order_date = m.date_day
        where m.date_day is null
           or m.net_revenue_reporting <> coalesce(p.net, 0)
           or m.new_customer_net_revenue_reporting <> coalesce(p.new_net, 0)
        """,
    )
    assert mismatches == []
    first_day = GENERATED_END - dt.timedelta(days=GENERATED_DAYS - 1)
    (days, start, revenue, spend, mer_days) = query(
        warehouse,
        f"select count(*), min(date_day), sum(net_revenue_reporting), sum(spend_reporting), count(mer) "
        f"from marts.mer_daily where date_day <= '{GENERATED_END}'",
    )[0]
    assert start == first_day and days == GENERATED_DAYS
    assert revenue > 1000 and spend > 100 and mer_days == GENERATED_DAYS


def test_spend_equals_the_landed_spend_per_day(built):
    landing, warehouse, _ = built
    expected = landed_spend_per_day(landing)
    assert len(expected) >= GENERATED_DAYS
    mer = dict(query(warehouse, "select date_day, spend_reporting from marts.mer_daily"))
    by_campaign = dict(
        query(warehouse, "select date_day, sum(spend_reporting) from marts.campaign_performance_daily group by 1")
    )
    assert {d: s for d, s in mer.items() if s} == expected
    assert {d: s for d, s in by_campaign.items() if s} == expected


def test_cohorts_hold_every_customer_once_per_window(built):
    _, warehouse, _ = built
    (first_orders,) = query(
        warehouse,
        "select count(*) from marts.visitor_payments where is_first_order and not is_voided and not is_test",
    )[0]
    per_window = query(
        warehouse,
        "select window_days, sum(customers), "
        "count(*) filter (where is_complete and ltv_per_customer is null), "
        "count(*) filter (where not is_complete and ltv_per_customer is not null) "
        "from marts.cohort_ltv group by 1 order by 1",
    )
    assert [w for w, *_ in per_window] == [7, 30, 90]
    assert all(
        customers == first_orders and complete_without_ltv == 0 and open_with_ltv == 0
        for _, customers, complete_without_ltv, open_with_ltv in per_window
    )
    # the generated February cohort's 7-day windows have passed; its 90-day ones have not
    completeness = dict(
        query(
            warehouse,
            "select window_days, bool_and(is_complete) from marts.cohort_ltv "
            "where cohort_month = '2026-02-01' group by 1",
        )
    )
    assert completeness[7] is True and completeness[90] is False
