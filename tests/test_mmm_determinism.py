"""Same data, same model, bit for bit; and the channel numbers hang together."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from touchline.mmm import MmmResult, fit_mmm, simulate
from touchline.mmm.candidates import MediaParams, media_feature


@pytest.fixture(scope="module")
def sim_fit() -> tuple[pd.DataFrame, MmmResult]:
    daily = simulate(7, days=400, channels=("meta", "google", "bing")).daily
    return daily, fit_mmm(daily)


def test_identical_output_for_identical_input(sim_fit: tuple[pd.DataFrame, MmmResult]) -> None:
    daily, first = sim_fit
    again = fit_mmm(daily.copy())
    shuffled = fit_mmm(daily.sample(frac=1.0, random_state=3))
    for other in (again, shuffled):
        a, b = first.channel_frame(), other.channel_frame()
        pd.testing.assert_frame_equal(a, b, check_exact=True)
        assert [c.saturation_kappa for c in first.channels] == [c.saturation_kappa for c in other.channels]


def test_outputs_are_finite_and_consistent(sim_fit: tuple[pd.DataFrame, MmmResult]) -> None:
    _daily, result = sim_fit
    frame = result.channel_frame()
    numbers = frame.drop(columns=["ad_platform", "status"]).to_numpy(dtype=float)
    assert np.isfinite(numbers).all()
    assert (frame["adstock_theta"].between(0, 0.95, inclusive="left")).all()
    assert (frame["contribution"] >= 0).all()
    # Shares of total modelled revenue: media shares plus the baseline share make one.
    assert frame["contribution_share"].sum() + result.baseline_share == pytest.approx(1.0)
    assert frame["roas"].to_numpy(dtype=float) == pytest.approx(
        (frame["contribution"] / frame["spend_reporting"]).to_numpy(dtype=float)
    )
    fit = result.daily_fit
    media = fit.filter(like="contribution_").sum(axis=1)
    assert (fit["baseline"] + media).to_numpy() == pytest.approx(fit["fitted"].to_numpy())


def test_marginal_roas_is_the_response_to_one_percent_more_spend(
    sim_fit: tuple[pd.DataFrame, MmmResult],
) -> None:
    daily, result = sim_fit
    ch = result.channel("google")
    assert ch.adstock_theta is not None and ch.saturation_alpha is not None
    assert ch.saturation_kappa is not None and ch.coefficient is not None
    p = MediaParams(ch.adstock_theta, ch.saturation_alpha, ch.saturation_kappa, 1.0)
    spend = daily["google"].to_numpy(dtype=float)
    before = ch.coefficient * media_feature(spend, p).sum()
    after = ch.coefficient * media_feature(spend * 1.01, p).sum()
    assert before == pytest.approx(ch.contribution)
    assert ch.marginal_roas == pytest.approx((after - before) / (0.01 * spend.sum()))
