"""Trial media columns and the coordinate descent that picks one per channel.

Everything runs on baseline-residualised columns (see design.py), so each trial is a
C x C non-negative least-squares problem on Gram matrices, not a days-long regression.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from touchline.mmm.adstock import geometric_adstock
from touchline.mmm.design import BaselineProjector
from touchline.mmm.saturation import hill

MAX_SWEEPS = 8
# Share of a media curve's size that must be left after removing what the baseline can
# explain. On simulated always-on spend the true curves keep 0.11-0.5; the curves of fits
# that ran off to a negative baseline kept 0.04-0.07.
MIN_FEATURE_VARIATION = 0.1


@dataclass(frozen=True)
class MediaParams:
    theta: float
    alpha: float
    kappa: float  # absolute, in adstocked spend units
    kappa_scale: float  # kappa / reference_stock at this theta: what the search moves


@dataclass(frozen=True)
class ChannelCandidates:
    params: tuple[MediaParams, ...]
    projected: NDArray[np.float64]  # candidates x days, baseline residualised
    totals: NDArray[np.float64]  # per candidate: the curve summed over the days


def media_feature(spend: NDArray[np.float64], p: MediaParams) -> NDArray[np.float64]:
    return hill(geometric_adstock(spend, p.theta), p.alpha, p.kappa)


def reference_stock(stock: NDArray[np.float64]) -> float:
    """Mean adstocked spend on days with stock: kappa is searched as a multiple of it, so
    one grid fits channels of any budget and any theta (stock grows like 1 / (1 - theta))."""
    positive = stock[stock > 0]
    return float(positive.mean()) if positive.size else 1.0


def channel_candidates(
    spend: NDArray[np.float64],
    thetas: Sequence[float],
    alphas: Sequence[float],
    kappa_scales: Sequence[float],
    projector: BaselineProjector,
) -> ChannelCandidates:
    """Every (theta, alpha, kappa) combination, theta-major then alpha then kappa."""
    params: list[MediaParams] = []
    rows: list[NDArray[np.float64]] = []
    for theta in thetas:
        stock = geometric_adstock(spend, theta)
        ref = reference_stock(stock)
        for alpha in alphas:
            for scale in kappa_scales:
                params.append(MediaParams(theta, alpha, scale * ref, scale))
                rows.append(hill(stock, alpha, scale * ref))
    features = np.vstack(rows)
    return ChannelCandidates(tuple(params), identifiable_part(features, projector), features.sum(axis=1))


def identifiable_part(features: NDArray[np.float64], projector: BaselineProjector) -> NDArray[np.float64]:
    """Baseline-residualised features (rows), with a zero row for every curve that is
    almost constant or almost a baseline shape.

    Such a curve (a tiny kappa on always-on spend saturates to ~1 every day) lets the fit
    trade any amount of 'media' against the intercept at no cost in error, which is how an
    unconstrained fit ends up with media worth more than all the revenue. A zero row means
    'this curve explains nothing': the channel then gets no credit from it.
    """
    projected = projector.residualise(features)
    kept = np.linalg.norm(projected, axis=-1) >= MIN_FEATURE_VARIATION * np.linalg.norm(features, axis=-1)
    return np.where(kept[..., None], projected, 0.0)


def _nnls() -> Callable[..., tuple[NDArray[np.float64], float]]:
    # imported on first use: scipy.optimize costs ~0.6 CPU s to import, and every build
    # imports this package (the report's response curves) while only a fit solves anything
    from scipy.optimize import nnls

    return nnls


def penalised_nnls(
    columns: NDArray[np.float64], y: NDArray[np.float64], totals: NDArray[np.float64], penalty: float
) -> tuple[NDArray[np.float64], float]:
    """argmin_{b >= 0} |y - columns' b|^2 + penalty * sum_c (b_c * totals_c)^2, and that minimum.

    b_c * totals_c is channel c's contribution over the period, so the penalty is the prior of
    prior.py; it enters as one extra pseudo-observation per channel (zero contribution)."""
    k = columns.shape[0]
    a = np.vstack([columns.T, np.sqrt(penalty) * np.diag(totals)])
    target = np.concatenate([y, np.zeros(k)])
    beta, residual = _nnls()(a, target, maxiter=50 * k)
    return np.asarray(beta, dtype=np.float64), float(residual) ** 2


def sse(columns: NDArray[np.float64], y: NDArray[np.float64], totals: NDArray[np.float64], penalty: float) -> float:
    """The penalised sum of squared errors of the best non-negative fit."""
    return penalised_nnls(columns, y, totals, penalty)[1]


def _nnls_gram(gram: NDArray[np.float64], rhs: NDArray[np.float64]) -> NDArray[np.float64]:
    """argmin_{b >= 0} b'Gb - 2 b'r, via scipy's NNLS on the Cholesky factor of G."""
    k = gram.shape[0]
    ridge = 1e-12 * max(float(np.trace(gram)), 1e-300) + 1e-300
    upper = np.linalg.cholesky(gram + ridge * np.eye(k)).T
    target = np.linalg.solve(upper.T, rhs)
    beta, _ = _nnls()(upper, target, maxiter=50 * k)
    return np.asarray(beta, dtype=np.float64)


