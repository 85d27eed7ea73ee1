"""fit_mmm: daily frame in, MmmResult out; the statuses of analytics.md decided here."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from threadpoolctl import threadpool_limits

from touchline.mmm.candidates import MediaParams, identifiable_part, media_feature, penalised_nnls
from touchline.mmm.design import BaselineProjector, baseline_matrix
from touchline.mmm.prepare import (
    DATE_COL,
    DailyData,
    ScreeningRules,
    prepare_daily,
    resolve_spend_cols,
    screen_channel,
)
from touchline.mmm.prior import PRIOR_SHARE, contribution_penalty
from touchline.mmm.quality import QualityRules, media_relative_se, model_status
from touchline.mmm.result import ChannelResult, MmmResult
from touchline.mmm.search import SearchGrid, fit_media

MARGINAL_STEP = 0.01  # marginal ROAS: +1 % spend on every day of the period


def fit_mmm(
    daily: pd.DataFrame,
    *,
    revenue_col: str = "net_revenue",
    spend_cols: Sequence[str] | None = None,
    min_days: int = 90,
    quality: QualityRules = QualityRules(),
    screening: ScreeningRules = ScreeningRules(),
    grid: SearchGrid = SearchGrid(),
    prior_share: float | None = PRIOR_SHARE,
) -> MmmResult:
    """Fit the marketing-mix model on one row per day (date_day, revenue, spend per platform).

    Each spend column is a channel named by its column (the ad platform id). A model the data
    cannot support comes back with status 'skipped: ...' and null numbers, never an error.
    `prior_share`: scale of the prior on each channel's contribution as a share of total
    revenue (prior.py); None fits by least squares alone.
    """
    cols = resolve_spend_cols(daily, revenue_col, spend_cols)
    data = prepare_daily(daily, revenue_col, cols)
    n = len(data.dates)
    start = data.dates[0].date() if n else None
    end = data.dates[-1].date() if n else None

    def skipped(status: str, per_channel: dict[str, str] | None = None) -> MmmResult:
        chans = tuple(ChannelResult(c, float(data.spend[c].sum()), (per_channel or {}).get(c, status)) for c in cols)
        return MmmResult(chans, status, n, start, end)

    if n < min_days:
        return skipped(f"skipped: too few days ({n} < {min_days})")
    if float(np.std(data.revenue)) == 0.0:
        return skipped("skipped: no revenue variation")

    design, _ = baseline_matrix(data.dates)
    projector = BaselineProjector.from_design(design)
    skip_reason = {c: r for c in cols if (r := screen_channel(data.spend[c], projector, screening))}
    modelled = [c for c in cols if c not in skip_reason]
    if not modelled:
        return skipped("skipped: no channel with enough spend variation", skip_reason)

    # The products here are small (hundreds x days x channels): a BLAS thread pool only adds
    # hand-offs and contention with the rest of the nightly build.
    with threadpool_limits(limits=1, user_api="blas"):
        penalty = contribution_penalty(data.revenue, projector, prior_share)
        params = fit_media([data.spend[c] for c in modelled], data.revenue, projector, grid, penalty)
    result = _assemble(data, cols, modelled, skip_reason, params, projector, quality, penalty)
    if result.baseline_share is not None and result.baseline_share <= 0:
        # Media worth more than all the revenue: a fit that ran off along the media vs
        # baseline ridge. Its numbers would be nonsense, so none are reported.
        return skipped("skipped: implausible fit (media exceed total revenue)", skip_reason)
    return result


def _assemble(
    data: DailyData,
    cols: list[str],
    modelled: list[str],
    skip_reason: dict[str, str],
    params: tuple[MediaParams, ...],
    projector: BaselineProjector,
    quality: QualityRules,
    penalty: float,
) -> MmmResult:
    y = data.revenue
    features = np.vstack([media_feature(data.spend[c], p) for c, p in zip(modelled, params, strict=True)])
    beta = _final_coefficients(features, y, projector, penalty)
    media = features * beta[:, None]
    baseline = projector.baseline_fit(y - media.sum(axis=0))
    fitted = baseline + media.sum(axis=0)
    total = float(fitted.sum())  # equals total revenue: the intercept absorbs the mean

    resid = y - fitted
    r2 = 1.0 - float(resid @ resid) / float(((y - y.mean()) ** 2).sum())
    positive = y > 0
    mape = float(np.mean(np.abs(resid[positive]) / y[positive])) if positive.any() else None
    n_params = projector.basis.shape[1] + 4 * len(modelled)  # theta, alpha, kappa, beta
    media_se = media_relative_se(media, projector.residualise(media), resid, n_params)
    status = model_status(r2, mape, media.sum(axis=0), media_se, quality)

    results: dict[str, ChannelResult] = {}
    for i, (c, p) in enumerate(zip(modelled, params, strict=True)):
        spend = data.spend[c]
        contribution = float(media[i].sum())
        bumped = media_feature(spend * (1.0 + MARGINAL_STEP), p)
        extra_revenue = float(beta[i] * (bumped - features[i]).sum())
        results[c] = ChannelResult(
            ad_platform=c,
            spend=float(spend.sum()),
            status=status,
            adstock_theta=p.theta,
            saturation_alpha=p.alpha,
            saturation_kappa=p.kappa,
            coefficient=float(beta[i]),
            contribution=contribution,
            contribution_share=contribution / total if total > 0 else None,
            roas=contribution / float(spend.sum()),
            marginal_roas=extra_revenue / (MARGINAL_STEP * float(spend.sum())),
        )
    for c in cols:
        if c in skip_reason:
            results[c] = ChannelResult(c, float(data.spend[c].sum()), skip_reason[c])

    daily_fit = pd.DataFrame({DATE_COL: data.dates.date, "actual": y, "fitted": fitted, "baseline": baseline})
    for i, c in enumerate(modelled):
        daily_fit[f"contribution_{c}"] = media[i]
    return MmmResult(
        channels=tuple(results[c] for c in cols),
        status=status,
        n_days=len(data.dates),
        start_date=data.dates[0].date(),
        end_date=data.dates[-1].date(),
        model_r2=r2,
        model_mape=mape,
        baseline_share=float(baseline.sum()) / total if total > 0 else None,
        daily_fit=daily_fit,
    )


def _final_coefficients(
    features: NDArray[np.float64],
    y: NDArray[np.float64],
    projector: BaselineProjector,
    penalty: float,
) -> NDArray[np.float64]:
    beta, _ = penalised_nnls(
        identifiable_part(features, projector), projector.residualise(y), features.sum(axis=1), penalty
    )
    return beta
