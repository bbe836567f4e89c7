"""pages/which_law.py: one dataset, every family, ranked on held-out runs.

The costly inputs (runs, split, resamples, families) refit only when "Compare" is pressed;
the extrapolation's reach and D/N redraw at once. The default view is restored from data/
(instant); tests that refit ask for few or no resamples and a cheaper recipe (``cheap``).
The comparisons are cached across the tests of this module.
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
    app.switch_page("pages/which_law.py").run()
    return check(app)


@pytest.fixture
def cheap(monkeypatch):
    """A cheaper recipe for the fits a test makes live (only the widget path is under
    test; tests/laws/test_compare*.py check the recipe), and a count of the fits made."""
    options, compare, made = cmp._options, cmp.compare, []
    monkeypatch.setattr(cmp, "_options", lambda family, frame: {
        **options(family, frame), "refine": 1, "n_random": 8})

    def counted(*args, **kwargs):
        made.append([f.name for f in kwargs.get("families") or []])
        return compare(*args, **kwargs)

    monkeypatch.setattr(cmp, "compare", counted)
    return made


def ranking(at) -> pd.DataFrame:
    return table(at, "mean_abs_relative_error")


def verdict(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**Closest"))


def shown(at) -> str:
    """The caption naming the inputs of the result shown (Markdown escapes removed)."""
    return next(c.value for c in at.caption
                if c.value.startswith("**Result shown")).replace("\\", "")


def pending(at, raw: bool = False) -> str | None:
    """The note that the box's inputs differ from the result shown, if any (Markdown
    escapes removed unless ``raw``)."""
    note = next((i.value for i in at.info if "Press **Compare**" in i.value), None)
    return note if raw or note is None else note.replace("\\", "")


def compare(at):
    return check(at.button(f"{KEY}.compare").click().run())


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
    assert ranked.iloc[0]["family"] in verdict(wl)
    assert len(wl.get("vega_lite_chart")) == 2  # extrapolation and held-out errors
    assert wl.latex, "the best family's formula"
    # the caption names the inputs (the resamples from the URL); nothing is pending
    assert "public dataset chinchilla, 234 rows" in shown(wl)
    assert "bootstrap resamples: 40" in shown(wl)
    assert pending(wl) is None
    assert [s.key for s in wl.slider] == [f"{KEY}.decades"], "the main slider is the view's"


def test_costly_inputs_wait_for_compare_and_the_view_redraws_at_once(wl, cheap):
    before = ranking(wl)
    wl.number_input(f"{KEY}.holdout").set_value(0.25)
    wl.number_input(f"{KEY}.boot").set_value(0)
    check(wl.multiselect(f"{KEY}.families").set_value(["Power law", "Chinchilla L(N, D)"])
          .run())
    assert cheap == [], "no refit before Compare"
    pd.testing.assert_frame_equal(ranking(wl), before)
    note = pending(wl)
    assert note is not None
    for part in ("held-out runs: the largest 25% by scale (shown: the largest 20% by scale)",
                 "bootstrap resamples: 0 (no bands) (shown: 40)",
                 "families: Power law, Chinchilla L(N, D) (shown: all 7)"):
        assert part in note, note
    assert wl.query_params["wl.holdout"] == "0.2", "the URL keeps the result shown"

    compare(wl)
    assert cheap == [["Power law"], ["Chinchilla L(N, D)"]], "one refit, per family"
    assert sorted(ranking(wl)["family"]) == ["Chinchilla L(N, D)", "Power law"]
    assert ranking(wl)["coverage"].isna().all()
    assert "the largest 25% by scale" in shown(wl) and pending(wl) is None
    assert any("scored on" in c.value and "largest 25%" in c.value for c in wl.caption)
    assert "add bootstrap resamples to see whether their bands overlap" in verdict(wl)
    assert wl.query_params["wl.holdout"] == "0.25" and wl.query_params["wl.boot"] == "0"

    # the view: no refit, the verdict moves
    for decades in (0.0, 4.0):
        check(wl.slider(f"{KEY}.decades").set_value(decades).run())
        assert f"{10 ** decades:.3g}x the largest run" in verdict(wl)
    at_median = verdict(wl)
    check(wl.number_input(f"{KEY}.ratio").set_value(1e5).run())
    assert verdict(wl) != at_median, "the two-input family moved along D/N = 1e5"
    check(wl.number_input(f"{KEY}.ratio").set_value(0.1).run())
    assert len(cheap) == 2 and not wl.error


def test_no_family_chosen_says_so_and_keeps_the_result(wl):
    check(wl.multiselect(f"{KEY}.families").set_value([]).run())
    assert wl.button(f"{KEY}.compare").disabled
    assert "Choose at least one law family to compare." in messages(wl)["error"]
    assert sorted(ranking(wl)["family"]) == sorted(f.name for f in cmp.FAMILIES)


def test_the_revisiting_benchmark_uses_its_own_split_and_one_input_families(wl, cheap):
    check(wl.selectbox(f"{KEY}.dataset").set_value("revisiting_lang").run())
    assert wl.radio(f"{KEY}.mode").value == "One scale column"
    assert wl.radio(f"{KEY}.split").value.startswith("The dataset's split")
    assert wl.selectbox(f"{KEY}.x").value == "Seen Examples"
    assert "runs: public dataset revisiting_lang" in pending(wl)
    wl.number_input(f"{KEY}.boot").set_value(0)  # the split and families are checked
    compare(wl)
    ranked = ranking(wl)
    assert sorted(ranked["family"]) == sorted(f.name for f in cmp.families_for("x"))
    assert any("the dataset's own split" in c.value for c in wl.caption)
    assert "Domain = LM" in shown(wl) and pending(wl) is None
    # the filters offer the benchmark's other curves
    assert "NMT" in wl.selectbox(f"{KEY}.only.Domain").options


def test_the_shipped_examples_and_a_log_export(wl, cheap):
    check(wl.radio(f"{KEY}.source").set_value("Shipped example").run())
    wl.number_input(f"{KEY}.boot").set_value(0)
    compare(wl)
    assert not wl.error and "example hoffmann2022_sweep.csv" in shown(wl)
    check(wl.selectbox(f"{KEY}.example").set_value("W&B export of loss curves").run())
    compare(wl)
    assert not wl.exception


def test_an_uploaded_table_with_bad_rows_is_compared_and_the_rows_counted(wl, cheap):
    x = np.geomspace(1e6, 1e10, 25)
    runs = pd.DataFrame({"tokens": x, "val_loss": 1.7 + (3e5 / x) ** 0.3})
    runs.loc[0, "val_loss"] = -1.0
    runs.loc[1, "tokens"] = 0.0
    runs.loc[2, "val_loss"] = np.nan
    upload(wl, "runs.csv", runs.to_csv(index=False).encode())
    assert wl.selectbox(f"{KEY}.y").value == "val_loss"
    assert "uploaded table runs.csv" in pending(wl)
    wl.number_input(f"{KEY}.boot").set_value(0)
    compare(wl)
    assert any("3 of 25 rows" in c.value for c in wl.caption)
    assert sorted(ranking(wl)["family"]) == sorted(f.name for f in cmp.families_for("x"))
    # the held-out share at its extremes: 1 and 11 of the 22 good runs
    for share, held in ((0.05, 2), (0.5, 11)):
        check(wl.number_input(f"{KEY}.holdout").set_value(share).run())
        compare(wl)
        assert any(f"scored on {held} held-out runs" in c.value for c in wl.caption), share


@pytest.mark.parametrize("name, data, expected", [
    ("empty.csv", b"", "is empty"),
    ("garbage.csv", bytes(range(256)) * 20, "binary file"),
    ("one_column.csv", b"loss\n1\n2\n3\n", "at least two numeric columns"),
    ("three_runs.csv", b"x,loss\n1,3\n2,2.5\n4,2.2\n", "leaves"),
])
def test_bad_uploads_get_a_sentence(wl, name, data, expected):
    upload(wl, name, data)
    if any(b.key == f"{KEY}.compare" for b in wl.button):
        compare(wl)
    shown_messages = " ".join(messages(wl)["error"] + messages(wl)["info"])
    assert expected in shown_messages, shown_messages
    assert not wl.exception
    # what the user had is still shown
    assert "public dataset chinchilla" in shown(wl)


def test_text_in_a_file_is_not_run(wl, tmp_path):
    marker = tmp_path / "ran"
    evil = f"__import__('os').system('touch {marker}')"
    runs = pd.DataFrame({"x": np.geomspace(1, 1e4, 12), "loss": np.geomspace(3, 2, 12),
                         "group": [evil, "**bold**"] * 6})
    upload(wl, "evil.csv", runs.to_csv(index=False).encode())
    assert not marker.exists()
    assert evil in wl.selectbox(f"{KEY}.only.group").options
    check(wl.selectbox(f"{KEY}.only.group").set_value("**bold**").run())
    assert "group = \\*\\*bold\\*\\*" in pending(wl, raw=True), "file text escaped"


def test_a_shared_link_shows_its_own_result_first(app, cheap):
    app.query_params.update({"wl.holdout": "0.3", "wl.boot": "0"})
    check(app.switch_page("pages/which_law.py").run())
    assert "the largest 30% by scale" in shown(app) and pending(app) is None
    assert sorted(ranking(app)["family"]) == sorted(f.name for f in cmp.FAMILIES)


def shipped_note(at) -> bool:
    return any(f"data/{cmp.SHIPPED}" in c.value for c in at.caption)


def test_the_default_view_is_the_shipped_comparison_and_refits_on_request(app, cheap):
    # The real defaults (40 resamples): every fit and band restored from data/, so the
    # ranking and the bands are there at once; tests/laws/test_compare_shipped.py checks
    # that the file matches the live computation.
    check(app.switch_page("pages/which_law.py").run())
    assert shipped_note(app)
    ranked = ranking(app)
    assert sorted(ranked["family"]) == sorted(f.name for f in cmp.FAMILIES)
    assert ranked["coverage"].notna().all()
    # No bands (still restored), then "Refit now" redoes the fits here.
    check(app.number_input(f"{KEY}.boot").set_value(0).run())
    compare(app)
    assert shipped_note(app)
    check(app.button(f"{KEY}.refit").click().run())
    assert not shipped_note(app)
    assert sorted(ranking(app)["family"]) == sorted(ranked["family"])
    check(app.slider(f"{KEY}.decades").set_value(2.0).run())
    assert not shipped_note(app), "the refit holds for the rest of the session"