def batch_nnls_gram(gram: NDArray[np.float64], rhs: NDArray[np.float64]) -> NDArray[np.float64]:
    """Many small NNLS problems at once (n x k x k Gram, n x k right-hand sides).

    A vectorised active-set iteration: solve on the free set, pin negative coefficients to
    zero, free the pinned coefficient whose gradient says it should grow; stop when the
    KKT conditions hold. The rare problem that has not settled after the iteration budget
    goes to scipy's exact NNLS, so every answer is the true optimum, just mostly faster.
    """
    n, k = rhs.shape
    eye = np.eye(k)
    scale = np.maximum(np.trace(gram, axis1=1, axis2=2), 1e-300)
    gram_r = gram + (1e-12 * scale)[:, None, None] * eye
    free = np.ones((n, k), dtype=bool)
    beta = np.zeros((n, k))
    done = np.zeros(n, dtype=bool)
    tol = 1e-10 * scale
    for _ in range(3 * k + 2):
        todo = ~done
        f = free[todo]
        both = f[:, :, None] & f[:, None, :]
        # Pinned coefficients get an identity row and a zero right-hand side, so they solve
        # to exactly zero and the free ones solve their own sub-problem.
        system = np.where(both, gram_r[todo], 0.0) + (~f)[:, :, None] * eye
        b = np.linalg.solve(system, np.where(f, rhs[todo], 0.0)[..., None])[..., 0]
        negative = b < 0
        f = f & ~negative
        b = np.where(negative, 0.0, b)
        grad = rhs[todo] - np.einsum("ijk,ik->ij", gram[todo], b)
        wants_in = (~f) & (grad > tol[todo][:, None])
        settled = ~negative.any(axis=1) & ~wants_in.any(axis=1)
        # Free the single most-violating pinned coefficient per unsettled problem.
        pick = np.argmax(np.where(wants_in, grad, -np.inf), axis=1)
        add = wants_in.any(axis=1) & ~negative.any(axis=1)
        f[np.flatnonzero(add), pick[add]] = True
        idx = np.flatnonzero(todo)
        free[idx] = f
        beta[idx] = b
        done[idx[settled]] = True
        if done.all():
            break
    for i in np.flatnonzero(~done):
        beta[i] = _nnls_gram(gram[i], rhs[i])
    return beta


class CoordinateSearch:
    """Cyclic coordinate descent over channels: each step tries every candidate of one
    channel next to the current columns of the others and keeps the least-SSE one.

    Candidate norms and their products with y are computed once, so a step costs one
    candidates x channels matrix product and one batch of small NNLS problems. `penalty`
    (prior.py) adds penalty * total^2 to each channel's diagonal of the Gram matrix.
    """

    def __init__(self, candidates: list[ChannelCandidates], y: NDArray[np.float64], penalty: float = 0.0) -> None:
        self.candidates = candidates
        self.y = y
        self.penalty = penalty
        self.norms = [np.einsum("ij,ij->i", c.projected, c.projected) + penalty * c.totals**2 for c in candidates]
        self.dots = [c.projected @ y for c in candidates]

    def best(self, c: int, chosen: Sequence[int] | None) -> int:
        """Best candidate of channel c with the others at `chosen` (None: c alone)."""
        others = [] if chosen is None else [d for d in range(len(chosen)) if d != c]
        n_cand, k = self.candidates[c].projected.shape[0], len(others) + 1
        gram = np.empty((n_cand, k, k))
        rhs = np.empty((n_cand, k))
        if others:
            assert chosen is not None
            fixed = np.vstack([self.candidates[d].projected[chosen[d]] for d in others])
            gram[:, :-1, :-1] = fixed @ fixed.T + np.diag(
                [self.penalty * self.candidates[d].totals[chosen[d]] ** 2 for d in others]
            )
            # One matrix product reads this channel's candidates once for all the others.
            cross = self.candidates[c].projected @ fixed.T
            gram[:, :-1, -1] = cross
            gram[:, -1, :-1] = cross
            rhs[:, :-1] = np.array([self.dots[d][chosen[d]] for d in others])
        gram[:, -1, -1] = self.norms[c]
        rhs[:, -1] = self.dots[c]
        beta = batch_nnls_gram(gram, rhs)
        gain = 2.0 * np.einsum("ij,ij->i", beta, rhs) - np.einsum("ij,ijk,ik->i", beta, gram, beta)
        return int(np.argmax(gain))  # argmax takes the first of ties: deterministic

    def run(self, start: Sequence[int]) -> list[int]:
        chosen = list(start)
        for _ in range(MAX_SWEEPS):
            changed = False
            for c in range(len(chosen)):
                idx = self.best(c, chosen)
                if idx != chosen[c]:
                    changed = True
                    chosen[c] = idx
            if not changed:
                break
        return chosen
