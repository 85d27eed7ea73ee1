"""The marketing-mix model fit (analytics.md, docs/mmm.md): one row per ad platform and
campaign, each carrying its channel's fit.

A dbt Python model because the fit is numerical (touchline.mmm, numpy/scipy); it runs in the
dbt process on the build's own DuckDB connection. The model is fitted once, here, and feeds
both MMM marts: marts.mmm_channel_contributions takes the channel columns (the same on every
campaign row of a channel), marts.mmm_campaign_contributions the campaign split (each
channel's daily contribution shared out by its campaigns' adstocked spend). dbt does not
enforce contracts on Python models, so the marts are typed SQL models on top of this one.
Revenue is int_analytics_daily's net revenue per day (every day from the first order or spend
day to the as-of date); spend is int_mmm_campaign_spend_daily.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from touchline.mmm.nightly import NightlySettings, fit_table, nightly_fit


def model(dbt: Any, session: Any) -> pd.DataFrame:
    dbt.config(materialized="table")
    settings = settings_from(dbt)
    revenue = dbt.ref("int_analytics_daily").project("date_day, net_revenue_reporting as net_revenue").df()
    spend = (
        dbt.ref("int_mmm_campaign_spend_daily")
        .project("date_day, ad_platform, campaign_id, campaign_name, spend_reporting as spend")
        .df()
    )
    return fit_table(nightly_fit(revenue, spend, settings), spend)


def settings_from(dbt: Any) -> NightlySettings:
    # Literal keys on purpose: dbt copies into the compiled model only the config keys it
    # finds as dbt.config.get("...") calls in this file.
    return NightlySettings.from_config(
        {
            "mmm_min_days": dbt.config.get("mmm_min_days"),
            "mmm_min_active_days": dbt.config.get("mmm_min_active_days"),
            "mmm_min_r2": dbt.config.get("mmm_min_r2"),
            "mmm_max_mape": dbt.config.get("mmm_max_mape"),
        }
    )
