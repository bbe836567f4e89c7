"""Li et al. (2024), On the Scalability of Diffusion-based Text-to-Image Generation.

Published numbers and where (arXiv:2404.02883, CVPR 2024; transcribed in the project catalog,
data-and-inference.md §10, tag [P-text]):
* §5 "Numerical Scaling Law", Fig. 11: S = 0.47 C^0.02 (C in GFLOPs), S = 0.77 N^0.11
  (N in M parameters, as printed), S = 0.64 D^0.03 (D in M image-noun pairs).
* Figs. 10-11: Spearman correlations 0.936 (TIFA vs GFLOPs), 0.900 (vs parameters).
* Table 4: SD2 on LensArt, FID 17.9, TIFA 0.810.
* Fig. 11's model-size panel spans N = 400-4100 M and TIFA 0.82-0.85.
Values computed from these constants are marked "derived" (catalog tag [D]).
"""
import numpy as np
import pandas as pd
import pytest

from laws.core.fitting import fit
from laws.papers import li2024_t2i as t2i


def test_printed_constants():
    assert t2i.tifa_compute.defaults == {"a_C": 0.47, "b_C": 0.02}
    assert t2i.tifa_params.defaults == {"a_N": 0.77, "b_N": 0.11}        # as printed
    assert t2i.tifa_data.defaults == {"a_D": 0.64, "b_D": 0.03}
    assert t2i.tifa_params.constants["plot-consistent"] == {"a_N": 0.77, "b_N": 0.011}
    assert t2i.SPEARMAN["tifa_vs_gflops"] == 0.936 and t2i.SPEARMAN["tifa_vs_params"] == 0.900
    assert t2i.SD2_LENSART == {"FID": 17.9, "TIFA": 0.810}
    assert t2i.PAPER.label == "Li 2024 · Text-to-image"


def test_compute_and_data_laws_match_their_axes():
    # derived (catalog [D]): S(C) at 1e11, 1e12, 3e12 GFLOPs and S(D) at 2000, 4000, 6000 M
    s_c = t2i.tifa_compute(C=np.array([1e11, 1e12, 3e12]))
    np.testing.assert_allclose(s_c, [0.7800, 0.8168, 0.8349], atol=5e-5)
    s_d = t2i.tifa_data(D=np.array([2000.0, 4000.0, 6000.0]))
    np.testing.assert_allclose(s_d, [0.8039, 0.8208, 0.8309], atol=5e-5)


def test_printed_size_exponent_leaves_the_tifa_range_and_0011_fits_the_plot():
    n = np.array([400.0, 2400.0, 4100.0])
    printed = t2i.tifa_params(N=n)
    assert printed.min() > 1.0                                  # impossible for TIFA <= 1
    np.testing.assert_allclose(printed[[0, 2]], [1.49, 1.92], atol=0.005)   # catalog [D]
    plot = t2i.tifa_params(t2i.tifa_params.constants["plot-consistent"], N=n)
    np.testing.assert_allclose(plot, [0.8225, 0.8388, 0.8438], atol=5e-5)  # catalog [D]
    lo, hi = t2i.PLOT_TIFA_RANGE
    assert ((plot >= lo) & (plot <= hi)).all()
    # the steepest slope through the plotted box is of order 0.01, not 0.1
    # (log(0.85/0.82)/log(4100/400); regression value)
    assert t2i.exponent_through(400, 0.82, 4100, 0.85) == pytest.approx(0.015440, abs=1e-6)


def test_helpers():
    assert float(t2i.gain_per_decade(0.02)) == pytest.approx(10 ** 0.02 - 1)
    top = float(t2i.ceiling_input(0.47, 0.02))
    assert float(t2i.tifa_compute(C=top)) == pytest.approx(1.0)
    assert np.isinf(t2i.ceiling_input(0.5, 0.0)) and t2i.ceiling_input(1.2, 0.0) == 0.0
    c = float(t2i.input_for_score(0.83, 0.47, 0.02))
    assert float(t2i.tifa_compute(C=c)) == pytest.approx(0.83)


def test_fit_recovers_a_power_law():
    c = np.logspace(10, 13, 9)
    frame = pd.DataFrame({"C": c, "S": 0.5 * c ** 0.018})
    result = fit(t2i.tifa_compute, frame, seed=0)
    assert result.params["b_C"] == pytest.approx(0.018, abs=1e-4)
    assert result.params["a_C"] == pytest.approx(0.5, rel=1e-3)
