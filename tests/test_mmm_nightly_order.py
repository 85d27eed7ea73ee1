"""The nightly fit must not depend on the order in which the warehouse returns rows: two
builds on the same data must give the same MMM tables, bit for bit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from touchline.mmm.nightly import campaign_fit_table, channel_fit_table, fit_table, nightly_fit


def _warehouse_like_frames(days: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(3)
    dates = pd.date_range("2026-01-01", periods=days, freq="D")
    revenue = pd.DataFrame({"date_day": dates, "net_revenue": rng.uniform(500, 900, days).round(2)})
    rows = []
    for platform in ("google", "meta"):
        for campaign in range(5):
            # all four campaigns of a platform run together, so a day's spend is a sum of four
            # awkward decimals: its float value depends on the order of the terms
            on = (np.arange(days) // 14 + (platform == "meta")) % 2 == 0
            spend = np.where(on, rng.uniform(0.1, 99.9, days).round(4), 0.0)
            rows.append(
                pd.DataFrame(
                    {
                        "date_day": dates,
                        "ad_platform": platform,
                        "campaign_id": f"{platform}-{campaign}",
                        "campaign_name": f"Campaign {campaign}",
                        "spend": spend,
                    }
                )
            )
    return revenue, pd.concat(rows, ignore_index=True)


@pytest.mark.parametrize("days", [30, 120])  # a skipped model (too few days) and a fitted one
def test_shuffled_rows_give_identical_tables(days: int):
    revenue, spend = _warehouse_like_frames(days)
    reference = nightly_fit(revenue, spend)
    channels = channel_fit_table(reference)
    campaigns = campaign_fit_table(reference, spend)
    for seed in range(5):
        shuffled_revenue = revenue.sample(frac=1, random_state=seed)
        shuffled_spend = spend.sample(frac=1, random_state=seed)
        result = nightly_fit(shuffled_revenue, shuffled_spend)
        pd.testing.assert_frame_equal(channel_fit_table(result), channels, check_exact=True)
        pd.testing.assert_frame_equal(campaign_fit_table(result, shuffled_spend), campaigns, check_exact=True)
        pd.testing.assert_frame_equal(fit_table(result, shuffled_spend), fit_table(reference, spend), check_exact=True)


@pytest.mark.parametrize("days", [30, 120])
def test_one_fit_table_carries_both_tables(days: int):
    """int_mmm_fit is the only fit in the build: each mart's rows must come out of it whole."""
    revenue, spend = _warehouse_like_frames(days)
    result = nightly_fit(revenue, spend)
    table = fit_table(result, spend)
    campaigns = campaign_fit_table(result, spend)
    channels = channel_fit_table(result)
    # the campaign columns, row for row
    renamed = {f"campaign_{c}": c for c in ("spend_reporting", "contribution", "roas")}
    pd.testing.assert_frame_equal(table[list(renamed)].rename(columns=renamed), campaigns[list(renamed.values())])
    pd.testing.assert_frame_equal(
        table[["ad_platform", "campaign_id", "campaign_name", "status"]], campaigns.drop(columns=list(renamed.values()))
    )
    # the channel columns: one distinct row per channel, equal to the channel table
    channel_columns = [c for c in table.columns if not c.startswith("campaign")]
    one_per_channel = table[channel_columns].drop_duplicates().reset_index(drop=True)
    assert len(one_per_channel) == len(channels) == spend["ad_platform"].nunique()
    renamed = {f"channel_{c}": c for c in ("spend_reporting", "contribution", "roas")}
    pd.testing.assert_frame_equal(
        one_per_channel.rename(columns=renamed)[list(channels.columns)], channels, check_exact=True
    )
