"""The marketing-mix model's campaign split, one row per ad platform and campaign.

The same deterministic fit as int_mmm_channel_fit (same inputs, same settings, so the same
model bit for bit; within one dbt process it is fitted once, touchline.mmm.nightly.
shared_nightly_fit), then each channel's daily contribution is shared out by the campaigns' adstocked spend
(touchline.mmm.campaign_split). marts.mmm_campaign_contributions types it.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from touchline.mmm.nightly import NightlySettings, campaign_fit_table, shared_nightly_fit


def model(dbt: Any, session: Any) -> pd.DataFrame:
    dbt.config(materialized="table")
    settings = settings_from(dbt)
    revenue = dbt.ref("mer_daily").project("date_day, net_revenue_reporting as net_revenue").df()
    spend = (
        dbt.ref("int_mmm_campaign_spend_daily")
        .project("date_day, ad_platform, campaign_id, campaign_name, spend_reporting as spend")
        .df()
    )
    return campaign_fit_table(shared_nightly_fit(revenue, spend, settings), spend)


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
