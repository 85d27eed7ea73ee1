"""The MMM as the nightly build runs it: warehouse frames in, the fit table out.

The dbt Python model int_mmm_fit is a thin wrapper around these functions (nightly_fit, then
fit_table), so the build step can be tested (and debugged) without dbt. Two rules come
from analytics.md: the fit is deterministic, and it never fails the build - whatever the
data, every ad platform and campaign gets a row whose `status` says what happened.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from touchline.mmm.campaigns import campaign_split
from touchline.mmm.fit import fit_mmm
from touchline.mmm.prepare import DATE_COL, ScreeningRules, to_float
from touchline.mmm.quality import QualityRules
from touchline.mmm.result import ChannelResult, MmmResult

REVENUE_COL = "net_revenue"
CAMPAIGN_KEYS = ["ad_platform", "campaign_id", "campaign_name"]

CHANNEL_FIT_COLUMNS = [
    "ad_platform",
    "adstock_theta",
    "saturation_alpha",
    "saturation_kappa",
    "spend_reporting",
    "contribution",
    "contribution_share",
    "roas",
    "marginal_roas",
    "model_r2",
    "model_mape",
    "baseline_share",
    "model_days",
    "model_start_date",
    "model_end_date",
    "status",
]
CAMPAIGN_FIT_COLUMNS = [
    "ad_platform",
    "campaign_id",
    "campaign_name",
    "spend_reporting",
    "contribution",
    "roas",
    "status",
]
# int_mmm_fit: one row per ad platform and campaign, its channel's fit on each of its rows.
# Where a campaign and its channel share a column name, each side's is prefixed.
CHANNEL_PREFIXED = ("spend_reporting", "contribution", "roas")
FIT_COLUMNS = [
    *CAMPAIGN_KEYS,
    *(f"campaign_{c}" for c in CHANNEL_PREFIXED),
    *(
        f"channel_{c}" if c in CHANNEL_PREFIXED else c
        for c in CHANNEL_FIT_COLUMNS
        if c not in ("ad_platform", "status")
    ),
    "status",
]


@dataclass(frozen=True)
class NightlySettings:
    """The knobs the build exposes as dbt vars (dbt_project.yml, mmm_*)."""

    min_days: int = 90
    min_active_days: int = 14
    min_r2: float = 0.5
    max_mape: float = 0.25

    @classmethod
    def from_config(cls, values: Mapping[str, Any]) -> NightlySettings:
        """`values`: the model's config, rendered from `{{ var(...) }}` in its yml, so numbers
        arrive as strings; a missing or null key keeps the default."""
        d = cls()

        def pick(key: str, default: float) -> Any:
            value = values.get(key)
            return default if value in (None, "", "None", "none", "null") else value

        return cls(
            min_days=int(pick("mmm_min_days", d.min_days)),
            min_active_days=int(pick("mmm_min_active_days", d.min_active_days)),
            min_r2=float(pick("mmm_min_r2", d.min_r2)),
            max_mape=float(pick("mmm_max_mape", d.max_mape)),
        )


def import_fit_modules() -> None:
    """Import what a fit needs and this module leaves to first use (scipy.signal for the
    adstock, scipy.optimize for the coefficients: ~1 CPU s together).

    The standby dbt (touchline/dbt/standby.py) calls it while the build starts: in the build,
    the dbt Python model int_mmm_fit would otherwise import them mid-run, holding the
    interpreter lock the other dbt thread needs (docs/benchmarks.md, issue 20 tenth round)."""
    import scipy.optimize
    import scipy.signal  # noqa: F401


def nightly_fit(
    revenue_daily: pd.DataFrame, campaign_daily: pd.DataFrame, settings: NightlySettings = NightlySettings()
) -> MmmResult:
    """revenue_daily: date_day, net_revenue (one row per modelled day, mer_daily);
    campaign_daily: date_day, ad_platform, campaign_id, campaign_name, spend.

    The modelled period is the revenue frame's days; spend outside it is ignored. Channels
    are the ad platforms present in campaign_daily, in sorted order, so the same data gives
    the same coordinate-descent order and the same model bits.
    """
    daily = _daily_frame(_canonical(revenue_daily, [DATE_COL]), _canonical(campaign_daily, [*CAMPAIGN_KEYS, DATE_COL]))
    platforms = [c for c in daily.columns if c not in (DATE_COL, REVENUE_COL)]
    try:
        return fit_mmm(
            daily,
            revenue_col=REVENUE_COL,
            spend_cols=platforms,
            min_days=settings.min_days,
            quality=QualityRules(min_r2=settings.min_r2, max_mape=settings.max_mape),
            screening=ScreeningRules(min_active_days=settings.min_active_days),
        )
    except Exception as exc:
        # A numerical failure on odd data must not stop the nightly build (analytics.md);
        # the tables say the model failed and carry no numbers.
        status = f"skipped: model error ({type(exc).__name__})"
        spend = {p: float(np.maximum(to_float(daily[p]), 0).sum()) for p in platforms}
        chans = tuple(ChannelResult(p, spend[p], status) for p in platforms)
        return MmmResult(chans, status, len(daily), None, None)


def channel_fit_table(result: MmmResult) -> pd.DataFrame:
    """One row per ad platform: the mart's columns plus the curve and the modelled period."""
    frame = result.channel_frame()
    by_name = {c.ad_platform: c for c in result.channels}
    frame.insert(
        2, "saturation_alpha", pd.array([by_name[p].saturation_alpha for p in frame["ad_platform"]], dtype="Float64")
    )
    frame.insert(
        3, "saturation_kappa", pd.array([by_name[p].saturation_kappa for p in frame["ad_platform"]], dtype="Float64")
    )
    frame["model_days"] = pd.array([result.n_days] * len(frame), dtype="Int64")
    frame["model_start_date"] = pd.to_datetime(pd.Series([result.start_date] * len(frame), dtype="object"))
    frame["model_end_date"] = pd.to_datetime(pd.Series([result.end_date] * len(frame), dtype="object"))
    return frame[CHANNEL_FIT_COLUMNS]


