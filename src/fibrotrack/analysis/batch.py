"""Cohort engine: the estimators of :mod:`.fgls` for many people at once, vectorised over people.

Input is a people × days grid (NaN = not logged) and a people × days × p design. Per person the rows
used are those with y and every column finite; the day index is the column index, so missing days
are gaps exactly as in the single-person engine. Everything is closed form on stacked arrays:

* per chunk of people, the φ-free sums are formed once (see :class:`_Parts`): the Gram matrix of the
  used rows, Σ X_t X_{t−1}' over "regular" rows (used days whose previous day was used), the same with
  y, and the few "special" rows (the first used day, days after a gap) compacted to the front;
* each iteration assembles X̃'X̃ = G0 − φ(G1 + G1') + φ²G2 (+ the special rows whitened with φ^gap for
  Prais–Winsten; dropped for Cochrane–Orcutt) and solves the batched normal equations with
  ``np.linalg.solve`` on (people × p × p) stacks — O(p²) per person, no pass over the days;
* φ is re-estimated from the residual autocorrelation written as quadratic forms in β of the same
  sums; a person stops iterating once φ moves ≤ ``tol`` (the rule of :func:`.fgls.fgls_ar1`, so both
  give the same numbers);
* OLS + Newey–West with the used rows compacted to the front so "lag" means "previous used row".

Columns that are all zero on a person's used rows (a weekday never logged) are left out of that
person's fit (coefficient 0, SE NaN, not counted in the degrees of freedom). People whose design is
rank deficient or has no residual degrees of freedom get ``ok = False`` and NaN estimates.
People are processed in chunks of ``chunk_people`` to bound memory, optionally on ``workers`` threads.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from scipy import stats

from ..errors import ValidationError
from .design import full_rank
from .fgls import PHI_MAX, Method, default_hac_lags

__all__ = ["BatchFit", "BatchHac", "fgls_ar1_batch", "ols_hac_batch"]


@dataclass(frozen=True, slots=True)
class BatchFit:
    """Per-person FGLS results: ``params``/``bse`` are (P, p); the rest (P,)."""

    params: np.ndarray
    bse: np.ndarray
    df_resid: np.ndarray
    phi: np.ndarray
    n_used: np.ndarray
    iterations: np.ndarray
    converged: np.ndarray
    ok: np.ndarray

    @property
    def pvalues(self) -> np.ndarray:
        """Two-sided t-test p-values (NaN where not estimable)."""
        df = np.where(self.ok, self.df_resid, 1)[:, None]
        return np.where(self.ok[:, None], 2.0 * stats.t.sf(np.abs(self.params / self.bse), df), np.nan)


@dataclass(frozen=True, slots=True)
class BatchHac:
    """Per-person OLS estimates with Newey–West standard errors (normal p-values)."""

    params: np.ndarray
    bse: np.ndarray
    maxlags: np.ndarray
    ok: np.ndarray

    @property
    def pvalues(self) -> np.ndarray:
        """Two-sided normal p-values."""
        return 2.0 * stats.norm.sf(np.abs(self.params / self.bse))


def _check(y: np.ndarray, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    y = np.asarray(y, dtype=float)
    X = np.asarray(X, dtype=float)
    if y.ndim != 2 or X.ndim != 3 or X.shape[:2] != y.shape:
        raise ValidationError("X", "y must be (people, days) and X (people, days, p)")
    return y, X


def _prev_used(used: np.ndarray) -> np.ndarray:
    """Index of the previous used day for every day (−1 when none)."""
    n_t = used.shape[1]
    idx = np.where(used, np.arange(n_t)[None, :], -1)
    last = np.maximum.accumulate(idx, axis=1)
    prev = np.full(used.shape, -1, dtype=np.int64)
    prev[:, 1:] = last[:, :-1]
    return prev


def _tr(a: np.ndarray) -> np.ndarray:
    return a.transpose(0, 2, 1)


def _mv(A: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Batched matrix (C, m, k) times vectors (C, k) → (C, m)."""
    return np.matmul(A, v[:, :, None])[:, :, 0]


def _dot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.einsum("cp,cp->c", a, b)


