"""Campaign split: each channel's contribution shared by campaign adstocked spend."""

from __future__ import annotations

import pandas as pd
import pytest

from touchline.mmm import MmmResult, Simulation, campaign_split, fit_mmm, simulate
from touchline.mmm.campaigns import CAMPAIGN_COLUMNS


@pytest.fixture(scope="module")
def sim_fit() -> tuple[Simulation, MmmResult]:
    sim = simulate(21, days=300, channels=("meta", "google"))
    daily = sim.daily.assign(flat=400.0)  # a skipped channel, with campaigns of its own
    return sim, fit_mmm(daily)


def _with_flat_campaign(sim: Simulation) -> pd.DataFrame:
    flat = pd.DataFrame(
        {
            "date_day": sim.daily["date_day"],
            "ad_platform": "flat",
            "campaign_id": "flat_1",
            "campaign_name": "Always on",
            "spend": 400.0,
        }
    )
    return pd.concat([sim.campaign_daily, flat], ignore_index=True)


def test_campaigns_sum_to_the_channel(sim_fit: tuple[Simulation, MmmResult]) -> None:
    sim, result = sim_fit
    split = campaign_split(result, _with_flat_campaign(sim))
    assert list(split.columns) == CAMPAIGN_COLUMNS
    assert split[["ad_platform", "campaign_id"]].duplicated().sum() == 0
    channels = result.channel_frame().set_index("ad_platform")
    for platform in ("meta", "google"):
        rows = split[split["ad_platform"] == platform]
        assert len(rows) >= 2
        assert rows["contribution"].sum() == pytest.approx(channels.at[platform, "contribution"])
        assert rows["spend_reporting"].sum() == pytest.approx(channels.at[platform, "spend_reporting"])
        assert (rows["roas"] == rows["contribution"] / rows["spend_reporting"]).all()
    flat = split[split["ad_platform"] == "flat"].iloc[0]
    assert pd.isna(flat["contribution"]) and pd.isna(flat["roas"])
    assert flat["spend_reporting"] == pytest.approx(400.0 * len(sim.daily))


def test_a_campaign_gets_credit_for_its_own_days(sim_fit: tuple[Simulation, MmmResult]) -> None:
    """Two campaigns with equal total spend, one early and one late: each takes the
    contribution of its own days, not half of the whole."""
    sim, result = sim_fit
    meta = sim.daily[["date_day", "meta"]].rename(columns={"meta": "spend"})
    half = len(meta) // 2
    early = meta.iloc[:half].assign(campaign_id="early", campaign_name="Early")
    late = meta.iloc[half:].assign(campaign_id="late", campaign_name="Late")
    campaigns = pd.concat([early, late]).assign(ad_platform="meta")
    split = campaign_split(result, campaigns).set_index("campaign_id")
    daily = result.daily_fit["contribution_meta"].to_numpy()
    theta = result.channel("meta").adstock_theta
    assert theta is not None
    # Only the carry-over from the early campaign's last days crosses into the late half.
    assert split.at["early", "contribution"] >= daily[:half].sum() - 1e-6
    assert split.at["late", "contribution"] <= daily[half:].sum() + 1e-6
    assert split["contribution"].sum() == pytest.approx(daily.sum())


def test_skipped_model_gives_null_contributions(sim_fit: tuple[Simulation, MmmResult]) -> None:
    sim, _ = sim_fit
    skipped = fit_mmm(sim.daily.head(30))
    split = campaign_split(skipped, sim.campaign_daily)
    assert not split.empty
    assert split["contribution"].isna().all() and split["spend_reporting"].notna().all()
