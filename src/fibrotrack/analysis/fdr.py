"""False discovery rate: Benjamini–Hochberg q-values and the Bayesian (lfdr-based) false-discovery control.

For m p-values sorted ascending p_(1) ≤ … ≤ p_(m), the BH q-value (adjusted p-value) is

    q_(i) = min_{j ≥ i} min(1, m · p_(j) / j)

and rejecting every hypothesis with q ≤ α controls the false discovery rate at α·m₀/m when the
p-values are independent or positively dependent (Benjamini & Hochberg 1995, JRSS B 57:289;
Benjamini & Yekutieli 2001 for PRDS). Same as ``scipy.stats.false_discovery_control(p, method="bh")``.
NaN p-values (untestable pairs) are left NaN and do not count towards m.

**Bayesian FDR control** (:func:`bayes_fdr_threshold`; Efron 2010, *Large-Scale Inference*, §4.2 and
ch. 5; Storey 2003, *Ann. Statist.* 31:2013; Müller, Parmigiani & Rice 2006): given local false
discovery rates lfdr_i = P(null | data_i), the expected share of false findings in a reported set is the
mean lfdr of the set. Reporting the largest set whose mean lfdr is at most α — the cases with the
smallest lfdr, as many as fit — controls the Bayesian FDR at α; it is the q-value rule q_i ≤ α with
q_(k) = mean of the k smallest lfdr.
"""

from __future__ import annotations

import numpy as np

from ..errors import ValidationError

__all__ = ["bayes_fdr_threshold", "bh_qvalues"]


def bh_qvalues(p_values: np.ndarray) -> np.ndarray:
    """Return Benjamini–Hochberg q-values for a 1-D array of p-values (NaN stays NaN).

    Raises:
        ValidationError: not 1-D, or a p-value outside [0, 1].
    """
    p = np.asarray(p_values, dtype=float)
    if p.ndim != 1:
        raise ValidationError("p_values", "must be a 1-D array")
    ok = ~np.isnan(p)
    if np.any((p[ok] < 0) | (p[ok] > 1)):
        raise ValidationError("p_values", "must lie between 0 and 1")
    out = np.full(p.shape, np.nan)
    vals = p[ok]
    m = vals.size
    if m == 0:
        return out
    order = np.argsort(vals, kind="stable")
    ranked = vals[order] * m / np.arange(1, m + 1)
    ranked = np.minimum.accumulate(ranked[::-1])[::-1]
    q = np.empty(m)
    q[order] = np.minimum(ranked, 1.0)
    out[ok] = q
    return out


def bayes_fdr_threshold(lfdr: np.ndarray, alpha: float) -> float:
    """Return the largest lfdr cut-off t whose reported set {lfdr ≤ t} has mean lfdr ≤ ``alpha`` (module docstring).

    NaN entries (untested pairs) are ignored. Returns ``-inf`` when not even the smallest lfdr is ≤ ``alpha``
    (nothing is reported). Ties at the cut-off are all reported only if the set including them still
    has mean lfdr ≤ ``alpha``.

    Raises:
        ValidationError: ``alpha`` outside (0, 1), or an lfdr outside [0, 1].
    """
    if not 0.0 < float(alpha) < 1.0:
        raise ValidationError("alpha", "must lie strictly between 0 and 1")
    values = np.asarray(lfdr, dtype=float).ravel()
    values = values[~np.isnan(values)]
    if np.any((values < 0) | (values > 1)):
        raise ValidationError("lfdr", "must lie between 0 and 1")
    if values.size == 0:
        return float("-inf")
    ordered = np.sort(values)
    running_mean = np.cumsum(ordered) / np.arange(1, ordered.size + 1)
    # The running mean rises with k (each added lfdr is at least the mean so far), so the passing
    # prefixes are contiguous from the start; a cut-off inside a run of ties would report only part of
    # the run, so step back to the last k before the run.
    ok = np.nonzero(running_mean <= alpha)[0]
    if ok.size == 0:
        return float("-inf")
    k = int(ok[-1])
    if k + 1 < ordered.size and ordered[k + 1] == ordered[k]:
        k = int(np.searchsorted(ordered, ordered[k], side="left")) - 1
        if k < 0:
            return float("-inf")
    return float(ordered[k])
