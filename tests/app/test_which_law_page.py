"""pages/which_law.py: one dataset, every family, ranked on held-out runs.

The page's bootstrap is set to 10 resamples through the URL (as a shared link would) so
the fits stay quick; the comparison is cached across the tests of this module.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from apptools import check, messages, table
from laws import compare as cmp

KEY = "wl"


@pytest.fixture
def wl(app):
    app.query_params["wl.boot"] = "10"
    app.switch_page("pages/which_law.py").run()
    return check(app)


def ranking(at) -> pd.DataFrame:
    return table(at, "mean_abs_relative_error")


def upload(at, name: str, data: bytes):
    check(at.radio(f"{KEY}.source").set_value("Upload a file").run())
    return check(at.file_uploader(f"{KEY}.upload").set_value((name, data, "text/csv")).run())


def test_default_ranks_every_family_on_the_chinchilla_runs(wl):
    assert [t.value for t in wl.title] == ["Which law should I trust?"]
    assert messages(wl)["error"] == [] and messages(wl)["warning"] == []
    ranked = ranking(wl)
    assert sorted(ranked["family"]) == sorted(f.name for f in cmp.FAMILIES)
    errors = ranked["mean_abs_relative_error"].dropna().to_numpy()
    assert np.all(np.diff(errors) >= 0), "ranked best first"
    assert ranked["coverage"].notna().any(), "bands from the bootstrap"
    verdict = next(m.value for m in wl.markdown if m.value.startswith("**Closest"))
    assert ranked.iloc[0]["family"] in verdict
    assert len(wl.get("vega_lite_chart")) == 2  # extrapolation and held-out errors
    assert wl.latex, "the best family's formula"


def test_the_revisiting_benchmark_uses_its_own_split_and_one_input_families(wl):
    check(wl.selectbox(f"{KEY}.dataset").set_value("revisiting_lang").run())
    assert wl.radio(f"{KEY}.mode").value == "One scale column"
    assert wl.radio(f"{KEY}.split").value.startswith("The dataset's split")
    assert wl.selectbox(f"{KEY}.x").value == "Seen Examples"
    ranked = ranking(wl)
    assert sorted(ranked["family"]) == sorted(f.name for f in cmp.families_for("x"))
    assert any("the dataset's own split" in c.value for c in wl.caption)
    # the filters offer the benchmark's other curves
    assert "NMT" in wl.selectbox(f"{KEY}.only.Domain").options


def test_sliders_at_their_extremes_and_the_extrapolation_ratio(wl):
    check(wl.slider(f"{KEY}.boot").set_value(0).run())
    assert ranking(wl)["coverage"].isna().all()
    verdict = next(m.value for m in wl.markdown if m.value.startswith("**Closest"))
    assert "add bootstrap resamples to see whether their bands overlap" in verdict
    for decades in (0.0, 4.0):
        check(wl.slider(f"{KEY}.decades").set_value(decades).run())
        assert f"{10 ** decades:.3g}x the largest run" in next(
            m.value for m in wl.markdown if m.value.startswith("**Closest"))
    check(wl.number_input(f"{KEY}.ratio").set_value(20.0).run())
    assert not wl.error


def test_the_shipped_examples_and_a_log_export(wl):
    check(wl.radio(f"{KEY}.source").set_value("Shipped example").run())
    assert not wl.error and ranking(wl) is not None
    check(wl.selectbox(f"{KEY}.example").set_value("W&B export of loss curves").run())
    assert not wl.exception


def test_an_uploaded_table_with_bad_rows_is_compared_and_the_rows_counted(wl):
    x = np.geomspace(1e6, 1e10, 25)
    runs = pd.DataFrame({"tokens": x, "val_loss": 1.7 + (3e5 / x) ** 0.3})
    runs.loc[0, "val_loss"] = -1.0
    runs.loc[1, "tokens"] = 0.0
    runs.loc[2, "val_loss"] = np.nan
    upload(wl, "runs.csv", runs.to_csv(index=False).encode())
    assert wl.selectbox(f"{KEY}.y").value == "val_loss"
    assert any("3 of 25 rows" in c.value for c in wl.caption)
    assert sorted(ranking(wl)["family"]) == sorted(f.name for f in cmp.families_for("x"))
    # the held-out share at its extremes: 1 and 11 of the 22 good runs
    for share, held in ((0.05, 2), (0.5, 11)):
        check(wl.slider(f"{KEY}.holdout").set_value(share).run())
        assert any(f"scored on {held} held-out runs" in c.value for c in wl.caption), share


@pytest.mark.parametrize("name, data, expected", [
    ("empty.csv", b"", "is empty"),
    ("garbage.csv", bytes(range(256)) * 20, "binary file"),
    ("one_column.csv", b"loss\n1\n2\n3\n", "at least two numeric columns"),
    ("three_runs.csv", b"x,loss\n1,3\n2,2.5\n4,2.2\n", "leaves"),
])
def test_bad_uploads_get_a_sentence(wl, name, data, expected):
    upload(wl, name, data)
    shown = " ".join(messages(wl)["error"] + messages(wl)["info"])
    assert expected in shown, shown
    assert not wl.exception


def test_text_in_a_file_is_not_run(wl, tmp_path):
    marker = tmp_path / "ran"
    evil = f"__import__('os').system('touch {marker}')"
    runs = pd.DataFrame({"x": np.geomspace(1, 1e4, 12), "loss": np.geomspace(3, 2, 12),
                         "group": [evil, "**bold**"] * 6})
    upload(wl, "evil.csv", runs.to_csv(index=False).encode())
    assert not marker.exists()
    assert evil in wl.selectbox(f"{KEY}.only.group").options


def shipped_note(at) -> bool:
    return any(f"data/{cmp.SHIPPED}" in c.value for c in at.caption)


def test_the_default_view_is_the_shipped_comparison_and_refits_on_request(app, monkeypatch):
    # The real defaults (40 resamples): every fit and band restored from data/, so the
    # ranking and the bands are there at once; tests/laws/test_compare_shipped.py checks
    # that the file matches the live computation.
    check(app.switch_page("pages/which_law.py").run())
    assert shipped_note(app)
    ranked = ranking(app)
    assert sorted(ranked["family"]) == sorted(f.name for f in cmp.FAMILIES)
    assert ranked["coverage"].notna().all()
    # "Refit now" redoes the fits here; a cheaper recipe keeps the test short (only the
    # widget path is under test), and no bands.
    options = cmp._options
    monkeypatch.setattr(cmp, "_options", lambda family, frame: {
        **options(family, frame), "refine": 1, "n_random": 8})
    check(app.slider(f"{KEY}.boot").set_value(0).run())
    check(app.button(f"{KEY}.refit").click().run())
    assert not shipped_note(app)
    assert sorted(ranking(app)["family"]) == sorted(ranked["family"])
    check(app.slider(f"{KEY}.decades").set_value(2.0).run())
    assert not shipped_note(app), "the refit holds for the rest of the session"
