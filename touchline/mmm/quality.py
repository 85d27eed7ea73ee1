"""When a fitted model is too weak to trust: the 'weak: ...' statuses of the result."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

STATUS_OK = "ok"


@dataclass(frozen=True)
class QualityRules:
    min_r2: float = 0.5
    max_mape: float = 0.25
    # Media are told apart from the baseline by the days when they are (nearly) off. If even
    # the quietest days (5th percentile) carry this share of the average daily media effect,
    # the model has nothing to anchor the media level on: always-on spend, or channels that
    # flight in turn so one is always live. The split media vs baseline is then a guess
    # On simulated data, floors above 0.7 came with total media errors of 30-80 % and more,
    # while staggered flights over 8 channels (floors up to 0.65) stayed within 5 %.
    max_media_floor: float = 0.7
    # Relative standard error of the total media contribution, from the regression on the
    # fitted curves (so a lower bound: it ignores that the curves were fitted too). Noisy
    # revenue with many small channels biases the total upward (non-negativity cuts the
    # noise on one side only). On simulated data: 3 % noise gave SE 1-3 % and errors
    # within 7 %; 10 % noise on 9 channels gave SE 6-8 % and errors of 19-28 %.
    max_media_se: float = 0.05


def media_relative_se(
    contributions: NDArray[np.float64],
    residualised: NDArray[np.float64],
    residual: NDArray[np.float64],
    n_params: int,
) -> float | None:
    """SE(total media) / total media. `contributions`: channels x days of fitted media;
    `residualised`: the same with the baseline projected out; `residual`: y - fitted."""
    active = contributions.sum(axis=1) > 0
    if not active.any():
        return None
    x = residualised[active]
    dof = residual.size - n_params
    if dof <= 0:
        return None
    sigma2 = float(residual @ residual) / dof
    # Coefficients of y on the fitted contribution columns are 1 at the fit; their
    # covariance is sigma² (X'X)⁻¹, and the total is the contributions-weighted sum.
    cov = sigma2 * np.linalg.pinv(x @ x.T)
    totals = contributions[active].sum(axis=1)
    return float(np.sqrt(max(float(totals @ cov @ totals), 0.0)) / totals.sum())


def model_status(
    r2: float,
    mape: float | None,
    media_per_day: NDArray[np.float64],
    media_se: float | None,
    rules: QualityRules,
) -> str:
    if r2 < rules.min_r2:
        return f"weak: R² below {rules.min_r2:.2f} ({r2:.2f})"
    if mape is not None and mape > rules.max_mape:
        return f"weak: MAPE above {rules.max_mape:.0%} ({mape:.1%})"
    mean = float(media_per_day.mean())
    if mean > 0:
        floor = float(np.quantile(media_per_day, 0.05)) / mean
        if floor > rules.max_media_floor:
            return (
                f"weak: media never off (quietest days keep {floor:.0%} of the average "
                "media effect), so the media vs baseline split is uncertain"
            )
    if media_se is not None and media_se > rules.max_media_se:
        return (
            f"weak: total media contribution uncertain (±{media_se:.0%} standard error), "
            "small channels are likely overstated"
        )
    return STATUS_OK
