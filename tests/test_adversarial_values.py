"""Issue 14, items 3, 4 and 6 on a built warehouse: hostile dates, amounts and refund
currencies never take over the analytics, never fail a build, and never disappear silently.

One build of a small landing folder holds every case; a second build proves the recovery of
a warehouse that already holds an amount an earlier loader accepted."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from tests.warehouse_snapshot import query
from touchline import settings
from touchline.commands.build import run_build
from touchline.warehouse.build_state import state_path
from touchline.warehouse.publish import behind_marker, build_path

_EVENT = (
    '{{"event_id":"{id}","event_type":"page_view","ts":"{ts}","visitor_id":"v1",'
    '"url":"https://shop.example.com/?utm_source=google&utm_medium=cpc&gclid=g1","referrer":""}}'
)


def _landing(root: Path) -> Path:
    landing = root / "landing"
    for kind in ("pixel", "orders", "refunds", "spend", "fx"):
        (landing / kind).mkdir(parents=True)
    (landing / "pixel" / "p.jsonl").write_text(
        "\n".join(
            [
                _EVENT.format(id="e1", ts="2026-03-14T09:00:00Z"),
                _EVENT.format(id="e-2999", ts="2999-01-01T00:00:00Z"),  # no received_at
            ]
        )
        + "\n"
    )
    (landing / "orders" / "orders.csv").write_text(
        "order_id,created_at,currency,total_price\n"
        "o-usd,2026-03-14T10:00:00Z,USD,100.00\n"
        "o-1899,1899-12-31T10:00:00Z,USD,50.00\n"  # inside this build's window (1800-01-01)
        "o-2999,2999-01-01T10:00:00Z,USD,10.00\n"
        "o-0001,0001-01-01T10:00:00Z,USD,10.00\n"
        "o-eur-huge,2026-03-14T11:00:00Z,EUR,99999999999999.9999\n"  # beyond what one record may hold
        "o-eur-big,2026-03-14T12:00:00Z,EUR,95000000000.0000\n"  # accepted, but × 1.10 leaves the limit
        "o-gbp,2026-03-14T13:00:00Z,GBP,20.00\n"
    )
    (landing / "refunds" / "refunds.csv").write_text(
        "refund_id,order_id,refunded_at,amount,currency\n"
        "r-eur,o-usd,2026-03-15T09:00:00Z,2.00,EUR\n"  # 2.00 EUR = 2.34 USD on 03-15
        "r-jpy,o-usd,2026-03-15T09:30:00Z,500,JPY\n"  # no JPY rate: audited, not subtracted
        "r-eur-gbp,o-gbp,2026-03-15T10:00:00Z,2.00,EUR\n"  # 2.00 × 1.17 ÷ 1.30 = 1.80 GBP
        "r-2999,o-usd,2999-01-01T00:00:00Z,1.00,USD\n"
    )
    (landing / "spend" / "spend.csv").write_text(
        "date_day,platform,campaign_id,campaign_name,spend,currency\n"
        "2026-03-14,google,c1,Brand,10.00,USD\n"
        "2999-01-01,google,c1,Brand,10.00,USD\n"
    )
    (landing / "fx" / "fx.csv").write_text(
        "date_day,currency,rate\n"
        "2026-03-01,EUR,1.1000000000\n"
        "2026-03-15,EUR,1.1700000000\n"  # the refund date's rate, not the order date's
        "2026-03-01,GBP,1.3000000000\n"
    )
    return landing


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    root = tmp_path_factory.mktemp("adversarial-values")
    landing = _landing(root)
    warehouse = root / "warehouse" / "touchline.duckdb"
    previous = os.environ.get(settings.EARLIEST_DATE_ENV)
    os.environ[settings.EARLIEST_DATE_ENV] = "1800-01-01"
    try:
        run_build(landing, warehouse, echo=lambda _line: None)
        yield landing, warehouse
    finally:
        if previous is None:
            os.environ.pop(settings.EARLIEST_DATE_ENV, None)
        else:
            os.environ[settings.EARLIEST_DATE_ENV] = previous


def _quarantined(warehouse: Path) -> dict[tuple[str, int], str]:
    return {
        (file_path, line): reason
        for file_path, line, reason in query(warehouse, "select file_path, line_number, reason from audit.quarantine")
    }


def test_records_dated_outside_the_window_are_quarantined_and_never_move_the_as_of_date(built):
    _, warehouse = built
    quarantined = _quarantined(warehouse)
    late = "more than TOUCHLINE_MAX_DAYS_AHEAD (1 day) after loading"
    assert quarantined[("pixel/p.jsonl", 2)] == f"ts {late}"
    assert quarantined[("orders/orders.csv", 4)] == f"created_at {late}"
    assert quarantined[("orders/orders.csv", 5)] == "created_at before TOUCHLINE_EARLIEST_DATE (1800-01-01)"
    assert quarantined[("refunds/refunds.csv", 5)] == f"refunded_at {late}"
    assert quarantined[("spend/spend.csv", 3)] == f"date_day {late}"
    # the latest landed date is the r-eur-gbp refund's day, not 2999
    assert query(warehouse, "select as_of_date, latest_landed_date from intermediate.int_analytics_as_of_date") == [
        (date(2026, 3, 15), date(2026, 3, 15))
    ]
    assert query(warehouse, "select max(date_day) from marts.mer_daily") == [(date(2026, 3, 15),)]
    # no window of this year's cohorts is complete (a 2999 as-of date would have completed them all)
    assert query(
        warehouse, "select count(*) from marts.cohort_ltv where is_complete and cohort_month >= date '2026-01-01'"
    ) == [(0,)]


def test_the_reporting_currency_converts_at_1_on_every_date(built):
    _, warehouse = built
    assert query(
        warehouse,
        "select fx_rate, gross_revenue_reporting, net_revenue_reporting from marts.visitor_payments where order_id = 'o-1899'",
    ) == [(Decimal(1), Decimal("50.0000"), Decimal("50.0000"))]
    assert query(warehouse, "select count(*) from audit.orders_without_fx_rate where order_id = 'o-1899'") == [(0,)]


def test_a_refund_in_another_currency_is_converted_or_audited(built):
    _, warehouse = built
    payments = {
        order_id: rest
        for order_id, *rest in query(
            warehouse,
            "select order_id, refunded_amount, net_revenue, net_revenue_reporting from marts.visitor_payments",
        )
    }
    # 2.00 EUR at the refund day's 1.17; the JPY refund has no rate and is not subtracted at all
    assert payments["o-usd"] == [Decimal("2.3400"), Decimal("97.6600"), Decimal("97.6600")]
    # EUR into GBP through USD on the refund day: 2.00 × 1.17 ÷ 1.30 = 1.80 GBP, then at 1.30
    assert payments["o-gbp"] == [Decimal("1.8000"), Decimal("18.2000"), Decimal("23.6600")]
    assert query(
        warehouse,
        "select refund_id, order_id, currency, order_currency, file_path, line_number from audit.refunds_without_fx_rate",
    ) == [("r-jpy", "o-usd", "JPY", "USD", "refunds/refunds.csv", 3)]
    # cohort LTV nets the same converted refunds
    assert query(warehouse, "select sum(refund_amount_reporting) from intermediate.int_analytics_customer_refunds") == [
        (Decimal("4.6800"),)
    ]


def test_accepted_amounts_never_overflow_a_model_and_the_audit_names_the_record(built):
    _, warehouse = built
    assert _quarantined(warehouse)[("orders/orders.csv", 6)] == "total_price out of range"
    # 9.5e10 EUR is a record the loader accepts, but × 1.10 it would leave one record's limit (1e11)
    assert query(
        warehouse,
        "select gross_revenue, gross_revenue_reporting, net_revenue_reporting from marts.visitor_payments where order_id = 'o-eur-big'",
    ) == [(Decimal("95000000000.0000"), None, None)]
    assert query(
        warehouse, "select record_kind, record_key, file_path, line_number from audit.amounts_out_of_range"
    ) == [("orders", "o-eur-big", "orders/orders.csv", 7)]


def test_a_warehouse_already_holding_an_overflowing_amount_builds_again(built):
    """An earlier loader accepted amounts up to 10^14: such a row, already in the warehouse,
    made every build fail in int_orders_revenue. Now the build goes on and names it."""
    landing, warehouse = built
    con = duckdb.connect(str(warehouse))
    try:
        [(load_id,)] = con.execute("select max(load_id) + 1 from audit.load_audit").fetchall()
        con.execute(
            "insert into audit.load_audit (load_id, file_path, content_hash, kind, status, reason, records_read, "
            "records_loaded, records_quarantined, loaded_at) "
            "values (?, 'orders/old-export.csv', 'old', 'orders', 'loaded', null, 1, 1, 0, now())",
            [load_id],
        )
        con.execute(
            "insert into raw.orders (load_id, file_path, line_number, order_id, created_at, currency, total_price, is_test) "
            "values (?, 'orders/old-export.csv', 2, 'o-old', timestamp '2026-03-14 14:00:00', 'EUR', 99999999999999.9999, false)",
            [load_id],
        )
    finally:
        con.close()
    # The next build starts from this file, as from a warehouse an older version published
    # (other code: its build fingerprint differs, so the build runs dbt again).
    build_path(warehouse).unlink(missing_ok=True)
    behind_marker(warehouse).unlink(missing_ok=True)
    state_path(warehouse).unlink(missing_ok=True)
    previous = os.environ.get(settings.EARLIEST_DATE_ENV)
    os.environ[settings.EARLIEST_DATE_ENV] = "1800-01-01"
    try:
        run_build(landing, warehouse, echo=lambda _line: None)
    finally:
        if previous is None:
            os.environ.pop(settings.EARLIEST_DATE_ENV, None)
        else:
            os.environ[settings.EARLIEST_DATE_ENV] = previous
    assert query(
        warehouse, "select gross_revenue, net_revenue_reporting from marts.visitor_payments where order_id = 'o-old'"
    ) == [(Decimal("99999999999999.9999"), None)]
    assert ("orders", "o-old", "orders/old-export.csv", 2) in query(
        warehouse, "select record_kind, record_key, file_path, line_number from audit.amounts_out_of_range"
    )
