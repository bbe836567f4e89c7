"""pages/li2025_upweight.py through the router: temperature slider, variance sliders,
Cooldown presets and the user's schedule, and edits of the groups table (good and bad)."""
from __future__ import annotations

import pytest

from apptools import check, messages, open_page, table


@pytest.fixture
def upp(app):
    return open_page(app, "li2025_upweight")


def test_default_render(upp):
    assert upp.title[0].value.startswith("Upsample or Upweight?")
    probs = table(upp, "p(i; tau)").set_index("group")
    assert probs.loc["EN", "p(i; tau)"] == pytest.approx(0.55554, abs=1e-4)   # tau = 3.33
    assert probs.loc["SW", "weight w_i"] == pytest.approx(151.46, rel=1e-3)
    assert table(upp, "SW")["method"].tolist()[0] == "tau = 1"               # Table 4 shown
    assert not messages(upp)["warning"] and not messages(upp)["error"]


@pytest.mark.parametrize("end", ["min", "max"])
def test_sliders_at_extremes(upp, end):
    for s in upp.slider:
        s.set_value(getattr(s, end))
    check(upp.run())
    probs = table(upp, "p(i; tau)")
    assert probs["p(i; tau)"].sum() == pytest.approx(1.0)


def test_cooldown_presets_and_your_schedule(upp):
    upp.radio(key="up.c.preset").set_value("machine translation")
    check(upp.run())
    assert any("switch at 30,000" in s for s in table(upp, "schedule")["schedule"])
    upp.radio(key="up.c.preset").set_value("your schedule")
    check(upp.run())
    for key, value in [("up.c.hi", 100.0), ("up.c.lo", 1.0), ("up.c.switch", 0.0)]:
        upp.slider(key=key).set_value(value)
    check(upp.run())
    epochs = table(upp, "schedule").set_index("schedule")
    assert epochs.iloc[2]["SW"] == pytest.approx(epochs.iloc[0]["SW"])   # switch at 0 = tau 1
    upp.slider(key="up.c.switch").set_value(1.0)
    check(upp.run())
    epochs = table(upp, "schedule").set_index("schedule")
    assert epochs.iloc[2]["SW"] == pytest.approx(epochs.iloc[1]["SW"])   # never switches


def edit(at, edits):
    at.session_state["up.groups"] = edits
    return check(at.run())


def test_group_edits_good_and_bad(upp):
    at = edit(upp, {"edited_rows": {3: {"size": 5.0}}, "added_rows": [{"group": "FR", "size": 300.0}],
                    "deleted_rows": []})
    probs = table(at, "p(i; tau)").set_index("group")
    assert "FR" in probs.index and probs["p(i; tau)"].sum() == pytest.approx(1.0)
    at = edit(at, {"edited_rows": {1: {"size": -3.0}, 2: {"size": None}}, "added_rows": [],
                   "deleted_rows": []})
    warnings = messages(at)["warning"]
    assert any("zero or below" in w for w in warnings) and any("no number" in w for w in warnings)
    at = edit(at, {"edited_rows": {i: {"size": 0.0} for i in range(4)}, "added_rows": [],
                   "deleted_rows": []})
    assert any("at least two groups" in e for e in messages(at)["error"])
    assert table(at, "p(i; tau)")["group"].tolist() == ["EN", "IT", "ZH", "SW"]
