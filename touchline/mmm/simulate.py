"""Daily revenue and spend with a planted truth, for the recovery test and the benchmark.

The truth uses the model's own functional form (geometric adstock, Hill saturation,
additive baseline) but its parameters are drawn from continuous ranges, so they are
never on the fit's grid, and the baseline has seasonality the model only approximates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from touchline.mmm.adstock import geometric_adstock
from touchline.mmm.candidates import reference_stock
from touchline.mmm.saturation import hill

DEFAULT_CHANNELS = ("meta", "google", "tiktok", "pinterest")
FLIGHT_DAYS = 14
BASE_REVENUE = 20_000.0  # per day


@dataclass(frozen=True)
class Simulation:
    daily: pd.DataFrame  # date_day, net_revenue, one spend column per channel
    truth: pd.DataFrame  # per channel: ad_platform, theta, alpha, kappa, beta, spend,
    #                      contribution, contribution_share
    campaign_daily: pd.DataFrame  # date_day, ad_platform, campaign_id, campaign_name, spend
    true_baseline: float  # total baseline revenue over the period


def _off_grid(value: float, step: float = 0.05, margin: float = 0.01) -> float:
    """Nudge a value away from multiples of `step` so no grid point is the truth."""
    nearest = round(value / step) * step
    if abs(value - nearest) < margin:
        value = nearest + margin * (1 if value >= nearest else -1)
    return value


def _flights(rng: np.random.Generator, days: int, offset: int) -> np.ndarray:
    """14 days on, 14 off; each flight has its own level so the saturation curve is seen
    at several heights, and days within a flight jitter."""
    spend = np.zeros(days)
    for start in range(-offset, days, 2 * FLIGHT_DAYS):
        lo, hi = max(start, 0), min(start + FLIGHT_DAYS, days)
        if hi > lo:
            spend[lo:hi] = rng.lognormal(0.0, 0.45) * rng.lognormal(0.0, 0.15, hi - lo)
    return spend


def _always_on(rng: np.random.Generator, days: int) -> np.ndarray:
    """Spend every day, drifting slowly (log AR(1)) with weekly budget changes."""
    log_level = np.zeros(days)
    for t in range(1, days):
        log_level[t] = 0.97 * log_level[t - 1] + rng.normal(0.0, 0.08)
    weekly = np.repeat(rng.lognormal(0.0, 0.2, days // 7 + 1), 7)[:days]
    return np.exp(log_level) * weekly * rng.lognormal(0.0, 0.1, days)


def simulate(
    seed: int,
    days: int = 730,
    channels: int | Sequence[str] = DEFAULT_CHANNELS,
    noise: float = 0.03,
    pattern: Literal["flights", "always_on"] = "flights",
    media_share: float = 0.30,
    start: str = "2024-01-01",
    stagger_days: int = 5,
) -> Simulation:
    """`media_share` is the planted share of total revenue from all media together; it is
    split across channels at random, so some channels fall under 4 % of revenue.

    Flights start `stagger_days` apart per channel. The default 5 keeps any two channels
    from being exact complements (one on exactly while the other is off), a plan under
    which some channel is always live and media cannot be told from the baseline.
    """
    rng = np.random.default_rng(seed)
    names = [f"channel_{i + 1}" for i in range(channels)] if isinstance(channels, int) else list(channels)
    n = len(names)
    dates = pd.date_range(start, periods=days, freq="D")

    t = np.arange(days)
    doy = np.asarray(dates.day_of_year, dtype=float)
    weekday = np.array([0.0, -0.02, -0.03, -0.01, 0.03, 0.08, 0.06])
    dow_effect = weekday[np.asarray(dates.day_of_week)]
    # Yearly season: a phase-shifted main wave plus a half-year wave.
    yearly = 0.08 * np.sin(2 * np.pi * (doy - 80) / 365.25) + 0.03 * np.cos(4 * np.pi * doy / 365.25)
    baseline = BASE_REVENUE * (1.0 + 0.15 * t / days + dow_effect + yearly)

    weights = rng.dirichlet(np.full(n, 1.5))
    target_contrib = media_share / (1.0 - media_share) * baseline.sum() * weights
    daily_budget = rng.uniform(500.0, 4000.0, n)
    spend_cols: dict[str, np.ndarray] = {}
    rows = []
    media_total = np.zeros(days)
    for i, name in enumerate(names):
        if pattern == "flights":
            raw = _flights(rng, days, offset=(i * stagger_days) % (2 * FLIGHT_DAYS))
        else:
            raw = _always_on(rng, days)
        spend = daily_budget[i] * raw / raw[raw > 0].mean()
        theta = _off_grid(float(rng.uniform(0.1, 0.8)))
        alpha = float(rng.uniform(0.8, 2.6))
        stock = geometric_adstock(spend, theta)
        kappa = float(rng.uniform(0.45, 2.2)) * reference_stock(stock)
        shape = hill(stock, alpha, kappa)
        beta = float(target_contrib[i] / shape.sum())
        contribution = beta * shape
        media_total += contribution
        spend_cols[name] = spend
        rows.append(
            {
                "ad_platform": name,
                "theta": theta,
                "alpha": alpha,
                "kappa": kappa,
                "beta": beta,
                "spend": float(spend.sum()),
                "contribution": float(contribution.sum()),
            }
        )

    mean_revenue = baseline + media_total
    revenue = mean_revenue * (1.0 + noise * rng.standard_normal(days))
    truth = pd.DataFrame(rows)
    truth["contribution_share"] = truth["contribution"] / mean_revenue.sum()
    daily = pd.DataFrame({"date_day": dates.date, "net_revenue": revenue, **spend_cols})
    return Simulation(
        daily=daily, truth=truth, campaign_daily=_campaigns(rng, dates, spend_cols), true_baseline=float(baseline.sum())
    )


def _campaigns(rng: np.random.Generator, dates: pd.DatetimeIndex, spend_cols: dict[str, np.ndarray]) -> pd.DataFrame:
    """Split each channel's daily spend over 2-3 campaigns with drifting shares."""
    frames = []
    for name, spend in spend_cols.items():
        k = int(rng.integers(2, 4))
        weights = rng.dirichlet(np.ones(k), size=len(dates))
        for j in range(k):
            frames.append(
                pd.DataFrame(
                    {
                        "date_day": dates.date,
                        "ad_platform": name,
                        "campaign_id": f"{name}_c{j + 1}",
                        "campaign_name": f"{name} campaign {j + 1}",
                        "spend": spend * weights[:, j],
                    }
                )
            )
    out = pd.concat(frames, ignore_index=True)
    return out[out["spend"] > 0].reset_index(drop=True)
