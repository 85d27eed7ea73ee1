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


def model_status(
    r2: float, mape: float | None, media_per_day: NDArray[np.float64], rules: QualityRules
) -> str:
    if r2 < rules.min_r2:
        return f"weak: R² below {rules.min_r2:.2f} ({r2:.2f})"
    if mape is not None and mape > rules.max_mape:
        return f"weak: MAPE above {rules.max_mape:.0%} ({mape:.1%})"
    mean = float(media_per_day.mean())
    if mean > 0:
        floor = float(np.quantile(media_per_day, 0.05)) / mean
        if floor > rules.max_media_floor:
            return (f"weak: media never off (quietest days keep {floor:.0%} of the average "
                    "media effect), so the media vs baseline split is uncertain")
    return STATUS_OK
