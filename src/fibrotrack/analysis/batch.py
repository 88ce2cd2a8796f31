"""Cohort engine: the estimators of :mod:`.fgls` for many people at once, vectorised over people.

Input is a people × days grid (NaN = not logged) and a people × days × p design. Per person the rows
used are those with y and every column finite; the day index is the column index, so missing days
are gaps exactly as in the single-person engine. Everything is closed form on stacked arrays:

* whitening weights (a, s) from each row's gap to the previous used row (Prais–Winsten with φ^gap, or
  Cochrane–Orcutt dropping rows after a gap), gathered with ``take_along_axis``;
* batched normal equations ``X̃'X̃ β = X̃'ỹ`` solved with ``np.linalg.solve`` on (people × p × p) stacks;
* φ re-estimated from residuals with masked sums; a person stops iterating once φ moves ≤ ``tol``
  (the same rule as :func:`.fgls.fgls_ar1`, so both give the same numbers);
* OLS + Newey–West with the used rows compacted to the front so "lag" means "previous used row".

Columns that are all zero on a person's used rows (a weekday never logged) are left out of that
person's fit (coefficient 0, SE NaN, not counted in the degrees of freedom). People whose design is
rank deficient or has no residual degrees of freedom get ``ok = False`` and NaN estimates.
People are processed in chunks of ``chunk_people`` to bound memory.
"""

from __future__ import annotations

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


def _weights(phi: np.ndarray, used: np.ndarray, prev: np.ndarray, method: str) -> tuple[np.ndarray, np.ndarray]:
    gap = (np.arange(used.shape[1])[None, :] - prev).astype(float)
    ph = phi[:, None]
    first = prev < 0
    if method == "prais-winsten":
        g = np.where(first, 1.0, gap)
        a = np.where(first, 0.0, ph**g)
        s = np.where(first, np.sqrt(1.0 - ph**2), np.sqrt((1.0 - ph**2) / (1.0 - ph ** (2.0 * g))))
    else:
        pair = (~first) & (gap == 1.0)
        a = np.where(pair, ph, 0.0)
        s = pair.astype(float)
    return a, np.where(used, s, 0.0)


def _phi_from_resid(resid: np.ndarray, used: np.ndarray) -> np.ndarray:
    """Yule–Walker AR(1) per person from residuals on used days (pairs = consecutive used days)."""
    n = used.sum(axis=1)
    r = np.where(used, resid, 0.0)
    mean = r.sum(axis=1) / np.maximum(n, 1)
    d = np.where(used, r - mean[:, None], 0.0)
    r0 = (d * d).sum(axis=1) / np.maximum(n, 1)
    pair = used[:, 1:] & used[:, :-1]
    n_pairs = pair.sum(axis=1)
    r1 = (d[:, 1:] * d[:, :-1] * pair).sum(axis=1) / np.maximum(n_pairs, 1)
    ok = (n >= 2) & (n_pairs > 0) & (r0 > 0)
    return np.where(ok, np.clip(r1 / np.where(r0 > 0, r0, 1.0), -PHI_MAX, PHI_MAX), 0.0)


def _tr(a: np.ndarray) -> np.ndarray:
    return a.transpose(0, 2, 1)


@dataclass(slots=True)
class _Parts:
    """φ-free pieces of X̃'X̃, X̃'ỹ for one chunk (whitening is linear in the previous used row).

    Rows whose previous day was used ("regular" rows) are whitened as z − φ z_prev with weight 1 in
    both methods, so their sums are quadratic in φ: Σ (X − φX_p)(X − φX_p)' = G0 − φ(G1 + G1') + φ²G2
    (G0 = Σ X X', G1 = Σ X X_p', G2 = Σ X_p X_p'; h0…h3 likewise with y).
    The first used row and rows after a gap ("special" rows, PW only) are kept compacted and whitened
    explicitly each iteration.
    """

    g0: np.ndarray
    g1: np.ndarray
    g2: np.ndarray
    h0: np.ndarray
    h1: np.ndarray
    h2: np.ndarray
    h3: np.ndarray
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
    width = max(int(mask.sum(axis=1).max(initial=0)), 1)
    order = np.argsort(~mask, axis=1, kind="stable")[:, :width]
    return order, np.take_along_axis(mask, order, axis=1)


