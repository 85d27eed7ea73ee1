"""Baseline terms of the model: intercept, linear trend, day of week, yearly seasonality and
the retail peaks (Black Friday to Cyber Monday, the December gift season).

The baseline coefficients are unconstrained, the media coefficients are not, so the fit
projects the baseline out (Frisch-Waugh): for fixed media columns M, the best baseline is
B⁺(y - Mβ) and the residual is P⊥(y - Mβ), with P⊥ the projection orthogonal to B. The
non-negative media fit then runs on P⊥M and P⊥y alone, which is exact and much smaller.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from touchline.mmm.holidays import holiday_columns

# Yearly seasonality needs a full year to be told apart from the trend and from long
# flights; with less data its sine/cosine terms would soak up media effects.
MIN_DAYS_FOR_YEARLY = 365
YEARLY_HARMONICS = 2
DAYS_PER_YEAR = 365.25


def baseline_matrix(dates: pd.DatetimeIndex) -> tuple[NDArray[np.float64], list[str]]:
    """Columns: intercept, trend (0..1 over the period), 6 weekday dummies, yearly Fourier,
    one 0/1 column per retail peak inside the period."""
    n = len(dates)
    columns: list[NDArray[np.float64]] = [np.ones(n), np.linspace(0.0, 1.0, n)]
    names = ["intercept", "trend"]
    weekday = np.asarray(dates.day_of_week)
    for d in range(1, 7):  # Monday is the reference level
        columns.append((weekday == d).astype(np.float64))
        names.append(f"dow_{d}")
    if n >= MIN_DAYS_FOR_YEARLY:
        # Anchored to the calendar (day of year), not to the first row, so the same
        # season gets the same phase whatever date the data starts on.
        t = np.asarray(dates.day_of_year, dtype=np.float64) + 365.0 * (dates.year - 2000)
        for k in range(1, YEARLY_HARMONICS + 1):
            w = 2.0 * np.pi * k * t / DAYS_PER_YEAR
            columns += [np.sin(w), np.cos(w)]
            names += [f"sin_year_{k}", f"cos_year_{k}"]
    peaks, peak_names = holiday_columns(dates)
    columns += peaks
    names += peak_names
    return np.column_stack(columns), names


@dataclass(frozen=True)
class BaselineProjector:
    """P⊥ for a baseline matrix, via an orthonormal basis of its column space."""

    basis: NDArray[np.float64]  # days x rank, orthonormal columns
    design: NDArray[np.float64]  # days x baseline terms

    @classmethod
    def from_design(cls, design: NDArray[np.float64]) -> BaselineProjector:
        # SVD rather than plain QR: a weekday that never occurs (very short data) makes the
        # design rank-deficient, and dropping near-null directions keeps P⊥ well defined.
        u, s, _ = np.linalg.svd(design, full_matrices=False)
        rank = int(np.sum(s > s[0] * 1e-10))
        return cls(basis=np.ascontiguousarray(u[:, :rank]), design=design)

    def residualise(self, values: NDArray[np.float64]) -> NDArray[np.float64]:
        """P⊥ applied along the days axis, which is the LAST axis of `values`."""
        return values - (values @ self.basis) @ self.basis.T

    def baseline_fit(self, target: NDArray[np.float64]) -> NDArray[np.float64]:
        """The baseline part of the fit: the projection of (y - media) onto the baseline."""
        return self.basis @ (self.basis.T @ target)
