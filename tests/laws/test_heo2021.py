"""Heo et al. (2021), AdamP: effective step size, norm identities, projection, simulation.

Published (project page, clovaai/AdamP gh-pages): effective steps inversely proportional to
the weight norm; ResNet-18 ImageNet 66.6 % (momentum SGD) vs 69.0 % (SGDP); toy norm growth
1 -> 2.93 (beta 0.9) and 1 -> 27.87 (beta 0.99), lr and steps unstated. Official code
defaults (adamp.py). The norm identities are derived (paper §2 lemmas, numbers unconfirmed)
and checked numerically here.
"""
import numpy as np
import pytest

from laws.papers import heo2021 as heo


def test_effective_step_is_inverse_square_of_norm():
    assert float(heo.effective_step({"eta": 0.1}, w_norm=2.0)) == pytest.approx(0.025)


def test_published_numbers():
    assert heo.RESNET18_TOP1 == {"momentum SGD": 66.6, "SGDP": 69.0}
    assert heo.TOY_NORM_GROWTH == {0.9: 2.93, 0.99: 27.87}
    assert heo.ADAMP_DEFAULTS["lr"] == 1e-3 and heo.ADAMP_DEFAULTS["betas"] == (0.9, 0.999)
    assert heo.ADAMP_DEFAULTS["delta"] == 0.1 and heo.ADAMP_DEFAULTS["wd_ratio"] == 0.1


def test_gradient_of_scale_invariant_toy_is_orthogonal_and_scales_as_one_over_c():
    rng = np.random.default_rng(0)
    w, u = rng.standard_normal(5), rng.standard_normal(5)
    u /= np.linalg.norm(u)
    f1, g1 = heo.cosine_loss_grad(w, u)
    f3, g3 = heo.cosine_loss_grad(3 * w, u)
    assert f1 == pytest.approx(f3)
    assert w @ g1 == pytest.approx(0, abs=1e-12)
    np.testing.assert_allclose(g3, g1 / 3, rtol=1e-12)


def test_gd_norm_identity_holds_on_a_run():
    run = heo.simulate("SGD", lr=0.3, steps=50)
    sq = run["norm"].to_numpy() ** 2
    g_sq = run["update_norm"].to_numpy()[:-1] ** 2
    np.testing.assert_allclose(sq[1:], heo.gd_norm_growth({"eta": 0.3}, w_sq=sq[:-1], g_sq=g_sq),
                               rtol=1e-12)


@pytest.mark.parametrize("beta", [0.5, 0.9, 0.99])
def test_momentum_closed_form_matches_simulation(beta):
    run = heo.simulate("SGD + momentum", lr=0.1, momentum=beta, steps=80, dim=4)
    predicted = heo.momentum_norm_sq(1.0, run["update_norm"].to_numpy()[:-1], 0.1, beta)
    np.testing.assert_allclose(predicted, run["norm"].to_numpy() ** 2, rtol=1e-10)


def test_amplification_limit():
    assert float(heo.momentum_amplification(beta=0.9)) == pytest.approx(19.0)
    assert float(heo.momentum_amplification(beta=0.0)) == pytest.approx(1.0)
    # the identity's growth for a constant ||p|| tends to (1 + beta)/(1 - beta) eta^2 ||p||^2
    sq = heo.momentum_norm_sq(0.0, np.ones(2000), 1.0, 0.9)
    assert sq[-1] - sq[-2] == pytest.approx(19.0, rel=1e-6)


def test_projection():
    out = heo.project_radial(np.array([3.0, 4.0]), np.array([1.0, 1.0]))
    np.testing.assert_allclose(out, [0.16, -0.12], atol=1e-8)
    assert heo.looks_scale_invariant(np.array([1.0, 0.0]), np.array([0.0, 1.0]))
    assert not heo.looks_scale_invariant(np.array([1.0, 0.0]), np.array([1.0, 0.1]))


def test_momentum_grows_the_norm_most_and_sgdp_keeps_the_effective_step():
    summary = heo.growth_summary(heo.compare(lr=0.1, momentum=0.9, steps=200)).set_index(
        "optimizer")
    g = summary["norm growth x"]
    assert g["SGD + momentum"] > 3 * g["SGDP"] and g["SGD + momentum"] > 3 * g["SGD"]
    e = summary["final effective step"]
    assert e["SGDP"] > 10 * e["SGD + momentum"]
    assert summary.loc["SGDP", "final angle to optimum [deg]"] < 1.0
    # regression values of this run (lr 0.1, beta 0.9, 200 steps, 2D)
    assert g["SGD + momentum"] == pytest.approx(4.4968, abs=1e-3)
    assert g["SGDP"] == pytest.approx(1.2105, abs=1e-3)


def test_larger_momentum_grows_the_norm_more():
    a = heo.simulate("SGD + momentum", lr=0.1, momentum=0.9, steps=300)["norm"].iloc[-1]
    b = heo.simulate("SGD + momentum", lr=0.1, momentum=0.99, steps=300)["norm"].iloc[-1]
    assert b > 3 * a


def test_noise_run_is_reproducible_and_bad_optimizer_rejected():
    a = heo.simulate("SGDP", noise=0.5, dim=8, seed=3)
    b = heo.simulate("SGDP", noise=0.5, dim=8, seed=3)
    assert a.equals(b)
    with pytest.raises(ValueError):
        heo.simulate("Adam")
