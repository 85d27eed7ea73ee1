"""What the report shows, read from the published warehouse as pandas frames.

Every query reads the marts and audit tables only (the contract), so the report shows the
numbers an analyst gets from `touchline sql`. The time-bound charts cover whole weeks
(Monday to Sunday) that span the last `days` days up to the build's as-of date; cohorts and
the marketing-mix model cover the whole history, as their tables do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import duckdb
import numpy as np
import pandas as pd

from touchline.mmm.adstock import geometric_adstock_by_day
from touchline.mmm.saturation import hill

ATTRIBUTION_MODELS = ["first_touch", "last_touch", "linear", "position_based", "time_decay"]
TOP_CAMPAIGNS = 12
TOP_LTV_CAMPAIGNS = 8


@dataclass(frozen=True)
class Window:
    as_of: date
    start: date  # a Monday: whole weeks
    days: int  # the --days the window was asked for

    @property
    def previous_start(self) -> date:
        return self.start - (self.as_of - self.start + timedelta(days=1))


def _frame(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pd.DataFrame:
    return con.execute(sql, params or []).df()


def has_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
            [schema, table],
        ).fetchone()[0]
    )


def window(con: duckdb.DuckDBPyConnection, days: int) -> Window | None:
    """None when the warehouse has no day yet (nothing landed)."""
    as_of = con.execute("select max(date_day) from marts.mer_daily").fetchone()[0]
    if as_of is None:
        return None
    first = as_of - timedelta(days=days - 1)
    return Window(as_of=as_of, start=first - timedelta(days=first.weekday()), days=days)


def headline(con: duckdb.DuckDBPyConnection, w: Window) -> pd.DataFrame:
    """This period against the period of the same length before it (one row each)."""
    return _frame(
        con,
        """
        select case when date_day >= ? then 'current' else 'previous' end as period,
               sum(net_revenue_reporting) as revenue, sum(spend_reporting) as spend,
               sum(new_customer_net_revenue_reporting) as new_customer_revenue,
               sum(orders) as orders, sum(new_customer_orders) as new_customers,
               count(*) as days
        from marts.mer_daily where date_day >= ? and date_day <= ?
        group by 1
        """,
        [w.start, w.previous_start, w.as_of],
    ).set_index("period")


def weekly(con: duckdb.DuckDBPyConnection, w: Window) -> pd.DataFrame:
    """Weekly revenue, spend, MER and new-customer MER; a week with fewer than 7 days of data
    (the first day of data, or the as-of date, falls inside it) is partial."""
    df = _frame(
        con,
        """
        select date_trunc('week', date_day)::date as week_start, count(*) as days,
               sum(net_revenue_reporting)::double as revenue, sum(spend_reporting)::double as spend,
               sum(new_customer_net_revenue_reporting)::double as new_customer_revenue,
               sum(orders) as orders, bool_or(has_missing_revenue_fx_rate or has_missing_spend_fx_rate) as has_missing_fx
        from marts.mer_daily where date_day between ? and ?
        group by 1 order by 1
        """,
        [w.start, w.as_of],
    )
    df["mer"] = df.revenue / df.spend.where(df.spend > 0)
    df["new_customer_mer"] = df.new_customer_revenue / df.spend.where(df.spend > 0)
    df["is_partial"] = df.days < 7
    return df


def campaign_roas(con: duckdb.DuckDBPyConnection, w: Window) -> pd.DataFrame:
    """ROAS of the campaigns with the most spend in the window, under every attribution model."""
    revenues = ", ".join(f"sum(revenue_{m})::double as revenue_{m}" for m in ATTRIBUTION_MODELS)
    df = _frame(
        con,
        f"""
        select ad_platform, campaign_id, any_value(campaign_name) as campaign_name,
               sum(spend_reporting)::double as spend, {revenues}
        from marts.campaign_performance_daily where date_day between ? and ?
        group by all having sum(spend_reporting) > 0
        order by spend desc, ad_platform, campaign_id limit {TOP_CAMPAIGNS}
        """,
        [w.start, w.as_of],
    )
    for m in ATTRIBUTION_MODELS:
        df[f"roas_{m}"] = df[f"revenue_{m}"] / df.spend
    df["label"] = df.ad_platform + " · " + df.campaign_name.fillna(df.campaign_id)
    return df


def channel_flows(con: duckdb.DuckDBPyConnection, w: Window) -> pd.DataFrame:
    """Net revenue of the window's orders from first-touch channel to last-touch channel;
    orders with no touch at all are kept as 'Unattributed' on both sides."""
    return _frame(
        con,
        """
        select coalesce(first_touch_channel, 'Unattributed') as first_channel,
               coalesce(last_touch_channel, 'Unattributed') as last_channel,
               count(*) as orders, sum(net_revenue_reporting)::double as revenue
        from marts.visitor_payments
        where order_date between ? and ? and not is_voided and not is_test
        group by all order by revenue desc
        """,
        [w.start, w.as_of],
    )


def ltv_by(con: duckdb.DuckDBPyConnection, dimension: str) -> pd.DataFrame:
    """LTV per customer by window for each value of `dimension`, over the cohorts whose window
    is complete; `open_cohorts` counts the cohort months left out because it is still open."""
    top = ""
    if dimension == "campaign":
        key = "acquisition_platform || ' · ' || acquisition_campaign"
        top = f"""and {key} in (
            select {key} from marts.cohort_ltv
            where acquisition_campaign <> '(none)' and window_days = (select min(window_days) from marts.cohort_ltv)
            group by 1 order by sum(customers) desc, 1 limit {TOP_LTV_CAMPAIGNS})"""
    else:
        key = "acquisition_channel"
    return _frame(
        con,
        f"""
        select {key} as label, window_days,
               (sum(net_revenue_reporting) filter (where is_complete)
                / nullif(sum(customers) filter (where is_complete), 0))::double as ltv,
               coalesce(sum(customers) filter (where is_complete), 0) as customers,
               count(distinct cohort_month) filter (where not is_complete) as open_cohorts
        from marts.cohort_ltv where true {top}
        group by all order by label, window_days
        """,
    )


def ltv_cohorts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """LTV per customer by cohort month and window over every acquisition; an open window
    shows its value so far."""
    return _frame(
        con,
        """
        select cohort_month, window_days, sum(customers) as customers,
               (sum(net_revenue_reporting) / nullif(sum(customers), 0))::double as ltv_so_far,
               bool_and(is_complete) as is_complete
        from marts.cohort_ltv group by all order by cohort_month, window_days
        """,
    )


def mmm_channels(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _frame(
        con,
        """
        select ad_platform, spend_reporting::double as spend, contribution::double as contribution,
               contribution_share, roas, marginal_roas, adstock_theta, model_r2, baseline_share,
               status, model_start_date, model_end_date
        from marts.mmm_channel_contributions order by contribution desc nulls last, ad_platform
        """,
    )


def mmm_response_curves(con: duckdb.DuckDBPyConnection, points: int = 41) -> pd.DataFrame:
    """Daily revenue the model expects from a steady daily spend, for each modelled platform,
    from 0 to twice its average daily spend.

    The fit keeps each channel's curve shape (adstock θ, Hill α and κ) in intermediate.int_mmm_fit;
    its scale β follows from the contribution, which is β · Σ hill(adstock(spend)) over the
    modelled days. A steady spend s has adstock s / (1 − θ)."""
    if not has_table(con, "intermediate", "int_mmm_fit"):
        return pd.DataFrame(columns=["ad_platform", "daily_spend", "daily_revenue", "is_current"])
    fits = _frame(
        con,
        """
        select distinct ad_platform, adstock_theta, saturation_alpha, saturation_kappa,
               channel_contribution as contribution, model_start_date, model_end_date
        from intermediate.int_mmm_fit
        where channel_contribution is not null and saturation_alpha > 0 and saturation_kappa > 0
        order by ad_platform
        """,
    )
    rows = []
    for fit in fits.itertuples():
        spend = _frame(
            con,
            """
            select d.date_day, coalesce(sum(s.spend_reporting), 0)::double as spend
            from (select unnest(generate_series(?::date, ?::date, interval 1 day))::date as date_day) d
            left join intermediate.int_mmm_campaign_spend_daily s
              on s.date_day = d.date_day and s.ad_platform = ?
            group by 1 order by 1
            """,
            [fit.model_start_date, fit.model_end_date, fit.ad_platform],
        ).spend.to_numpy()
        response = hill(geometric_adstock_by_day(spend, fit.adstock_theta), fit.saturation_alpha, fit.saturation_kappa)
        if response.sum() <= 0 or spend.mean() <= 0:
            continue
        beta = float(fit.contribution) / float(response.sum())
        average = float(spend.mean())
        grid = np.append(np.linspace(0.0, 2.0 * average, points), average)
        revenue = beta * hill(grid / (1.0 - fit.adstock_theta), fit.saturation_alpha, fit.saturation_kappa)
        for s, r, current in zip(grid, revenue, [False] * points + [True], strict=False):
            rows.append({"ad_platform": fit.ad_platform, "daily_spend": s, "daily_revenue": r, "is_current": current})
    return pd.DataFrame(rows, columns=["ad_platform", "daily_spend", "daily_revenue", "is_current"])


def files_by_kind(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _frame(
        con,
        """
        select kind, status, count(*) as files, coalesce(sum(records_loaded), 0) as records_loaded,
               coalesce(sum(records_quarantined), 0) as records_quarantined
        from audit.load_audit group by all order by kind, status
        """,
    )


def quarantine_reasons(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _frame(
        con,
        "select kind, reason, count(*) as records from audit.quarantine group by all order by records desc, kind, reason limit 15",
    )


def unmatched_campaigns(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _frame(
        con,
        """
        select side, ad_platform, campaign, match_status, sessions,
               net_revenue_reporting::double as last_touch_revenue, spend_reporting::double as spend,
               first_date, last_date
        from marts.unmatched_campaigns
        order by coalesce(net_revenue_reporting, spend_reporting) desc nulls last, side, ad_platform, campaign
        limit 15
        """,
    )


def orders_without_fx(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Orders whose revenue is missing from the reporting-currency sums: no rate for their
    currency at or before their day."""
    return _frame(
        con,
        """
        select currency, count(*) as orders, sum(net_revenue)::double as net_revenue,
               min(order_date) as first_date, max(order_date) as last_date
        from marts.visitor_payments
        where fx_rate is null and not is_voided and not is_test
        group by all order by orders desc, currency
        """,
    )
