"""From the warehouse's daily frame to clean float arrays, and which channels can be modelled."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from touchline.mmm.design import BaselineProjector

DATE_COL = "date_day"


@dataclass(frozen=True)
class ScreeningRules:
    """When a channel's spend cannot support an estimate (analytics.md: 'a channel with
    almost no variation'). Defaults are configurable through fit_mmm."""

    min_active_days: int = 14  # days with spend > 0
    min_spend_cv: float = 0.05  # std / mean of daily spend
    # Share of the spend's variation left after removing what the baseline (trend, weekday,
    # season) can explain; below this the channel is indistinguishable from the baseline.
    min_variation_beyond_baseline: float = 0.10


@dataclass(frozen=True)
class DailyData:
    dates: pd.DatetimeIndex
    revenue: NDArray[np.float64]
    spend: dict[str, NDArray[np.float64]]  # ordered as the input columns


def to_float(values: pd.Series) -> NDArray[np.float64]:
    """Decimal (object or Arrow decimal), int or float -> float64; nulls become 0."""
    if values.dtype == object:
        values = values.map(lambda v: None if v is None else float(v))
    return np.nan_to_num(values.astype("float64").to_numpy(), nan=0.0)


def resolve_spend_cols(daily: pd.DataFrame, revenue_col: str, spend_cols: Sequence[str] | None) -> list[str]:
    if spend_cols is None:
        return [c for c in daily.columns if c not in (DATE_COL, revenue_col)]
    missing = [c for c in [*spend_cols, revenue_col, DATE_COL] if c not in daily.columns]
    if missing:
        raise KeyError(f"daily frame lacks column(s) {missing}")
    return list(spend_cols)


def prepare_daily(daily: pd.DataFrame, revenue_col: str, spend_cols: Sequence[str]) -> DailyData:
    """One row per calendar day from the first to the last date present.

    Missing days mean no spend and no revenue (the marts only have rows for days with
    activity); duplicate dates are summed; negative spend (credits) counts as zero.
    """
    if DATE_COL not in daily.columns or revenue_col not in daily.columns:
        raise KeyError(f"daily frame needs columns {DATE_COL!r} and {revenue_col!r}")
    frame = pd.DataFrame({DATE_COL: pd.to_datetime(daily[DATE_COL]).dt.normalize()})
    frame["__revenue"] = to_float(daily[revenue_col])
    for i, col in enumerate(spend_cols):
        frame[f"__spend_{i}"] = np.maximum(to_float(daily[col]), 0.0)
    frame = frame.dropna(subset=[DATE_COL])
    if frame.empty:
        return DailyData(pd.DatetimeIndex([]), np.zeros(0), {c: np.zeros(0) for c in spend_cols})
    summed = frame.groupby(DATE_COL, sort=True).sum()
    calendar = pd.date_range(summed.index.min(), summed.index.max(), freq="D")
    summed = summed.reindex(calendar, fill_value=0.0)
    return DailyData(
        dates=calendar,
        revenue=summed["__revenue"].to_numpy(dtype=np.float64),
        spend={c: summed[f"__spend_{i}"].to_numpy(dtype=np.float64) for i, c in enumerate(spend_cols)},
    )


def screen_channel(spend: NDArray[np.float64], projector: BaselineProjector, rules: ScreeningRules) -> str | None:
    """None when the channel can be modelled, else the 'skipped: ...' status saying why."""
    active = int(np.count_nonzero(spend > 0))
    if active == 0:
        return "skipped: no spend"
    if active < rules.min_active_days:
        return f"skipped: spend on too few days ({active} < {rules.min_active_days})"
    mean = float(spend.mean())
    centred = spend - mean
    if float(np.sqrt(np.mean(centred**2))) < rules.min_spend_cv * mean:
        return "skipped: no spend variation"
    beyond = float(np.linalg.norm(projector.residualise(spend)) / np.linalg.norm(centred))
    if beyond < rules.min_variation_beyond_baseline:
        return "skipped: spend varies only with the baseline (trend, weekday, season)"
    return None