def campaign_fit_table(result: MmmResult, campaign_daily: pd.DataFrame) -> pd.DataFrame:
    """One row per ad platform and campaign with spend in the modelled period; the channel's
    status rides along so a null contribution explains itself."""
    spend = _canonical(campaign_daily, [*CAMPAIGN_KEYS, DATE_COL])
    split = campaign_split(result, spend) if result.start_date is not None else None
    if split is None or split.empty:
        # No modelled calendar (no days at all, or the fit failed): the campaigns still get
        # their rows, with the spend they had and no estimate.
        split = (
            spend.assign(spend=to_float(spend["spend"]))
            .groupby(CAMPAIGN_KEYS, sort=True, as_index=False)["spend"]
            .sum()
            .rename(columns={"spend": "spend_reporting"})
        )
        split["contribution"] = pd.array([None] * len(split), dtype="Float64")
        split["roas"] = pd.array([None] * len(split), dtype="Float64")
    status = {c.ad_platform: c.status for c in result.channels}
    split["status"] = [status.get(p, result.status) for p in split["ad_platform"]]
    split["status"] = split["status"].astype("string")
    return split[CAMPAIGN_FIT_COLUMNS].reset_index(drop=True)


def fit_table(result: MmmResult, campaign_daily: pd.DataFrame) -> pd.DataFrame:
    """One row per ad platform and campaign (campaign_fit_table), each carrying its channel's
    row of channel_fit_table: the one table both MMM marts read, so the model is fitted once.

    Every channel has at least one campaign row when the campaigns' spend lies in the modelled
    period, as in the build (the period runs from the first order or spend day to the as-of
    date, and the spend stops at the as-of date); the status is the channel's."""
    campaigns = campaign_fit_table(result, campaign_daily).rename(
        columns={c: f"campaign_{c}" for c in CHANNEL_PREFIXED}
    )
    channels = channel_fit_table(result).rename(columns={c: f"channel_{c}" for c in CHANNEL_PREFIXED})
    table = campaigns.drop(columns="status").merge(
        channels.drop(columns="status"), on="ad_platform", how="left", validate="many_to_one"
    )
    table["status"] = campaigns["status"]
    return table[FIT_COLUMNS]


def _canonical(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The rows in one fixed order. The warehouse returns rows in any order, and float sums
    (spend per day and platform) depend on the order of their terms: without this, two
    builds on the same data could differ in the last bits and so in the fitted model."""
    return frame.sort_values(keys, kind="mergesort").reset_index(drop=True)


def _daily_frame(revenue_daily: pd.DataFrame, campaign_daily: pd.DataFrame) -> pd.DataFrame:
    """One row per revenue day, one spend column per ad platform (0 on days without spend)."""
    days = pd.to_datetime(revenue_daily[DATE_COL]).dt.normalize()
    daily = pd.DataFrame({DATE_COL: days, REVENUE_COL: to_float(revenue_daily[REVENUE_COL])})
    spend = pd.DataFrame(
        {
            DATE_COL: pd.to_datetime(campaign_daily[DATE_COL]).dt.normalize(),
            "ad_platform": campaign_daily["ad_platform"].astype("string"),
            "spend": to_float(campaign_daily["spend"]),
        }
    )
    spend = spend[spend[DATE_COL].isin(set(days))]
    platforms = sorted(set(campaign_daily["ad_platform"].astype(str)))
    if not platforms:
        return daily.sort_values(DATE_COL).reset_index(drop=True)
    wide = spend.pivot_table(
        index=DATE_COL, columns="ad_platform", values="spend", aggfunc="sum", fill_value=0.0, sort=True
    )
    wide = wide.reindex(columns=platforms, fill_value=0.0)
    daily = daily.merge(wide, how="left", left_on=DATE_COL, right_index=True)
    daily[platforms] = daily[platforms].fillna(0.0)
    return daily.sort_values(DATE_COL).reset_index(drop=True)
