"""False discovery rate: Benjamini–Hochberg q-values.

For m p-values sorted ascending p_(1) ≤ … ≤ p_(m), the BH q-value (adjusted p-value) is

    q_(i) = min_{j ≥ i} min(1, m · p_(j) / j)

and rejecting every hypothesis with q ≤ α controls the false discovery rate at α·m₀/m when the
p-values are independent or positively dependent (Benjamini & Hochberg 1995, JRSS B 57:289;
Benjamini & Yekutieli 2001 for PRDS). Same as ``scipy.stats.false_discovery_control(p, method="bh")``.
NaN p-values (untestable pairs) are left NaN and do not count towards m.
"""

from __future__ import annotations

import numpy as np

from ..errors import ValidationError

__all__ = ["bh_qvalues"]


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
