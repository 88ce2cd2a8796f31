"""Cohort engine: the estimators of :mod:`.fgls` for many people at once, vectorised over people.

Input is a people × days grid (NaN = not logged) and a people × days × p design. Per person the rows
used are those with y and every column finite; the day index is the column index, so missing days
are gaps exactly as in the single-person engine. Everything is closed form on stacked arrays:

* per chunk of people, the φ-free sums are formed once (see :class:`_Parts`) from two batched products
  of the days × (x, y, used) array — its Gram matrix and its lag-1 cross product — plus the few
  "special" rows (the first used day, days after a gap) compacted to the front;
* each iteration assembles X̃'X̃, X̃'ỹ, ỹ'ỹ as one matrix W0 − φ(W1 + W1') + φ²W2 (+ the special rows
  whitened with φ^gap for Prais–Winsten; dropped for Cochrane–Orcutt) and solves the normal equations
  by batched Cholesky on (people × p × p) stacks — O(p²) per person, no pass over the days;
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
    last = np.maximum.accumulate(np.where(used, np.arange(used.shape[1], dtype=np.int64)[None, :], -1), axis=1)
    return np.concatenate([np.full((used.shape[0], 1), -1, dtype=np.int64), last[:, :-1]], axis=1)


def _tr(a: np.ndarray) -> np.ndarray:
    return a.transpose(0, 2, 1)


@dataclass(slots=True)
class _Parts:
    """φ-free sums for one chunk over the augmented rows w_t = (x_t, y_t), a = p + 1 entries.

    "Regular" rows R are used days whose previous day was used; both methods whiten them as
    w_t − φw_{t−1}, so Σ_R (w_t − φw_{t−1})(…)' = W0 − φ(W1 + W1') + φ²W2 with W0 = Σ_R w_t w_t',
    W1 = Σ_R w_t w_{t−1}', W2 = Σ_R w_{t−1}w_{t−1}' (``quad`` = W0, −(W1 + W1'), W2): one a × a matrix
    carries X̃'X̃, X̃'ỹ and ỹ'ỹ. ``special`` = (w, previous used w, gap, first?, valid?) of the first used
    day and days after a gap, compacted to the front, whitened explicitly by Prais–Winsten (None for
    Cochrane–Orcutt, which drops them). For the φ update, ``moments`` = [Σ_used w w' | W1 | Σ_used w,
    Σ_R w_t, Σ_R w_{t−1}] (a × (2a + 3)): (−β, 1)' times it gives the sums the residual moments need.
    """

    quad: np.ndarray
    moments: np.ndarray
    n: np.ndarray
    n_pairs: np.ndarray
    pinned: np.ndarray
    special: tuple[np.ndarray, ...] | None

    def take(self, idx: np.ndarray) -> _Parts:
        sp = None if self.special is None else tuple(v[idx] for v in self.special)
        return _Parts(self.quad[idx], self.moments[idx], self.n[idx], self.n_pairs[idx],
                      self.pinned[idx], sp)


def _compact(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indices of True entries moved to the front of each row (width = the largest count) and their mask."""
    counts = mask.sum(axis=1)
    width = max(int(counts.max(initial=0)), 1)
    order = np.zeros((mask.shape[0], width), dtype=np.int64)
    rows, days = np.nonzero(mask)  # row-major: days ascend within each row
    slot = np.arange(rows.size) - np.repeat(np.cumsum(counts) - counts, counts)
    order[rows, slot] = days
    return order, np.arange(width)[None, :] < counts[:, None]


def _parts(Z: np.ndarray, used: np.ndarray | None, method: str) -> _Parts:
    """Sums from Z = (x, y, used) per day with unused days zeroed (see :class:`_Parts`); used=None: all days."""
    c_n, n_t, k = Z.shape
    a, p = k - 1, k - 2
    # Two products give every sum. Z'Z against all but the last column is a product of two different
    # views, which NumPy sends to gemm; the full Z'Z would go to syrk, several times slower for these thin
    # shapes. Rows :a of ``full`` are Σ_used w w', row a is Σ_used w. With unused days zero, ``lag`` holds
    # W1 in [:a, :a], Σ_R w_t in [:a, a], Σ_R w_{t−1} in [a, :a] and the number of regular rows in [a, a].
    full = np.matmul(_tr(Z), Z[:, :, :a])
    lag = np.matmul(_tr(Z[:, 1:]), Z[:, :-1])
    m, w1 = full[:, :a], lag[:, :a, :a]
    if used is None:  # complete grid: only the first day is special, only the last day ends a run
        ws, we, n, first = Z[:, :1, :a], Z[:, -1:, :a], np.full(c_n, n_t, dtype=np.int64), np.ones((c_n, 1), bool)
        special = (ws, ws, np.ones((c_n, 1)), first, first)
    else:
        prev = _prev_used(used)
        gap = np.arange(n_t)[None, :] - prev
        enders = used.copy()
        enders[:, :-1] &= ~used[:, 1:]  # used days whose next day is not used (or the last day)
        s_order, s_valid = _compact(used & ~((prev >= 0) & (gap == 1)))
        e_order, e_valid = _compact(enders)
        ws = np.take_along_axis(Z[:, :, :a], s_order[:, :, None], axis=1) * s_valid[:, :, None]
        we = np.take_along_axis(Z[:, :, :a], e_order[:, :, None], axis=1) * e_valid[:, :, None]
        prev_s = np.maximum(np.take_along_axis(prev, s_order, axis=1), 0)
        special = (ws, np.take_along_axis(Z[:, :, :a], prev_s[:, :, None], axis=1) * s_valid[:, :, None],
                   np.take_along_axis(gap, s_order, axis=1).astype(float),
                   np.take_along_axis(prev < 0, s_order, axis=1), s_valid)
        n = used.sum(axis=1)
    # W0 and W2: all used rows minus the few that are not the current / previous row of a regular pair.
    quad = np.empty((c_n, 3, a, a))  # filled in place: stacking fresh temporaries measured several times slower
    np.subtract(m, np.matmul(_tr(ws), ws), out=quad[:, 0])
    np.negative(w1 + _tr(w1), out=quad[:, 1])
    np.subtract(m, np.matmul(_tr(we), we), out=quad[:, 2])
    moments = np.concatenate([m, w1, full[:, a, :, None], lag[:, :a, a : a + 1], lag[:, a, :a, None]], axis=2)
    pinned = (np.einsum("cpp->cp", m[:, :p, :p]) == 0).astype(float)
    return _Parts(quad, moments, n, np.rint(lag[:, a, a]).astype(np.int64), pinned,
                  special if method == "prais-winsten" else None)


def _assemble(parts: _Parts, phi: np.ndarray) -> np.ndarray:
    """Return the augmented W̃'W̃ at φ: X̃'X̃ (with 1 on the diagonal of all-zero columns), X̃'ỹ, ỹ'ỹ."""
    c_n, _, a, _ = parts.quad.shape
    # W0 − φ(W1 + W1') + φ²W2 as one tiny product per person: fewer passes than elementwise arithmetic.
    coef = np.stack([np.ones_like(phi), phi, phi * phi], axis=1)
    out = np.matmul(coef[:, None, :], parts.quad.reshape(c_n, 3, a * a)).reshape(c_n, a, a)
    if parts.special is not None:  # Prais–Winsten
        ws, wps, gap_s, first_s, valid_s = parts.special
        ph1 = phi[:, None]
        g = np.where(first_s, 1.0, gap_s)
        w = np.where(first_s, 0.0, ph1**g)
        s = np.where(valid_s, np.where(first_s, np.sqrt(1.0 - ph1**2),
                                       np.sqrt((1.0 - ph1**2) / (1.0 - ph1 ** (2.0 * g)))), 0.0)
        ww = s[:, :, None] * (ws - w[:, :, None] * wps)
        out += np.matmul(_tr(ww), ww)
    idx = np.arange(a - 1)
    out[:, idx, idx] += parts.pinned
    return out


def _aug(beta: np.ndarray) -> np.ndarray:
    """(−β, 1): the residual y − x'β is w'(−β, 1)."""
    return np.concatenate([-beta, np.ones((beta.shape[0], 1))], axis=1)


def _phi_update(parts: _Parts, beta: np.ndarray) -> np.ndarray:
    """Yule–Walker AR(1) of the residuals r = y − Xβ on used days, from the stored sums (see _Parts)."""
    n, n_pairs = parts.n, parts.n_pairs
    b = _aug(beta)
    v = np.matmul(b[:, None, :], parts.moments)[:, 0]  # one small product per person for all five
    a = b.shape[1]
    ss, cross = (v[:, : 2 * a].reshape(-1, 2, a) * b[:, None, :]).sum(axis=2).T
    total, now, before = v[:, 2 * a :].T
    mean = total / np.maximum(n, 1)
    r0 = (ss - n * mean**2) / np.maximum(n, 1)
    r1 = (cross - mean * (now + before) + n_pairs * mean**2) / np.maximum(n_pairs, 1)
    ok = (n >= 2) & (n_pairs > 0) & (r0 > 0)
    return np.where(ok, np.clip(r1 / np.where(ok, r0, 1.0), -PHI_MAX, PHI_MAX), 0.0)


def _solve(xtx: np.ndarray, xty: np.ndarray) -> np.ndarray:
    return np.linalg.solve(xtx, xty[:, :, None])[:, :, 0]


def _solve_aug(wtw: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """β from the augmented W̃'W̃ (X̃'X̃ β = X̃'ỹ) and the Cholesky factor L of X̃'X̃ (C, p, p).

    The factor of the augmented matrix carries L⁻¹X̃'ỹ in its last row, so a back substitution over p
    (vectorised over people) is left; batched Cholesky costs about half of batched LU at p ≈ 10. When
    some augmented matrix is not positive definite (a singular design or an exact fit) LU is used and
    the factor is None. Raises LinAlgError when some X̃'X̃ is exactly singular.
    """
    p = wtw.shape[1] - 1
    try:
        low = np.linalg.cholesky(wtw)
    except np.linalg.LinAlgError:
        return _solve(wtw[:, :p, :p], wtw[:, :p, p]), None
    beta = np.empty((wtw.shape[0], p))
    for i in range(p - 1, -1, -1):
        beta[:, i] = (low[:, p, i] - np.einsum("ck,ck->c", low[:, i + 1 : p, i], beta[:, i + 1 :])) / low[:, i, i]
    return beta, low[:, :p, :p]


def _inv_diag(low: np.ndarray) -> np.ndarray:
    """Diagonal of (LL')⁻¹ (C, p) as column sums of squares of L⁻¹, built row by row (all the SEs need)."""
    inv, d = np.zeros_like(low), 1.0 / np.einsum("cii->ci", low)
    for i in range(low.shape[1]):  # row i of L⁻¹ from the rows above; only its first i + 1 entries are nonzero
        inv[:, i, i] = d[:, i]
        inv[:, i, :i] = np.einsum("ck,ckj->cj", low[:, i, :i], inv[:, :i, :i]) * -d[:, i, None]
    return (inv * inv).sum(axis=1)


def _fit_chunk(y: np.ndarray, X: np.ndarray, method: str, max_iter: int, tol: float,
               phi_fixed: np.ndarray | None) -> dict[str, np.ndarray]:
    c_n, n_t, p = X.shape
    # One (x, y, used) array per day so that two products in _parts read the days once each.
    Z = np.empty((c_n, n_t, p + 2))
    Z[:, :, :p], Z[:, :, p], Z[:, :, p + 1] = X, y, 1.0
    parts = _parts(Z, None, method) if np.isfinite(y).all() else None
    if parts is None or not np.isfinite(parts.moments[:, :, -3]).all():  # a sum is finite only if every term is
        used = np.isfinite(np.matmul(Z[:, :, : p + 1], np.ones(p + 1)))  # NaN anywhere in a row propagates
        Z[~used] = 0.0
        Z[:, :, p + 1] = used
        parts = _parts(Z, used, method)
    phi = np.zeros(c_n) if phi_fixed is None else np.asarray(phi_fixed, dtype=float).copy()
    if phi_fixed is not None:
        max_iter = 0
    wtw = _assemble(parts, phi)
    n_used = parts.n if method == "prais-winsten" else parts.n_pairs
    df = n_used - (p - parts.pinned.sum(axis=1)).astype(np.int64)
    try:
        beta, low = _solve_aug(wtw)
    except np.linalg.LinAlgError:  # an exactly singular design: full_rank flags it below
        beta, low = None, None
    # The diagonal of X̃'X̃⁻¹ from the Cholesky factor lets full_rank skip its eigenvalues for clearly
    # non-singular people; it is also what the SEs need when nothing is iterated.
    inv_diag = None if low is None else _inv_diag(low)
    ok = full_rank(wtw[:, :p, :p], inverse_diag=inv_diag) & (df >= 1)
    if beta is None or not ok.all():  # not iterated, reported as NaN; an identity keeps the arithmetic finite
        wtw[~ok, :p, :p] = np.eye(p)
        beta, inv_diag = _solve_aug(wtw)[0], None
    iterations = np.zeros(c_n, dtype=np.int64)
    converged = np.full(c_n, max_iter == 0)
    active = ok.copy() if max_iter > 0 else np.zeros(c_n, dtype=bool)
    for _ in range(max_iter):
        idx = np.nonzero(active)[0]
        if idx.size == 0:
            break
        inv_diag = None
        whole = idx.size == c_n  # everyone still iterating: slices, no copies of the sums
        sel, sub = (slice(None), parts) if whole else (idx, parts.take(idx))
        new_phi = _phi_update(sub, beta[sel])
        wtw[sel] = sub_wtw = _assemble(sub, new_phi)
        beta[sel] = _solve_aug(sub_wtw)[0]
        iterations[sel] += 1
        done = np.abs(new_phi - phi[sel]) <= tol
        phi[sel] = new_phi
        converged[idx[done]] = True
        active[idx[done]] = False
    b = _aug(beta)
    rss = np.matmul(b[:, None, :], np.matmul(wtw, b[:, :, None]))[:, 0, 0]
    sigma2 = np.maximum(rss, 0.0) / np.maximum(df, 1)
    if inv_diag is None:  # at the final φ
        try:
            inv_diag = _inv_diag(np.linalg.cholesky(wtw[:, :p, :p]))
        except np.linalg.LinAlgError:
            inv_diag = np.einsum("cpp->cp", np.linalg.inv(wtw[:, :p, :p]))
    var = sigma2[:, None] * inv_diag
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
        chunk_people: people per chunk (working memory ≈ chunk × T × (p + 2) × 8 bytes).
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
