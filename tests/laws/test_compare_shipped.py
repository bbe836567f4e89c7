"""data/which_law_chinchilla.json: the first view of pages/which_law.py, shipped
precomputed (data/make_which_law_default.py). These tests recompute part of it so the file
cannot drift from the code: the inputs' fingerprint, the point fits of the quick families,
the bootstrap of one family, and the objective of every saved optimum (the broken power
law and M4 take minutes to refit; their optimum is checked by its objective)."""
from __future__ import annotations

import numpy as np
import pytest

from laws import compare as cmp
from laws.core.fitting import restore
from laws.datasets import DatasetUnavailable

QUICK = ["gadre2024.loss", "henighan2020.power", "hoffmann2022.loss", "kaplan2020.loss_nd",
         "kaplan2020.loss_n"]


@pytest.fixture(scope="module")
def default():
    try:
        frame, columns, holdout, ratio, bootstrap = cmp.default_inputs()
    except DatasetUnavailable as err:
        pytest.skip(str(err))
    saved = cmp.shipped(frame, columns, holdout, ratio)
    assert saved is not None, ("data/which_law_chinchilla.json was made from other inputs or "
                               "another recipe: run data/make_which_law_default.py")
    return frame, columns, holdout, ratio, bootstrap, saved


def test_every_family_is_shipped_point_and_banded(default):
    *_, saved = default
    ids = [f.law_id for f in cmp.families_for("ND")]
    assert sorted(saved["point"]) == sorted(ids) == sorted(saved["banded"])


def test_the_quick_families_refit_to_the_shipped_optimum(default):
    frame, columns, holdout, ratio, bootstrap, saved = default
    families = [f for f in cmp.FAMILIES if f.law_id in QUICK]
    live = cmp.compare(frame, **columns, holdout=holdout, ratio=ratio, bootstrap=0,
                       families=families)
    restored = cmp.compare(frame, **columns, holdout=holdout, ratio=ratio, bootstrap=0,
                           families=families, saved=saved["point"])
    for a, b in zip(live.results, restored.results):
        for part in ("backtest", "full"):
            fa, fb = getattr(a, part), getattr(b, part)
            assert fb.params == pytest.approx(fa.params, rel=1e-7), (a.family.law_id, part)
            assert fb.record.to_dict() == fa.record.to_dict()
            assert fb.warnings == fa.warnings
    cols = ["family", "mean_abs_relative_error", "rmse_log"]
    a, b = live.table()[cols], restored.table()[cols]
    assert a["family"].tolist() == b["family"].tolist()
    assert np.allclose(a.iloc[:, 1:], b.iloc[:, 1:], rtol=1e-6)


def test_the_bands_of_one_family_are_the_shipped_ones(default):
    # The resamples are drawn in order from the seed: a live bootstrap of 10 must give the
    # shipped bootstrap's first 10 samples (and with 10, not 40, the file is not used).
    frame, columns, holdout, ratio, bootstrap, saved = default
    family = [f for f in cmp.FAMILIES if f.law_id == "kaplan2020.loss_n"]
    point = cmp.compare(frame, **columns, holdout=holdout, ratio=ratio, bootstrap=0,
                        families=family, saved=saved["point"])
    live = cmp.with_bands(point, 10, saved=saved["banded"])
    shipped = cmp.with_bands(point, bootstrap, saved=saved["banded"])
    for part in ("backtest", "full"):
        fa, fb = getattr(live.results[0], part), getattr(shipped.results[0], part)
        assert fa.samples.shape[0] == 10 and fb.samples.shape[0] == bootstrap
        assert np.allclose(fa.samples, fb.samples[:10], rtol=1e-6), part
        assert fb.record.bootstrap["resamples"] == bootstrap


def test_every_saved_optimum_has_its_saved_objective(default):
    frame, columns, holdout, ratio, bootstrap, saved = default
    comp = cmp.compare(frame, **columns, holdout=holdout, ratio=ratio, bootstrap=0,
                       saved=saved["point"])
    assert all(r.ok for r in comp.results)
    for r in comp.results:
        for part in ("backtest", "full"):
            fit = getattr(r, part)
            theta = fit._problem.to_theta(fit.params)[None, :]
            assert float(fit._problem.objective(theta)[0]) == pytest.approx(
                fit.objective, rel=1e-9), (r.family.law_id, part)


def test_a_saved_fit_of_another_law_is_refused(default):
    frame, columns, holdout, ratio, bootstrap, saved = default
    fam = next(f for f in cmp.FAMILIES if f.law_id == "kaplan2020.loss_n")
    with pytest.raises(Exception, match="saved fit is of"):
        restore(fam.law, frame, saved["point"]["hoffmann2022.loss"]["full"])


def test_other_inputs_are_not_served_from_the_file(default):
    frame, columns, holdout, ratio, bootstrap, saved = default
    assert cmp.shipped(frame, columns, 0.25, ratio) is None
    assert cmp.shipped(frame.iloc[1:], columns, holdout, ratio) is None
    assert cmp.shipped(frame, columns, holdout, 20.0) is None
