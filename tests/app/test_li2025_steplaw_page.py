"""pages/li2025_steplaw.py through the router: sliders, cells, tolerance, dense and MoE
landscapes, rules side by side, band, sweeps, refits, exports.

One page is opened for the whole module (opening it is most of the cost) and the tests
run on it in file order, each setting the widgets it relies on; the first test sees the
default render.
"""
from __future__ import annotations

import pytest

from apptools import check, served_page


@pytest.fixture(scope="module")
def step():
    """The page reached through the router, served as the server does (conftest.served,
    at module scope)."""
    with served_page("li2025_steplaw") as at:
        yield at


def metrics(at):
    return {m.label: m.value for m in at.metric}


def test_default_view_shows_the_published_advice(step):
    m = metrics(step)
    # N = 1e9, D = 1e11: 1.6325e-3 and 1.1077e6 tokens (the pinned numbers)
    assert m["Optimal peak LR"] == "0.001632"
    assert m["Optimal batch [tokens]"] == "1.108e+06"
    assert m["Batch [sequences]"] == "540.9"
    assert any("within 0.25% of the best smoothed loss" in x.value for x in step.markdown)


def test_size_sliders_and_sequence_length_move_the_advice(step):
    before = metrics(step)
    step.slider(key="step.logN").set_value(7.0)
    step.slider(key="step.logD").set_value(14.0)
    step.number_input(key="step.seq").set_value(4096)
    check(step.run())
    after = metrics(step)
    assert after["Optimal peak LR"] != before["Optimal peak LR"]
    assert after["Optimal batch [tokens]"] != before["Optimal batch [tokens]"]
    assert float(after["Batch [sequences]"]) == pytest.approx(
        float(after["Optimal batch [tokens]"]) / 4096, rel=1e-3)


def test_first_and_last_cell_at_both_tolerance_extremes(step):
    for cell, tol in ((0, 0.05), (16, 2.0), (0, 2.0), (16, 0.05)):
        step.selectbox(key="step.cell").set_value(cell)
        step.slider(key="step.tol").set_value(tol)
        check(step.run())
        text = " ".join(x.value for x in step.markdown)
        assert f"within {tol / 100:.2%} of the best smoothed loss" in text


def rules_table(at):
    return next(d.value for d in at.dataframe if "status" in d.value.columns).set_index("rule")


def test_rules_side_by_side_with_their_status(step):
    rules = rules_table(step)
    assert rules.loc["Porian et al. 2024", "status"].startswith("unconfirmed")
    assert rules.loc["Bjorck et al. 2024 (Microsoft)", "status"].startswith("unconfirmed")
    assert rules.loc["DeepSeek LLM 2024", "status"] == "confirmed"
    # Step Law Table 1 (arXiv v1) OpenAI Law 9.51 per mille; abstract (v7) 0.094%
    assert rules.loc["Kaplan et al. 2020", "Table 1 error [‰]"] == 9.51
    assert rules.loc["Step Law (this paper)", "Table 1 error [‰]"] == 0.94
    assert any("Porian et al. 2024 (3.71‰)" in i.value and "unconfirmed" in i.value
               for i in step.info)
    assert not step.warning


def test_moe_landscapes_and_the_choice_of_N(step):
    step.radio(key="step.grid").set_value("MoE")
    check(step.run())
    assert any("not confirmed" in i.value for i in step.info)
    text = " ".join(x.value for x in step.markdown)
    assert "(N = 2.16e+09, total parameters)" in text  # 1in8 at D = 8e9, the default cell
    before = rules_table(step).loc["Step Law (this paper)", "lr"]
    for cell, tol in ((0, 0.05), (15, 2.0)):
        step.selectbox(key="step.moecell").set_value(cell)
        step.slider(key="step.tol").set_value(tol)
        check(step.run())
        assert f"within {tol / 100:.2%} of the best smoothed loss" in " ".join(
            x.value for x in step.markdown)
    step.selectbox(key="step.moecell").set_value(2)
    step.slider(key="step.tol").set_value(0.25)
    step.radio(key="step.moeN").set_value("activated")
    check(step.run())
    text = " ".join(x.value for x in step.markdown)
    assert "(N = 5.9e+08, activated parameters)" in text
    # fewer parameters -> a higher advised learning rate (alpha_N > 0)
    assert rules_table(step).loc["Step Law (this paper)", "lr"] > before
    step.radio(key="step.grid").set_value("dense")
    check(step.run())
    assert "parameters)," not in " ".join(x.value for x in step.markdown)