@dataclass(slots=True)
class _Parts:
    """φ-free sums for one chunk: every later step is O(p²) per person, with no pass over the days.

    "Regular" rows R are used days whose previous day was used; in both methods they are whitened as
    z_t − φ z_{t−1} with weight 1, so Σ_R (X_t − φX_{t−1})(…)' = G0 − φ(G1 + G1') + φ²G2 with
    G0 = Σ_R X_t X_t', G1 = Σ_R X_t X_{t−1}', G2 = Σ_R X_{t−1}X_{t−1}' (h0…h3 and q0…q2 likewise
    with y). "Special" rows (the first used day and days after a gap) are whitened explicitly for
    Prais–Winsten and dropped by Cochrane–Orcutt. The residual autocorrelation for the φ update is a
    quadratic form in β of the same sums (xx, xy, yy: all used rows; sums over R for the mean).
    """

    g0: np.ndarray
    g1: np.ndarray
    g2: np.ndarray
    h0: np.ndarray
    h1: np.ndarray
    h2: np.ndarray
    h3: np.ndarray
    q0: np.ndarray
    q1: np.ndarray
    q2: np.ndarray
    xx: np.ndarray
    xy: np.ndarray
    yy: np.ndarray
    ysum: np.ndarray
    xsum: np.ndarray
    r_ysum: np.ndarray
    r_xsum: np.ndarray
    p_ysum: np.ndarray
    p_xsum: np.ndarray
    n: np.ndarray
    n_pairs: np.ndarray
    xs: np.ndarray
    xps: np.ndarray
    ys: np.ndarray
    yps: np.ndarray
    gap_s: np.ndarray
    first_s: np.ndarray
    valid_s: np.ndarray
    pinned: np.ndarray

    def take(self, idx: np.ndarray) -> _Parts:
        return _Parts(*(getattr(self, f)[idx] for f in self.__slots__))  # type: ignore[attr-defined]


