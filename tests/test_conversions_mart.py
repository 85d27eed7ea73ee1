"""marts.conversion_events on a built warehouse (docs/conversions.md): one row per order and
destination, test and voided orders never sent, values equal to the orders' revenue to the
cent, identifiers and click IDs in the forms the mart promises, windows applied."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conversions_warehouse import build, generate_landing, query

pytestmark = pytest.mark.slow

DESTINATIONS = ["meta", "google_ads", "pinterest", "tiktok", "snapchat", "microsoft_ads", "reddit", "linkedin"]
STATUS = re.compile(r"ready|sent|waiting: refund delay|skipped: .+")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("conversions_mart")
    warehouse = root / "touchline.duckdb"
    output = build(generate_landing(root), warehouse)
    assert "ERROR=0" in output, output[-3000:]
    BUILD_OUTPUT.append(output)
    return warehouse


BUILD_OUTPUT: list[str] = []


def test_unit_tests_of_the_status_logic_passed_in_the_build(warehouse):
    # statuses, windows to the second, refunds, adjustments and the ledger (dbt unit tests)
    for name in ["test_conversion_statuses_and_windows", "test_conversion_refunds_adjustments_and_ledger"]:
        assert re.search(rf"PASS conversion_events::{name}", BUILD_OUTPUT[0]), name


def test_one_row_per_order_and_destination(warehouse):
    orders = query(warehouse, "select count(*) from marts.visitor_payments")[0][0]
    per_destination = dict(query(warehouse, "select destination, count(*) from marts.conversion_events group by 1"))
    assert per_destination == dict.fromkeys(DESTINATIONS, orders)
    assert orders > 50


def test_test_and_voided_orders_are_never_sent(warehouse):
    rows = query(
        warehouse,
        """
        select visitor_payments.is_test, visitor_payments.is_voided, conversion_events.status
        from marts.conversion_events
        join marts.visitor_payments using (order_id)
        where visitor_payments.is_test or visitor_payments.is_voided
    """,
    )
    assert rows, "the generated data has test and voided orders"
    assert {status for is_test, _, status in rows if is_test} == {"skipped: test order"}
    assert {status for is_test, _, status in rows if not is_test} == {"skipped: voided order"}


def test_statuses_and_actions(warehouse):
    rows = query(warehouse, "select status, export_action from marts.conversion_events")
    assert all(STATUS.fullmatch(status) for status, _ in rows)
    assert all((action is not None) == (status == "ready") for status, action in rows)
    # nothing exported yet: every ready row is a first conversion
    assert {action for _, action in rows if action} == {"conversion"}


def test_values_are_the_orders_revenue_to_the_cent(warehouse):
    mismatches = query(
        warehouse,
        """
        select conversion_events.destination, conversion_events.order_id
        from marts.conversion_events
        join marts.visitor_payments using (order_id)
        where conversion_events.value <> case
                when conversion_events.destination in ('google_ads', 'microsoft_ads') then visitor_payments.net_revenue
                else visitor_payments.gross_revenue end
           or conversion_events.currency <> visitor_payments.currency
    """,
    )
    assert mismatches == []


def test_identifiers_and_click_ids(warehouse):
    rows = query(
        warehouse,
        """
        select destination, email_hash, external_id_hash, click_id_type, click_id, clicked_at, status
        from marts.conversion_events
    """,
    )
    accepted = {
        "meta": {"fbclid"},
        "google_ads": {"gclid", "gbraid", "wbraid"},
        "pinterest": {"epik"},
        "tiktok": {"ttclid"},
        "snapchat": {"sccid"},
        "microsoft_ads": {"msclkid"},
        "reddit": {"rdt_cid"},
        "linkedin": {"li_fat_id"},
    }
    for destination, email_hash, external_id, click_type, click_id, clicked_at, status in rows:
        assert email_hash is None or re.fullmatch(r"[0-9a-f]{64}", email_hash)
        assert external_id is None or re.fullmatch(r"[0-9a-f]{64}", external_id)
        assert click_type is None or click_type in accepted[destination]
        assert (click_type is None) == (click_id is None) == (clicked_at is None)
        if destination in ("google_ads", "microsoft_ads") and status == "ready":
            assert click_type in ("gclid", "msclkid")
    ready = {destination for destination, *_, status in rows if status == "ready"}
    assert ready == set(DESTINATIONS), "every destination has something to send on the generated data"


def test_windows_are_counted_from_the_latest_landed_time(warehouse):
    as_of = query(warehouse, "select as_of_at from intermediate.int_conversions_as_of")[0][0]
    rows = query(
        warehouse,
        "select destination, status, accepted_until from marts.conversion_events where status in ('ready', 'skipped: too old')",
    )
    for destination, status, accepted_until in rows:
        assert (accepted_until >= as_of) == (status == "ready"), (destination, status, accepted_until, as_of)
    too_old = {destination for destination, status, _ in rows if status == "skipped: too old"}
    assert {"meta", "pinterest", "reddit"} <= too_old  # 7-day windows on a month of orders
