"""Issue 14, item 4 at the loader: the accepted amount range is derived from the warehouse's
money type (touchline.landing.money_types), the same on the fast and the Python paths, so that
no amount it loads can overflow a model's decimal(18,4) once converted or added up."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.landing_fixtures import event, load, quarantine, rows, write_csv, write_jsonl
from touchline.landing.money_types import MONEY, MONEY_RECORD_LIMIT, SUM_HEADROOM_DIGITS


def test_the_record_limit_leaves_room_for_totals_in_the_money_type():
    assert MONEY.sql == "decimal(18, 4)"
    assert Decimal(10) ** MONEY.integer_digits == MONEY_RECORD_LIMIT * 10**SUM_HEADROOM_DIGITS
    # a thousand records just under the limit still add up inside decimal(18,4)
    assert (MONEY_RECORD_LIMIT - MONEY.quantum) * 1000 < Decimal(10) ** MONEY.integer_digits


@pytest.mark.parametrize("fast", [True, False], ids=["fast-path", "python-path"])
def test_amounts_beyond_the_record_limit_are_quarantined(tmp_path: Path, fast: bool):
    landing = tmp_path / "landing"
    note, extra = ("", "") if fast else (',"a, b"', ",note")
    write_csv(
        landing,
        "orders/o.csv",
        f"order_id,created_at,currency,total_price{extra}\n"
        f"o1,2026-05-01T10:00:00Z,EUR,99999999999.9999{note}\n"
        f"o2,2026-05-01T10:00:00Z,EUR,100000000000{note}\n"
        f"o3,2026-05-01T10:00:00Z,EUR,-100000000000.0000{note}\n"
        f"o4,2026-05-01T10:00:00Z,EUR,99999999999999.9999{note}\n",
    )
    write_csv(
        landing,
        "refunds/r.csv",
        f"refund_id,order_id,refunded_at,amount,currency{extra}\nr1,o1,2026-05-02T10:00:00Z,100000000000,EUR{note}\n",
    )
    write_csv(
        landing,
        "spend/s.csv",
        f"date_day,platform,campaign_id,campaign_name,spend,currency{extra}\n"
        f"2026-05-01,google,c1,C,100000000000,USD{note}\n",
    )
    con, _ = load(landing)
    assert rows(con, "select order_id, total_price from raw.orders") == [("o1", Decimal("99999999999.9999"))]
    assert [(line, reason) for line, reason, _ in quarantine(con, "orders/o.csv")] == [
        (3, "total_price out of range"),
        (4, "total_price out of range"),
        (5, "total_price out of range"),
    ]
    assert [reason for _, reason, _ in quarantine(con, "refunds/r.csv")] == ["amount out of range"]
    assert [reason for _, reason, _ in quarantine(con, "spend/s.csv")] == ["spend out of range"]


def test_pixel_revenue_beyond_the_record_limit_is_quarantined(tmp_path: Path):
    landing = tmp_path / "landing"
    write_jsonl(
        landing,
        "pixel/p.jsonl",
        [
            event("ok", event_type="checkout_completed", order_id="o1", revenue="99999999999.9999"),
            event("big", event_type="checkout_completed", order_id="o2", revenue=1e11),
        ],
    )
    con, _ = load(landing)
    assert rows(con, "select event_id from raw.pixel_events") == [("ok",)]
    assert [reason for _, reason, _ in quarantine(con)] == ["revenue out of range"]