def _gram(X: np.ndarray, y: np.ndarray, order: np.ndarray, valid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    Xc = np.take_along_axis(X, order[:, :, None], axis=1) * valid[:, :, None]
    yc = np.take_along_axis(y, order, axis=1) * valid
    return np.matmul(_tr(Xc), Xc), np.matmul(_tr(Xc), yc[:, :, None])[:, :, 0]


def _parts(yz: np.ndarray, Xz: np.ndarray, used: np.ndarray, prev: np.ndarray, pinned: np.ndarray,
           method: str) -> _Parts:
    n_t = used.shape[1]
    gap = np.arange(n_t)[None, :] - prev
    regular = used & (prev >= 0) & (gap == 1)
    special = used & ~regular
    enders = used.copy()
    enders[:, :-1] &= ~used[:, 1:]  # used days whose next day is not used (or the last day)
    # Unused rows are zero, so Σ_t X_t X_{t−1}' already counts only regular rows; G0 and G2 are the full
    # Gram matrix minus the few rows that are not the current / previous row of a regular pair.
    full_xx = np.matmul(_tr(Xz), Xz)
    full_xy = np.matmul(_tr(Xz), yz[:, :, None])[:, :, 0]
    s_order, s_valid = _compact(special)
    e_order, e_valid = _compact(enders)
    s_xx, s_xy = _gram(Xz, yz, s_order, s_valid)
    e_xx, e_xy = _gram(Xz, yz, e_order, e_valid)
    prev_s = np.maximum(np.take_along_axis(prev, s_order, axis=1), 0)
    return _Parts(
        g0=full_xx - s_xx, g1=np.matmul(_tr(Xz[:, 1:]), Xz[:, :-1]), g2=full_xx - e_xx,
        h0=full_xy - s_xy, h1=np.matmul(_tr(Xz[:, 1:]), yz[:, :-1, None])[:, :, 0],
        h2=np.matmul(_tr(Xz[:, :-1]), yz[:, 1:, None])[:, :, 0], h3=full_xy - e_xy,
        xs=np.take_along_axis(Xz, s_order[:, :, None], axis=1), xps=np.take_along_axis(Xz, prev_s[:, :, None], axis=1),
        ys=np.take_along_axis(yz, s_order, axis=1), yps=np.take_along_axis(yz, prev_s, axis=1),
        gap_s=np.take_along_axis(gap, s_order, axis=1).astype(float),
        first_s=np.take_along_axis(prev < 0, s_order, axis=1), valid_s=s_valid, pinned=pinned,
    )


def _assemble(parts: _Parts, phi: np.ndarray, method: str) -> tuple[np.ndarray, np.ndarray]:
    ph = phi[:, None, None]
    xtx = parts.g0 - ph * (parts.g1 + _tr(parts.g1)) + ph**2 * parts.g2
    xty = parts.h0 - phi[:, None] * (parts.h1 + parts.h2) + phi[:, None] ** 2 * parts.h3
    if method == "prais-winsten":
        a, s = _special_weights(parts, phi)
        Xw = s[:, :, None] * (parts.xs - a[:, :, None] * parts.xps)
        yw = s * (parts.ys - a * parts.yps)
        xtx = xtx + np.matmul(_tr(Xw), Xw)
        xty = xty + np.einsum("ctp,ct->cp", Xw, yw)
    idx = np.arange(xtx.shape[1])
    xtx[:, idx, idx] += parts.pinned
    return xtx, xty


def _special_weights(parts: _Parts, phi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    ph = phi[:, None]
    g = np.where(parts.first_s, 1.0, parts.gap_s)
    a = np.where(parts.first_s, 0.0, ph**g)
    s = np.where(parts.first_s, np.sqrt(1.0 - ph**2), np.sqrt((1.0 - ph**2) / (1.0 - ph ** (2.0 * g))))
    return a, np.where(parts.valid_s, s, 0.0)


def _solve(xtx: np.ndarray, xty: np.ndarray) -> np.ndarray:
    return np.linalg.solve(xtx, xty[:, :, None])[:, :, 0]


def _fit_chunk(y: np.ndarray, X: np.ndarray, method: str, max_iter: int, tol: float,
               phi_fixed: np.ndarray | None) -> dict[str, np.ndarray]:
    c_n, _, p = X.shape
    used = np.isfinite(y) & np.all(np.isfinite(X), axis=2)
    yz = np.where(used, y, 0.0)
    Xz = np.where(used[:, :, None], X, 0.0)
    pinned = (np.abs(Xz).sum(axis=1) == 0).astype(float)
    prev = _prev_used(used)
    parts = _parts(yz, Xz, used, prev, pinned, method)
    phi = np.zeros(c_n) if phi_fixed is None else np.asarray(phi_fixed, dtype=float).copy()
    if phi_fixed is not None:
        max_iter = 0
    xtx, xty = _assemble(parts, phi, method)
    n_used = (_weights(phi, used, prev, method)[1] > 0).sum(axis=1)
    df = n_used - (p - pinned.sum(axis=1)).astype(np.int64)
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
        resid = yz - np.matmul(Xz, beta[:, :, None])[:, :, 0]
        new_phi = _phi_from_resid(resid, used)[idx]
        xtx_i, xty_i = _assemble(parts.take(idx), new_phi, method)
        beta[idx] = _solve(xtx_i, xty_i)
        xtx[idx] = xtx_i
        iterations[idx] += 1
        done = np.abs(new_phi - phi[idx]) <= tol
        phi[idx] = new_phi
        converged[idx[done]] = True
        active[idx[done]] = False
    a, s = _weights(phi, used, prev, method)
    resid = yz - np.matmul(Xz, beta[:, :, None])[:, :, 0]  # whitening is linear: ỹ − X̃β = s (r − a r_prev)
    resid_w = s * (resid - a * np.take_along_axis(resid, np.maximum(prev, 0), axis=1))
    n_used = (s > 0).sum(axis=1)
    df = n_used - (p - pinned.sum(axis=1)).astype(np.int64)
    ok &= df >= 1
    sigma2 = (resid_w * resid_w).sum(axis=1) / np.maximum(df, 1)
    var = sigma2[:, None] * np.einsum("cpp->cp", np.linalg.inv(xtx))
    bse = np.where(pinned > 0, np.nan, np.sqrt(np.maximum(var, 0.0)))
    beta = np.where(pinned > 0, 0.0, beta)
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
) -> BatchFit:
    """Iterated AR(1) FGLS for every person (row of ``y``); same estimator as :func:`.fgls.fgls_ar1`.

    Args:
        y: (P, T) outcomes on a gap-free day grid, NaN where not logged.
        X: (P, T, p) designs, NaN in rows that cannot be used.
        method, max_iter, tol: as in :func:`.fgls.fgls_ar1`.
        chunk_people: people per chunk (memory ≈ chunk × T × p × 8 bytes × 4).
        phi: (P,) known AR(1) coefficients: one GLS step at these values, no iteration (an oracle).

    Raises:
        ValidationError: mismatched shapes or an unknown method.
    """
    y, X = _check(y, X)
    if method not in ("prais-winsten", "cochrane-orcutt"):
        raise ValidationError("method", f"{method!r} is not prais-winsten or cochrane-orcutt")
    step = max(1, chunk_people)
    parts = [_fit_chunk(y[i : i + step], X[i : i + step], method, max_iter, tol,
                        None if phi is None else np.asarray(phi, dtype=float)[i : i + step])
             for i in range(0, y.shape[0], step)]
    if not parts:
        p = X.shape[2]
        empty = np.zeros(0)
        return BatchFit(np.zeros((0, p)), np.zeros((0, p)), empty.astype(int), empty, empty.astype(int),
                        empty.astype(int), empty.astype(bool), empty.astype(bool))
    joined = {k: np.concatenate([part[k] for part in parts]) for k in parts[0]}
    return BatchFit(**joined)


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
