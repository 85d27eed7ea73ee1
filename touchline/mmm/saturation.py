"""Hill saturation on adstocked spend: s(a) = a^alpha / (a^alpha + kappa^alpha), in [0, 1).

kappa is the half-saturation point (in adstocked spend units), alpha the shape: alpha <= 1
is concave from the first dollar, alpha > 1 is S-shaped. The media coefficient beta scales
s to revenue per day, so beta is the daily revenue the channel would bring at full saturation.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.special import expit


def hill(adstock: NDArray[np.float64], alpha: float, kappa: float) -> NDArray[np.float64]:
    if alpha <= 0.0 or kappa <= 0.0:
        raise ValueError(f"hill needs alpha > 0 and kappa > 0, got {alpha}, {kappa}")
    a = np.maximum(np.asarray(adstock, dtype=np.float64), 0.0)
    # As a logistic in log(a): no overflow for any alpha or spend, and a = 0 gives exactly 0.
    with np.errstate(divide="ignore"):
        return np.asarray(expit(alpha * (np.log(a) - np.log(kappa))), dtype=np.float64)
