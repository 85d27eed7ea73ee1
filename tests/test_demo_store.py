"""The demo store is one a store owner recognises (issue 18): a Black Friday to Cyber Monday
peak and a December above the months around it, returning customers' share of revenue
growing to 25-40 % by the year's end, brand search paying back under every attribution
model and broad prospecting paying back less than retargeting. Asked of `touchline demo`'s
own warehouse (conftest.demo_warehouse), as a user would with `touchline sql`."""

from __future__ import annotations

from pathlib import Path

import pytest

from touchline.mmm.holidays import black_friday
from touchline.warehouse.publish import connect_published

pytestmark = pytest.mark.slow


def _one(warehouse: Path, sql: str, *params) -> tuple:
    con = connect_published(warehouse)
    try:
        return con.execute(sql, list(params)).fetchone()
    finally:
        con.close()


def test_black_friday_to_cyber_monday_and_december_peak(demo_warehouse: Path) -> None:
    first, last = _one(demo_warehouse, "select min(date_day), max(date_day) from marts.mer_daily")
    friday = black_friday(first.year)
    assert first < friday and friday.replace(month=12, day=31) <= last  # the demo year holds one
    cyber, before = _one(
        demo_warehouse,
        """
        select avg(net_revenue_reporting) filter (where date_day between ? and ? + 3),
               avg(net_revenue_reporting) filter (where date_day between ? - 28 and ? - 1)
        from marts.mer_daily""",
        friday,
        friday,
        friday,
        friday,
    )
    assert cyber > 1.5 * before  # about twice the four weeks before on the demo
    november, december, january = _one(
        demo_warehouse,
        """
        select sum(net_revenue_reporting) filter (where month(date_day) = 11),
               sum(net_revenue_reporting) filter (where month(date_day) = 12),
               sum(net_revenue_reporting) filter (where month(date_day) = 1)
        from marts.mer_daily""",
    )
    assert december > november and december > january


def test_returning_customers_share_grows_to_a_quarter_or_more(demo_warehouse: Path) -> None:
    con = connect_published(demo_warehouse)
    try:
        shares = [
            share
            for (share,) in con.execute("""
            select 1 - sum(new_customer_net_revenue_reporting) / sum(net_revenue_reporting)
            from marts.mer_daily group by date_trunc('quarter', date_day) order by date_trunc('quarter', date_day)
        """).fetchall()
        ]
    finally:
        con.close()
    assert shares[0] < 0.15  # the store starts with no customers of its own
    assert shares == sorted(shares)  # and keeps more of them every quarter
    assert 0.25 <= shares[-1] <= 0.40


def test_brand_search_pays_back_and_prospecting_less_than_retargeting(demo_warehouse: Path) -> None:
    con = connect_published(demo_warehouse)
    try:
        roas = {
            name: models
            for name, *models in con.execute("""
            select campaign_name,
                   sum(revenue_first_touch) / sum(spend_reporting), sum(revenue_last_touch) / sum(spend_reporting),
                   sum(revenue_linear) / sum(spend_reporting)
            from marts.campaign_performance_daily group by all having sum(spend_reporting) > 0
        """).fetchall()
        }
    finally:
        con.close()
    assert min(roas["Brand Search"]) > 1
    for model in range(3):
        assert roas["Prospecting | Broad"][model] < roas["Retargeting_DPA"][model]
        assert roas["Prospecting | Broad"][model] < roas["Brand Search"][model]
