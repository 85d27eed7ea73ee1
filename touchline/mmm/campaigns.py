"""Campaign split (marts.mmm_campaign_contributions): each channel's modelled contribution,
shared out by each campaign's share of the channel's adstocked spend.

The share is taken day by day, with the channel's fitted theta, so a campaign gets credit
for the days on which its (carried-over) spend was there, not an average over the period.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from touchline.mmm.adstock import geometric_adstock
from touchline.mmm.prepare import DATE_COL, to_float
from touchline.mmm.result import MmmResult

CAMPAIGN_COLUMNS = ["ad_platform", "campaign_id", "campaign_name", "spend_reporting", "contribution", "roas"]
KEYS = ["ad_platform", "campaign_id", "campaign_name"]


def campaign_split(result: MmmResult, campaign_daily: pd.DataFrame) -> pd.DataFrame:
    """campaign_daily: date_day, ad_platform, campaign_id, campaign_name, spend (any day
    outside the modelled period is ignored). One row per platform and campaign."""
    if result.start_date is None or result.end_date is None or campaign_daily.empty:
        return _typed(pd.DataFrame(columns=CAMPAIGN_COLUMNS))
    calendar = pd.date_range(result.start_date, result.end_date, freq="D")
    frame = campaign_daily[KEYS].copy()
    frame[DATE_COL] = pd.to_datetime(campaign_daily[DATE_COL]).dt.normalize()
    frame["spend"] = np.maximum(to_float(campaign_daily["spend"]), 0.0)
    frame = frame[frame[DATE_COL].between(calendar[0], calendar[-1])]
    # Missing days mean zero spend; pivot to campaigns x days on the model's calendar.
    wide = frame.pivot_table(
        index=KEYS, columns=DATE_COL, values="spend", aggfunc="sum", fill_value=0.0, sort=True
    ).reindex(columns=calendar, fill_value=0.0)
    rows = []
    for platform, block in wide.groupby(level="ad_platform", sort=True):
        spend = block.to_numpy(dtype=np.float64)
        contributions = _split_channel(result, str(platform), spend)
        for (plat, cid, cname), s, contrib in zip(block.index, spend.sum(axis=1), contributions, strict=True):
            rows.append(
                {
                    "ad_platform": plat,
                    "campaign_id": cid,
                    "campaign_name": cname,
                    "spend_reporting": float(s),
                    "contribution": contrib,
                    "roas": contrib / float(s) if contrib is not None and s > 0 else None,
                }
            )
    return _typed(pd.DataFrame(rows, columns=CAMPAIGN_COLUMNS))


def _split_channel(result: MmmResult, platform: str, spend: np.ndarray) -> list[float | None]:
    channel = next((c for c in result.channels if c.ad_platform == platform), None)
    column = f"contribution_{platform}"
    if channel is None or channel.adstock_theta is None or column not in result.daily_fit.columns:
        return [None] * spend.shape[0]
    daily_contribution = result.daily_fit[column].to_numpy(dtype=np.float64)
    stock = geometric_adstock(spend, channel.adstock_theta)  # campaigns x days
    day_total = stock.sum(axis=0)
    period = stock.sum(axis=1)
    # Days where the model credits the channel but no campaign has stock (campaign feed
    # and channel feed disagree) fall back to the campaigns' shares of the whole period.
    fallback = period / period.sum() if period.sum() > 0 else np.full(len(period), 1 / len(period))
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(day_total > 0, stock / day_total, fallback[:, None])
    return [float(v) for v in (share * daily_contribution).sum(axis=1)]


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    for col in ("spend_reporting", "contribution", "roas"):
        frame[col] = pd.array(
            [None if pd.isna(v) or not math.isfinite(v) else float(v) for v in frame[col]], dtype="Float64"
        )
    for col in KEYS:
        frame[col] = frame[col].astype("string")
    return frame.reset_index(drop=True)