def test_constant_sliders_at_extremes(step):
    for key in ("step.lr.alpha_N", "step.lr.beta_D", "step.b.gamma_D"):
        s = step.slider(key=key)
        s.set_value(s.min)
    check(step.run())
    for key in ("step.lr.alpha_N", "step.lr.beta_D", "step.b.gamma_D"):
        s = step.slider(key=key)
        s.set_value(s.max)
    check(step.run())
    assert metrics(step)["Optimal peak LR"]


def test_exports_offer_downloads(step):
    labels = [b.label for b in step.get("download_button")]
    assert "BibTeX" in labels and "Plotted data (CSV)" in labels


def sweep_text(at):
    return " ".join(x.value for x in at.markdown if x.value.startswith("Quadratic"))


def test_released_cell_sweep_places_the_advice(step):
    step.selectbox(key="step.sweep.cell").set_value(5)
    for within in (0.5, 20.0):
        step.slider(key="step.within").set_value(within)
        check(step.run())
        text = sweep_text(step)
        assert "At N = 2.68e+08, D = 1.42e+10" in text and "from the optimum" in text


def upload(at, name, text):
    at.radio(key="step.sweep.source").set_value("Upload a CSV")
    check(at.run())
    at.get("file_uploader")[0].set_value((name, text.encode(), "text/csv"))
    return check(at.run())


def test_uploaded_sweep_in_sequences_with_bad_rows(step):
    import numpy as np

    lrs, bss = np.meshgrid(np.logspace(-3.5, -2, 6), [64, 128, 256, 512, 1024])
    loss = 2.5 + 0.05 * (np.log10(lrs) + 2.7) ** 2 + 0.02 * (np.log10(bss) - 2.4) ** 2
    rows = [f"{a},{b},{c}" for a, b, c in zip(lrs.ravel(), bss.ravel(), loss.ravel())]
    rows += ["-0.001,128,2.6", "0.001,0,2.6", "nan,128,2.6"]
    step.number_input(key="step.seq").set_value(2048)
    upload(step, "sweep.csv", "learning_rate,bs,final_loss\n" + "\n".join(rows))
    step.radio(key="step.sweep.unit").set_value("sequences")
    check(step.run())
    assert any("3 row(s) left out" in w.value for w in step.warning)
    text = sweep_text(step)
    # optimum of the generated landscape: LR 10^-2.7, batch 10^2.4 sequences of 2048 tokens
    assert "optimum LR 0.002" in text and f"batch {10 ** 2.4 * 2048:.3g} tokens" in text


def test_bad_sweeps_say_why(step):
    for text, words in (("lr,bs,loss\n0.001,128,2.5\n", "needs at least 6 runs"),
                        ("a,b\n1,2\n", "three numeric columns"),
                        ("\x00\x01\x02garbage", "")):
        upload(step, "sweep.csv", text)
        msgs = [e.value for e in step.error]
        assert msgs and words in " ".join(msgs)


def test_saddle_shaped_sweep_is_not_called_an_optimum(step):
    import numpy as np

    lrs, bss = np.meshgrid(np.logspace(-4, -2, 5), np.logspace(5, 7, 5))
    loss = 2.5 + (np.log10(lrs) + 3) ** 2 - 0.5 * (np.log10(bss) - 6) ** 2
    rows = [f"{a},{b},{c}" for a, b, c in zip(lrs.ravel(), bss.ravel(), loss.ravel())]
    upload(step, "saddle.csv", "lr,batch,loss\n" + "\n".join(rows))
    step.slider(key="step.within").set_value(20.0)
    check(step.run())
    assert any("not convex" in w.value for w in step.warning)


def test_refit_tab_shows_published_and_refit(step):
    step.slider(key="step.tol").set_value(0.25)
    check(step.run())
    frames = [df.value for df in step.dataframe]
    refit = next(f for f in frames if "refit on the released runs" in f.columns)
    assert list(refit["published"]) == [1.79, 0.713, 0.307, 0.58, 0.571]
    # catalog hyperparameters.md 1.3 [D] refit (not published): dense + MoE, MoE N = total
    pooled = refit.set_index("constant")["refit on dense + MoE (MoE N = total)"]
    assert pooled["alpha_N"] == pytest.approx(0.713, abs=5e-4)
    assert pooled["gamma_D"] == pytest.approx(0.577, abs=5e-4)
    assert any("not numbers the paper publishes" in i.value for i in step.info)