def _compact(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indices of True entries moved to the front of each row (width = the largest count) and their mask."""
    counts = mask.sum(axis=1)
    width = max(int(counts.max(initial=0)), 1)
    order = np.zeros((mask.shape[0], width), dtype=np.int64)
    rows, days = np.nonzero(mask)  # row-major: days ascend within each row
    slot = np.arange(rows.size) - np.repeat(np.cumsum(counts) - counts, counts)
    order[rows, slot] = days
    return order, np.arange(width)[None, :] < counts[:, None]


def _parts(yz: np.ndarray, Xz: np.ndarray, used: np.ndarray, prev: np.ndarray) -> _Parts:
    n_t = used.shape[1]
    gap = np.arange(n_t)[None, :] - prev
    regular = used & (prev >= 0) & (gap == 1)
    special = used & ~regular
    enders = used.copy()
    enders[:, :-1] &= ~used[:, 1:]  # used days whose next day is not used (or the last day)
    # Unused rows are zero, so Σ_t X_t X_{t−1}' counts regular rows only; G0 and G2 are the full Gram
    # matrix minus the few rows that are not the current / previous row of a regular pair.
    xx, xy = np.matmul(_tr(Xz), Xz), _mv(_tr(Xz), yz)
    yy, ysum, xsum = (yz * yz).sum(axis=1), yz.sum(axis=1), _mv(_tr(Xz), np.ones(Xz.shape[:2]))
    s_order, s_valid = _compact(special)
    e_order, e_valid = _compact(enders)
    xs = np.take_along_axis(Xz, s_order[:, :, None], axis=1) * s_valid[:, :, None]
    ys = np.take_along_axis(yz, s_order, axis=1) * s_valid
    xe = np.take_along_axis(Xz, e_order[:, :, None], axis=1) * e_valid[:, :, None]
    ye = np.take_along_axis(yz, e_order, axis=1) * e_valid
    prev_s = np.maximum(np.take_along_axis(prev, s_order, axis=1), 0)
    return _Parts(
        g0=xx - np.matmul(_tr(xs), xs), g1=np.matmul(_tr(Xz[:, 1:]), Xz[:, :-1]), g2=xx - np.matmul(_tr(xe), xe),
        h0=xy - _mv(_tr(xs), ys), h1=_mv(_tr(Xz[:, 1:]), yz[:, :-1]), h2=_mv(_tr(Xz[:, :-1]), yz[:, 1:]),
        h3=xy - _mv(_tr(xe), ye), q0=yy - (ys * ys).sum(axis=1), q1=(yz[:, 1:] * yz[:, :-1]).sum(axis=1),
        q2=yy - (ye * ye).sum(axis=1), xx=xx, xy=xy, yy=yy, ysum=ysum, xsum=xsum,
        r_ysum=ysum - ys.sum(axis=1), r_xsum=xsum - xs.sum(axis=1),
        p_ysum=ysum - ye.sum(axis=1), p_xsum=xsum - xe.sum(axis=1),
        n=used.sum(axis=1), n_pairs=regular.sum(axis=1),
        xs=xs, xps=np.take_along_axis(Xz, prev_s[:, :, None], axis=1) * s_valid[:, :, None], ys=ys,
        yps=np.take_along_axis(yz, prev_s, axis=1) * s_valid,
        gap_s=np.take_along_axis(gap, s_order, axis=1).astype(float),
        first_s=np.take_along_axis(prev < 0, s_order, axis=1), valid_s=s_valid,
        pinned=(np.einsum("cpp->cp", xx) == 0).astype(float),
    )


def _assemble(parts: _Parts, phi: np.ndarray, method: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return X̃'X̃ (with 1 on the diagonal of all-zero columns), X̃'ỹ and ỹ'ỹ at φ."""
    ph, ph1 = phi[:, None, None], phi[:, None]
    xtx = parts.g0 - ph * (parts.g1 + _tr(parts.g1)) + ph**2 * parts.g2
    xty = parts.h0 - ph1 * (parts.h1 + parts.h2) + ph1**2 * parts.h3
    yty = parts.q0 - 2 * phi * parts.q1 + phi**2 * parts.q2
    if method == "prais-winsten":
        g = np.where(parts.first_s, 1.0, parts.gap_s)
        a = np.where(parts.first_s, 0.0, ph1**g)
        s = np.where(parts.valid_s, np.where(parts.first_s, np.sqrt(1.0 - ph1**2),
                                             np.sqrt((1.0 - ph1**2) / (1.0 - ph1 ** (2.0 * g)))), 0.0)
        Xw = s[:, :, None] * (parts.xs - a[:, :, None] * parts.xps)
        yw = s * (parts.ys - a * parts.yps)
        xtx = xtx + np.matmul(_tr(Xw), Xw)
        xty = xty + _mv(_tr(Xw), yw)
        yty = yty + (yw * yw).sum(axis=1)
    idx = np.arange(xtx.shape[1])
    xtx[:, idx, idx] += parts.pinned
    return xtx, xty, yty


def _phi_update(parts: _Parts, beta: np.ndarray) -> np.ndarray:
    """Yule–Walker AR(1) of the residuals r = y − Xβ on used days, from the stored sums (see _Parts)."""
    n, n_pairs = parts.n, parts.n_pairs
    ss = parts.yy - 2 * _dot(parts.xy, beta) + _dot(beta, _mv(parts.xx, beta))
    cross = parts.q1 - _dot(parts.h1 + parts.h2, beta) + _dot(beta, _mv(parts.g1, beta))
    mean = (parts.ysum - _dot(parts.xsum, beta)) / np.maximum(n, 1)
    now = parts.r_ysum - _dot(parts.r_xsum, beta)
    before = parts.p_ysum - _dot(parts.p_xsum, beta)
    r0 = (ss - n * mean**2) / np.maximum(n, 1)
    r1 = (cross - mean * (now + before) + n_pairs * mean**2) / np.maximum(n_pairs, 1)
    ok = (n >= 2) & (n_pairs > 0) & (r0 > 0)
    return np.where(ok, np.clip(r1 / np.where(ok, r0, 1.0), -PHI_MAX, PHI_MAX), 0.0)


def _solve(xtx: np.ndarray, xty: np.ndarray) -> np.ndarray:
    return np.linalg.solve(xtx, xty[:, :, None])[:, :, 0]


def _fit_chunk(y: np.ndarray, X: np.ndarray, method: str, max_iter: int, tol: float,
               phi_fixed: np.ndarray | None) -> dict[str, np.ndarray]:
    c_n, _, p = X.shape
    used = np.isfinite(y) & np.isfinite(np.matmul(X, np.ones(p)))  # NaN anywhere in a row propagates
    everything = bool(used.all())
    yz = y if everything else np.where(used, y, 0.0)
    Xz = X if everything else np.where(used[:, :, None], X, 0.0)
    parts = _parts(yz, Xz, used, _prev_used(used))
    phi = np.zeros(c_n) if phi_fixed is None else np.asarray(phi_fixed, dtype=float).copy()
    if phi_fixed is not None:
        max_iter = 0
    xtx, xty, yty = _assemble(parts, phi, method)
    n_used = parts.n if method == "prais-winsten" else parts.n_pairs
    df = n_used - (p - parts.pinned.sum(axis=1)).astype(np.int64)
    ok = full_rank(xtx) & (df >= 1)
    xtx = np.where(ok[:, None, None], xtx, np.eye(p))
    beta = _solve(xtx, xty)
    iterations = np.zeros(c_n, dtype=np.int64)
    converged = np.full(c_n, max_iter == 0)
    active = ok.copy() if max_iter > 0 else np.zeros(c_n, dtype=bool)
    for _ in range(max_iter):
        idx = np.nonzero(active)[0]
        if idx.size == 0:
            break
        sub = parts if idx.size == c_n else parts.take(idx)
        new_phi = _phi_update(sub, beta[idx])
        xtx[idx], xty[idx], yty[idx] = _assemble(sub, new_phi, method)
        beta[idx] = _solve(xtx[idx], xty[idx])
        iterations[idx] += 1
        done = np.abs(new_phi - phi[idx]) <= tol
        phi[idx] = new_phi
        converged[idx[done]] = True
        active[idx[done]] = False
    rss = yty - 2 * _dot(beta, xty) + _dot(beta, _mv(xtx, beta))
    sigma2 = np.maximum(rss, 0.0) / np.maximum(df, 1)
    var = sigma2[:, None] * np.einsum("cpp->cp", np.linalg.inv(xtx))
    pinned = parts.pinned > 0
    bse = np.where(pinned, np.nan, np.sqrt(np.maximum(var, 0.0)))
    beta = np.where(pinned, 0.0, beta)
    return {"params": np.where(ok[:, None], beta, np.nan), "bse": np.where(ok[:, None], bse, np.nan),
            "df_resid": np.where(ok, df, 0), "phi": np.where(ok, phi, np.nan), "n_used": n_used,
            "iterations": iterations, "converged": converged & ok, "ok": ok}


def fgls_ar1_batch(
    y: np.ndarray,
    X: np.ndarray,
    *,
    method: Method = "prais-winsten",
    max_iter: int = 100,
    tol: float = 1e-10,
    chunk_people: int = 512,
    phi: np.ndarray | None = None,
    workers: int = 1,
) -> BatchFit:
    """Iterated AR(1) FGLS for every person (row of ``y``); same estimator as :func:`.fgls.fgls_ar1`.

    Args:
        y: (P, T) outcomes on a gap-free day grid, NaN where not logged.
        X: (P, T, p) designs, NaN in rows that cannot be used.
        method, max_iter, tol: as in :func:`.fgls.fgls_ar1`.
        chunk_people: people per chunk (memory ≈ chunk × T × p × 8 bytes × 3).
        phi: (P,) known AR(1) coefficients: one GLS step at these values, no iteration (an oracle).
        workers: threads working on chunks in parallel (NumPy releases the GIL in the heavy steps).

    Raises:
        ValidationError: mismatched shapes, an unknown method or fewer than one worker.
    """
    y, X = _check(y, X)
    if method not in ("prais-winsten", "cochrane-orcutt"):
        raise ValidationError("method", f"{method!r} is not prais-winsten or cochrane-orcutt")
    if workers < 1:
        raise ValidationError("workers", "must be at least 1")
    step = max(1, chunk_people)
    if workers > 1:  # at least one chunk per worker
        step = max(1, min(step, -(-y.shape[0] // workers)))
    phis = None if phi is None else np.asarray(phi, dtype=float)

    def run(i: int) -> dict[str, np.ndarray]:
        return _fit_chunk(y[i : i + step], X[i : i + step], method, max_iter, tol,
                          None if phis is None else phis[i : i + step])

    starts = range(0, y.shape[0], step)
    if workers > 1 and len(starts) > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            parts = list(pool.map(run, starts))
    else:
        parts = [run(i) for i in starts]
    if not parts:
        p = X.shape[2]
        empty = np.zeros(0)
        return BatchFit(np.zeros((0, p)), np.zeros((0, p)), empty.astype(int), empty, empty.astype(int),
                        empty.astype(int), empty.astype(bool), empty.astype(bool))
    return BatchFit(**{k: np.concatenate([part[k] for part in parts]) for k in parts[0]})


def _hac_chunk(y: np.ndarray, X: np.ndarray, maxlags: int | None) -> dict[str, np.ndarray]:
    c_n, n_t, p = X.shape
    used = np.isfinite(y) & np.all(np.isfinite(X), axis=2)
    n = used.sum(axis=1)
    yz = np.where(used, y, 0.0)
    Xz = np.where(used[:, :, None], X, 0.0)
    if not used.all():  # compact the used rows to the front: "lag" counts used rows, as in statsmodels
        order = np.argsort(~used, axis=1, kind="stable")
        yz = np.take_along_axis(yz, order, axis=1)
        Xz = np.take_along_axis(Xz, order[:, :, None], axis=1)
    pinned = (np.abs(Xz).sum(axis=1) == 0).astype(float)
    xtx = np.matmul(_tr(Xz), Xz)
    idx = np.arange(p)
    xtx[:, idx, idx] += pinned
    df = n - (p - pinned.sum(axis=1)).astype(np.int64)
    ok = full_rank(xtx) & (df >= 1)
    xtx = np.where(ok[:, None, None], xtx, np.eye(p))
    beta = _solve(xtx, np.matmul(_tr(Xz), yz[:, :, None])[:, :, 0])
    xu = Xz * (yz - np.matmul(Xz, beta[:, :, None])[:, :, 0])[:, :, None]
    lags = np.array([default_hac_lags(int(k)) for k in n]) if maxlags is None else np.full(c_n, int(maxlags))
    meat = np.matmul(_tr(xu), xu)
    for lag in range(1, int(min(lags.max(initial=0), n_t - 1)) + 1):
        gamma = np.matmul(_tr(xu[:, lag:]), xu[:, :-lag])
        w = np.where(lag <= lags, 1.0 - lag / (lags + 1.0), 0.0)
        meat += w[:, None, None] * (gamma + _tr(gamma))
    bread = np.linalg.inv(xtx)
    cov = bread @ meat @ bread
    bse = np.where(pinned > 0, np.nan, np.sqrt(np.maximum(np.einsum("cpp->cp", cov), 0.0)))
    return {"params": np.where(ok[:, None], np.where(pinned > 0, 0.0, beta), np.nan),
            "bse": np.where(ok[:, None], bse, np.nan), "maxlags": lags, "ok": ok}


def ols_hac_batch(y: np.ndarray, X: np.ndarray, *, maxlags: int | None = None, chunk_people: int = 512) -> BatchHac:
    """OLS with Newey–West covariance per person, lags counted in used rows (as :func:`.fgls.ols_hac`).

    ``maxlags=None`` uses floor(4 (n/100)^(2/9)) with each person's own number of used rows n.
    """
    y, X = _check(y, X)
    step = max(1, chunk_people)
    parts = [_hac_chunk(y[i : i + step], X[i : i + step], maxlags) for i in range(0, y.shape[0], step)]
    if not parts:
        p = X.shape[2]
        return BatchHac(np.zeros((0, p)), np.zeros((0, p)), np.zeros(0, dtype=int), np.zeros(0, dtype=bool))
    return BatchHac(**{k: np.concatenate([part[k] for part in parts]) for k in parts[0]})
