"""Benjamini–Hochberg q-values agree with SciPy."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import false_discovery_control

from fibrotrack.analysis.fdr import bh_qvalues
from fibrotrack.errors import ValidationError


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=1, max_size=120))
def test_bh_equals_scipy(p):
    p = np.array(p)
    # reference: scipy.stats.false_discovery_control(p, method="bh")
    np.testing.assert_allclose(bh_qvalues(p), false_discovery_control(p, method="bh"), atol=1e-12)


def test_nan_is_left_out_of_the_family():
    p = np.array([0.01, np.nan, 0.04, 0.03])
    q = bh_qvalues(p)
    assert np.isnan(q[1])
    np.testing.assert_allclose(q[[0, 2, 3]], false_discovery_control(p[[0, 2, 3]], method="bh"))
    assert np.isnan(bh_qvalues(np.array([np.nan]))).all()


@pytest.mark.parametrize("bad", [np.array([0.1, 1.2]), np.array([[0.1]]), np.array([-0.1])])
def test_bad_p_values_raise(bad):
    with pytest.raises(ValidationError):
        bh_qvalues(bad)
