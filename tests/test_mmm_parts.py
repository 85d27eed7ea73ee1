"""The building blocks against their definitions."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import nnls

from touchline.mmm.adstock import geometric_adstock, geometric_adstock_by_day
from touchline.mmm.candidates import batch_nnls_gram
from touchline.mmm.design import BaselineProjector, baseline_matrix
from touchline.mmm.holidays import black_friday, is_cyber_weekend, is_gift_season
from touchline.mmm.saturation import hill


def test_adstock_is_the_recursion() -> None:
    x = np.array([100.0, 0.0, 0.0, 50.0, 0.0])
    expected, carry = [], 0.0
    for v in x:
        carry = v + 0.6 * carry
        expected.append(carry)
    assert geometric_adstock(x, 0.6) == pytest.approx(expected)
    assert (geometric_adstock(x, 0.0) == x).all()
    with pytest.raises(ValueError, match="adstock theta must be in"):
        geometric_adstock(x, 0.95)


def test_adstock_by_day_is_lfilter_bit_for_bit() -> None:
    # the report computes its response curves with the loop, the fit with lfilter: the same
    # doubles, not merely close ones, or a curve's scale would drift from the fitted model
    rng = np.random.default_rng(7)
    for case in range(400):
        shape = (int(rng.integers(1, 400)),) if case % 2 else (int(rng.integers(1, 12)), int(rng.integers(1, 400)))
        spend = rng.exponential(1_000.0, size=shape) * (rng.random(shape) < 0.7)
        if case % 5 == 0:
            spend = np.round(spend, 2)
        theta = float(rng.random() * 0.95)
        assert np.array_equal(geometric_adstock_by_day(spend, theta), geometric_adstock(spend, theta))
    x = np.array([100.0, 0.0, 0.0, 50.0, 0.0])
    assert (geometric_adstock_by_day(x, 0.0) == x).all()
    with pytest.raises(ValueError, match="adstock theta must be in"):
        geometric_adstock_by_day(x, 0.95)


def test_hill_half_saturation_and_limits() -> None:
    a = np.array([0.0, 50.0, 100.0, 1e12])
    s = hill(a, 2.0, 100.0)
    assert s == pytest.approx([0.0, 0.2, 0.5, 1.0])
    assert np.isfinite(hill(np.array([1e300]), 40.0, 1e-3)).all()


def test_batch_nnls_matches_scipy() -> None:
    rng = np.random.default_rng(0)
    a = rng.normal(size=(300, 40, 5))
    a[:, :, 2] += 0.9 * a[:, :, 0]  # correlated columns make the constraints bind
    y = rng.normal(size=(300, 40))
    gram = np.einsum("nij,nik->njk", a, a)
    rhs = np.einsum("nij,ni->nj", a, y)
    beta = batch_nnls_gram(gram, rhs)
    assert (beta >= 0).all()
    for i in range(300):
        assert beta[i] == pytest.approx(nnls(a[i], y[i])[0], abs=1e-8)


def test_projector_removes_the_baseline_only() -> None:
    dates = pd.date_range("2024-01-01", periods=400, freq="D")
    design, names = baseline_matrix(dates)
    assert "sin_year_1" in names and len(names) == 14
    assert names[-2:] == ["cyber_weekend", "gift_season"]  # 2024: 29 Nov - 2 Dec, 3 - 23 Dec
    assert design[:, -2].sum() == 4 and design[:, -1].sum() == 21
    assert "sin_year_1" not in baseline_matrix(dates[:200])[1]  # under a year: no season
    assert "cyber_weekend" not in baseline_matrix(dates[:200])[1]  # nor a peak it does not hold
    proj = BaselineProjector.from_design(design)
    assert np.abs(proj.residualise(design.T)).max() < 1e-8
    bump = np.zeros(400)
    bump[100:114] = 1.0
    assert np.linalg.norm(proj.residualise(bump)) > 0.5 * np.linalg.norm(bump - bump.mean())


def test_black_friday_is_the_day_after_the_fourth_thursday_of_november() -> None:
    assert [black_friday(y) for y in (2024, 2025, 2026, 2027)] == [
        dt.date(2024, 11, 29),
        dt.date(2025, 11, 28),
        dt.date(2026, 11, 27),
        dt.date(2027, 11, 26),
    ]
    assert is_cyber_weekend(dt.date(2025, 12, 1)) and not is_cyber_weekend(dt.date(2025, 12, 2))
    assert is_gift_season(dt.date(2025, 12, 2)) and is_gift_season(dt.date(2025, 12, 23))
    assert not is_gift_season(dt.date(2025, 12, 24)) and not is_gift_season(dt.date(2025, 11, 27))
