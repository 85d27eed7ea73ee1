"""What a fit returns, and its one-row-per-channel frame (marts.mmm_channel_contributions)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

CHANNEL_COLUMNS = [
    "ad_platform",
    "adstock_theta",
    "spend_reporting",
    "contribution",
    "contribution_share",
    "roas",
    "marginal_roas",
    "model_r2",
    "model_mape",
    "baseline_share",
    "status",
]


@dataclass(frozen=True)
class ChannelResult:
    """One channel's estimate. Model numbers are None when the channel was not modelled;
    spend is the observed total, which is a fact and is always reported."""

    ad_platform: str
    spend: float
    status: str
    adstock_theta: float | None = None
    saturation_alpha: float | None = None  # Hill shape
    saturation_kappa: float | None = None  # Hill half-saturation, in adstocked spend units
    coefficient: float | None = None  # revenue per day at full saturation (beta >= 0)
    contribution: float | None = None
    contribution_share: float | None = None
    roas: float | None = None
    marginal_roas: float | None = None


@dataclass(frozen=True, eq=False)
class MmmResult:
    channels: tuple[ChannelResult, ...]
    status: str
    n_days: int
    start_date: date | None
    end_date: date | None
    model_r2: float | None = None
    model_mape: float | None = None
    baseline_share: float | None = None
    # Per day: date_day, actual, fitted, baseline and one contribution column per modelled
    # channel; empty when the model was skipped. For diagnostics and plots, not a mart.
    daily_fit: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def is_fitted(self) -> bool:
        return not self.status.startswith("skipped")

    def channel(self, ad_platform: str) -> ChannelResult:
        for c in self.channels:
            if c.ad_platform == ad_platform:
                return c
        raise KeyError(ad_platform)

    def channel_frame(self) -> pd.DataFrame:
        """One row per channel; nulls (pd.NA) where a number would not mean anything."""
        rows = [
            {
                "ad_platform": c.ad_platform,
                "adstock_theta": c.adstock_theta,
                "spend_reporting": c.spend,
                "contribution": c.contribution,
                "contribution_share": c.contribution_share,
                "roas": c.roas,
                "marginal_roas": c.marginal_roas,
                "model_r2": self.model_r2 if c.contribution is not None else None,
                "model_mape": self.model_mape if c.contribution is not None else None,
                "baseline_share": self.baseline_share if c.contribution is not None else None,
                "status": c.status,
            }
            for c in self.channels
        ]
        frame = pd.DataFrame(rows, columns=CHANNEL_COLUMNS)
        for col in CHANNEL_COLUMNS:
            if col not in ("ad_platform", "status"):
                # Nullable floats so a warehouse write gives NULL, never NaN.
                frame[col] = pd.array(
                    [None if pd.isna(v) or not math.isfinite(v) else float(v) for v in frame[col]],
                    dtype="Float64",
                )
        frame["ad_platform"] = frame["ad_platform"].astype("string")
        frame["status"] = frame["status"].astype("string")
        return frame
