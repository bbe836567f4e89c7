"""app.py (the st.navigation router) and pages/home.py (the searchable catalogue)."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import laws
from apptools import APP, TIMEOUT, check, messages, new_app, open_page

PAPERS = laws.papers()


def shown_titles(at: AppTest) -> list[str]:
    return [s.value for s in at.subheader]


def laws_paper(key):
    return next(p for p in PAPERS if p.key == key)


def test_first_run_lists_every_paper_with_its_formula_and_link():
    # Plain AppTest: the app's very first run, as a new server does it.
    at = check(AppTest.from_file(str(APP), default_timeout=TIMEOUT).run())
    assert [t.value for t in at.title] == ["Scaling-law explorer"]
    assert shown_titles(at) == [p.title for p in PAPERS]
    latex = [x.value for x in at.latex]
    for p in PAPERS:
        assert any(p.laws[0].latex() in x for x in latex), p.key
    links = {link.label: link.proto.page for link in at.page_link}
    for p in PAPERS:
        assert links[f"Open {p.label}"] == p.key
    assert messages(at) == {"error": [], "warning": [], "info": []}


def test_router_survives_reruns(app):
    # The server reruns app.py on every interaction; a router that works only once
    # (e.g. calling a name that an import has rebound) fails here.
    for _ in range(2):
        check(app.run())
        assert shown_titles(app) == [p.title for p in PAPERS]
    open_page(app, "hoffmann2022")
    check(app.run())
    assert [t.value for t in app.title] == [laws_paper("hoffmann2022").title]


def test_search_matching_only_chinchilla(app):
    for query in ("Chinchilla", "  chinchilla  ", "CHINCHILLA compute-optimal"):
        check(app.text_input("home.q").set_value(query).run())
        assert shown_titles(app) == [laws_paper("hoffmann2022").title], query
        assert not app.info


def test_search_matching_nothing_says_so(app):
    check(app.text_input("home.q").set_value("transformer-free zebra").run())
    assert shown_titles(app) == []
    assert app.info[0].value == "No paper matches “transformer-free zebra”. Try a shorter word."
    # clearing the box shows the whole catalogue again
    check(app.text_input("home.q").set_value("").run())
    assert shown_titles(app) == [p.title for p in PAPERS]
    assert not app.info


def test_search_text_is_matched_not_run(app, tmp_path):
    marker = tmp_path / "ran"
    query = f"__import__('os').system('touch {marker}') .* [a-z]+ {{{{7*7}}}}"
    check(app.text_input("home.q").set_value(query).run())
    assert shown_titles(app) == []
    assert query in app.info[0].value
    assert not marker.exists()


@pytest.mark.parametrize("paper", PAPERS, ids=[p.key for p in PAPERS])
def test_switch_page_to_each_paper(app, paper):
    open_page(app, paper.key)
    assert [t.value for t in app.title] == [paper.title]
    assert any(paper.laws[0].latex() in x.value for x in app.latex)
    assert not app.error and not app.warning


def test_switch_page_without_router_rerun():
    # AppTest's default mode for a repo with a pages/ folder runs the page file directly.
    at = check(new_app().run())
    for p in PAPERS:
        check(at.switch_page(f"pages/{p.key}.py").run())
        assert [t.value for t in at.title] == [p.title]
    check(at.switch_page("pages/home.py").run())
    assert shown_titles(at) == [p.title for p in PAPERS]


def test_projector_mode_is_a_sidebar_switch_kept_in_the_link(app):
    assert not app.toggle(key="projector").value
    assert "projector" not in app.query_params
    check(app.toggle(key="projector").set_value(True).run())
    assert any("zoom" in h.proto.body for h in app.get("html"))
    assert app.query_params["projector"] in ("true", ["true"])
    open_page(app, "kaplan2020")  # stays on across pages
    assert app.toggle(key="projector").value
    assert any("zoom" in h.proto.body for h in app.get("html"))
    check(app.toggle(key="projector").set_value(False).run())
    assert not any("zoom" in h.proto.body for h in app.get("html"))
