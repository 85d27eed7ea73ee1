"""The deterministic fit: a coarse grid per channel searched by coordinate descent from a
few fixed starts, then a shrinking local grid around the best point (a pattern search).
No randomness anywhere, so the same data gives the same model bit for bit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from touchline.mmm.candidates import (
    ChannelCandidates,
    CoordinateSearch,
    MediaParams,
    channel_candidates,
    sse,
)
from touchline.mmm.design import BaselineProjector

START_THETAS = (0.1, 0.3, 0.5, 0.7)
THETA_CAP = 0.94  # inside the spec's [0, 0.95)
# The polish may leave the grid but not run off to curves the data cannot tell apart from
# a step (huge alpha) or a straight line (kappa far beyond any observed stock).
ALPHA_RANGE = (0.5, 4.0)
KAPPA_SCALE_RANGE = (0.1, 10.0)
# Local steps of the polish: theta (absolute), alpha and kappa (multiplicative). Each level
# halves the step; at the last one theta moves by ~0.003, far below what the data resolve.
POLISH_LEVELS = 4
POLISH_STEP = (0.025, 1.2, 1.3)
MAX_RECENTRES = 12


@dataclass(frozen=True)
class SearchGrid:
    thetas: tuple[float, ...] = tuple(round(0.05 * i, 2) for i in range(19))  # 0 .. 0.90
    # Coarse on purpose: the polish refines alpha and kappa, and every extra grid point
    # costs in each coordinate step.
    alphas: tuple[float, ...] = (0.7, 1.0, 1.6, 2.6)
    kappa_scales: tuple[float, ...] = (0.25, 0.5, 1.0, 2.0, 4.0)


def _starts(search: CoordinateSearch, grid: SearchGrid) -> list[list[int]]:
    """Fixed starting points: each channel's best lone fit, then every channel at the same
    theta (low to high) with a mid-range curve. Channels that flight in turn make the SSE
    surface multi-modal; a few fixed starts find the better basin without randomness."""
    n = len(search.candidates)
    lone = [search.best(c, None) for c in range(n)]
    per_theta = len(grid.alphas) * len(grid.kappa_scales)
    alpha_mid = min(range(len(grid.alphas)), key=lambda i: abs(grid.alphas[i] - 1.0))
    mid = alpha_mid * len(grid.kappa_scales) + len(grid.kappa_scales) // 2
    starts = [lone]
    for theta in START_THETAS:
        t = min(range(len(grid.thetas)), key=lambda i: abs(grid.thetas[i] - theta))
        starts.append([t * per_theta + mid] * n)
    return starts


def _local(spend: NDArray[np.float64], p: MediaParams, level: int, projector: BaselineProjector) -> ChannelCandidates:
    """3 x 3 x 3 neighbourhood of p; the centre is index 13."""
    d_theta, f_alpha, f_kappa = (
        POLISH_STEP[0] / 2**level,
        POLISH_STEP[1] ** (0.5**level),
        POLISH_STEP[2] ** (0.5**level),
    )
    thetas = [min(max(p.theta + k * d_theta, 0.0), THETA_CAP) for k in (-1, 0, 1)]
    alphas = [_clip(p.alpha * f_alpha**k, ALPHA_RANGE) for k in (-1, 0, 1)]
    scales = [_clip(p.kappa_scale * f_kappa**k, KAPPA_SCALE_RANGE) for k in (-1, 0, 1)]
    return channel_candidates(spend, thetas, alphas, scales, projector)


CENTRE = 13


def _clip(value: float, bounds: tuple[float, float]) -> float:
    return min(max(value, bounds[0]), bounds[1])


def _polish(
    spends: list[NDArray[np.float64]],
    y: NDArray[np.float64],
    projector: BaselineProjector,
    params: list[MediaParams],
    penalty: float,
) -> list[MediaParams]:
    for level in range(POLISH_LEVELS):
        for _ in range(MAX_RECENTRES):
            local = [_local(s, p, level, projector) for s, p in zip(spends, params, strict=True)]
            chosen = CoordinateSearch(local, y, penalty).run([CENTRE] * len(spends))
            params = [c.params[i] for c, i in zip(local, chosen, strict=True)]
            if all(i == CENTRE for i in chosen):
                break
    return params


def fit_media(
    spends: list[NDArray[np.float64]],
    y: NDArray[np.float64],
    projector: BaselineProjector,
    grid: SearchGrid,
    penalty: float = 0.0,
) -> tuple[MediaParams, ...]:
    candidates = [channel_candidates(s, grid.thetas, grid.alphas, grid.kappa_scales, projector) for s in spends]
    y_projected = projector.residualise(y)
    best: tuple[float, list[int]] | None = None
    search = CoordinateSearch(candidates, y_projected, penalty)
    for start in _starts(search, grid):
        chosen = search.run(start)
        value = sse(
            np.vstack([c.projected[i] for c, i in zip(candidates, chosen, strict=True)]),
            y_projected,
            np.array([c.totals[i] for c, i in zip(candidates, chosen, strict=True)]),
            penalty,
        )
        if best is None or value < best[0]:  # strict: the earlier start wins ties
            best = (value, chosen)
    assert best is not None
    params = [candidates[c].params[i] for c, i in enumerate(best[1])]
    return tuple(_polish(spends, y_projected, projector, params, penalty))
