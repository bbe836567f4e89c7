"""Every page reachable from the navigation opens in Chromium without an error, every
paper page reacts to its main slider, and a live curve on its first view redraws when one
of its own sliders moves.

Screenshots go to ``<repo>/test-artifacts/screenshots/<page>.png`` and, after the slider
move, ``<page>_slider.png`` (git-ignored).
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

import laws
from laws.core.law import TOPICS

from ui.page import TOOLS

from browser_sliders import (FINGERPRINT_CHANGED, REMEMBER_FINGERPRINT, slider_candidates,
                             slider_label, step)

ROOT = Path(__file__).resolve().parents[2]

CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium")) if p and
                 os.path.exists(p)), None)

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed "
                       "(/usr/bin/chromium or chromium on PATH); apt-get install chromium"),
    pytest.mark.timeout(180),
]

#: (screenshot name, URL path, navigation label, page title) of every page in the nav,
#: in navigation order: the catalogue, the cross-paper tools, then the papers by topic.
PAGES = ([("home", "/", "Catalogue", "Scaling-law explorer")]
         + [(u, f"/{u}", t, t) for f, t, u in TOOLS if (ROOT / "pages" / f).exists()]
         + [(p.key, f"/{p.key}", p.label, p.title)
            for topic in TOPICS for p in laws.papers() if p.topic == topic])
TITLE = {p[0]: p[3] for p in PAGES}
NAV_LABELS = [p[2] for p in PAGES]
TALL = {"width": 1400, "height": 2400}  # Streamlit scrolls inside stMain: no full_page
#: Pages with no slider at all: the catalogue (its search box is tested below).
NO_SLIDER = {"home"}
#: How long a slider move may take to show on the page once its run has finished.
VIEW_CHANGE_TIMEOUT_MS = 5_000


def nav_links(page):
    return page.get_by_test_id("stSidebarNav").get_by_test_id("stSidebarNavLink")


def test_navigation_lists_every_page_and_moves_between_them(app):
    """The st.navigation menu (not Streamlit's pages-folder menu) and its links work.

    Opening the catalogue in a new session also checks the router reruns: app.py failed
    on every run after the first while ``laws.papers`` was shadowed by the subpackage.
    """
    page = app.page
    app.goto("/")
    links = nav_links(page)
    expect(links).to_have_text(NAV_LABELS)
    hrefs = [re.sub(r"^http://127\.0\.0\.1:\d+", "", links.nth(i).get_attribute("href"))
             for i in range(links.count())]
    assert sorted(hrefs) == sorted(p[1] for p in PAGES), (
        f"The navigation has {hrefs}; add new pages to PAGES in {__file__}")
    expect(page.get_by_test_id("stException")).to_have_count(0)

    app.rerun(lambda: links.filter(has_text="Hoffmann 2022").click())
    expect(page).to_have_url(re.compile(r"/hoffmann2022(\?|$)"))
    expect(page.locator("h1")).to_have_text(TITLE["hoffmann2022"])

    app.rerun(lambda: links.filter(has_text="Catalogue").click())
    expect(page.locator("h1").first).to_have_text("Scaling-law explorer")
    card_link = page.get_by_test_id("stPageLink").filter(has_text="Open Kaplan 2020")
    app.rerun(lambda: card_link.click())
    expect(page.locator("h1")).to_have_text(TITLE["kaplan2020"])
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_catalogue_search_filters_the_papers(app):
    page = app.page
    app.goto("/")
    cards = page.get_by_test_id("stPageLink")
    expect(cards).to_have_count(len(laws.papers()))  # one card per paper
    box = page.get_by_role("textbox", name="Search papers, authors, formulas or features")
    box.fill("Chinchilla")
    app.rerun(lambda: box.press("Enter"))
    expect(cards).to_have_count(1)
    expect(cards).to_have_text(re.compile("Hoffmann 2022"))
    box.fill("no such paper zzz")
    app.rerun(lambda: box.press("Enter"))
    expect(cards).to_have_count(0)
    expect(page.get_by_test_id("stAlert")).to_contain_text("No paper matches")
    expect(page.get_by_test_id("stException")).to_have_count(0)


#: The paper pages are smoke-tested in two modules (this one and
#: ``test_browser_pages_2.py``), so that the two test workers share them.
HALF = len(PAGES) // 2


@pytest.mark.parametrize("name, path, label, title", PAGES[:HALF],
                         ids=[p[0] for p in PAGES[:HALF]])
def test_page_smoke(open_app, served_app, name, path, label, title):
    smoke(open_app(served_app, TALL), name, path, title)


def smoke(app, name, path, title):
    """Open the page, check it, move its main slider, then its live curve if it shows one;
    a screenshot after each step."""
    page = app.page
    app.goto(path)
    expect(page.locator("h1").first).to_have_text(title)
    expect(page.locator(".katex-html").filter(visible=True).first).to_be_visible()
    app.wait_charts()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    app.screenshot(name)
    if name in NO_SLIDER:
        assert not slider_candidates(page), f"{name} has a slider now: drop it from NO_SLIDER"
        return
    move_main_slider(app)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    app.screenshot(f"{name}_slider")
    if move_live_curve(app):
        app.screenshot(f"{name}_live")


#: The drawn marks of the live curves (``ui.page.live_law``; Vega-Lite drawn as SVG).
LIVE_MARKS = """() => Array.from(document.querySelectorAll('[data-testid="stExpander"] svg.marks'))
  .map(s => s.innerHTML).join('|')"""


def move_live_curve(app) -> bool:
    """Open the first visible live curve, if the page shows one, set its last slider to
    a new value and wait until the browser has redrawn the line, with no script run on
    the server. Returns whether there was one."""
    page = app.page
    summary = (page.locator("summary").filter(has_text="redrawn in your browser")
               .filter(visible=True))
    if not summary.count():
        return False
    summary.first.click()  # its own expander (it may sit inside a "Constants" one)
    expander = summary.first.locator("xpath=ancestor::*[@data-testid='stExpander'][1]")
    thumb = expander.locator(".vega-bind input[type=range]").last
    expect(thumb).to_be_visible()
    app.wait_charts(expander)
    low, high = float(thumb.get_attribute("min")), float(thumb.get_attribute("max"))
    before = page.evaluate(LIVE_MARKS)
    runs_before = page.evaluate("window.__stScriptStates.length")
    thumb.fill(f"{low + 0.3 * (high - low):.6g}")
    page.wait_for_function(f"before => ({LIVE_MARKS})() !== before", arg=before,
                           timeout=VIEW_CHANGE_TIMEOUT_MS)
    page.wait_for_timeout(300)  # a rerun, had one been asked for, would have begun
    states = page.evaluate("window.__stScriptStates")[runs_before:]
    assert "running" not in states, "a live slider must redraw in the browser, not rerun"
    expect(page.get_by_test_id("stException")).to_have_count(0)
    return True


def move_main_slider(app) -> str:
    """Move the page's main slider one step (ArrowRight, or ArrowLeft at the maximum) and
    wait until the main area shows something new: its text (metrics, markdown, tables)
    or a chart's pixels.

    The first visible slider of the main area (else of the sidebar) is the main one;
    when moving it changes nothing the user sees (e.g. it sets an option another control
    has switched off), the next slider is tried, so no page needs a hand-made exception.
    One rerun per page in the usual case. Returns the label of the slider that worked.
    """
    page = app.page
    candidates = slider_candidates(page)
    assert candidates, "the page has no visible slider to move"
    tried = []
    for thumb in candidates:
        label, keys = slider_label(thumb), []
        page.evaluate(REMEMBER_FINGERPRINT)
        app.rerun(lambda: keys.append(step(thumb)))
        expect(page.get_by_test_id("stException")).to_have_count(0)
        app.wait_charts()
        try:
            page.wait_for_function(FINGERPRINT_CHANGED, timeout=VIEW_CHANGE_TIMEOUT_MS)
            return label
        except PlaywrightTimeout:
            tried.append(f"{label!r} ({keys[0]})")
    raise AssertionError("no slider changed what the main area shows (text or charts): "
                         + ", ".join(tried))


def test_deep_link_on_a_fresh_server_uses_the_apps_navigation(open_app, fresh_server):
    # Streamlit treats pages/ beside app.py as a legacy pages folder until app.py has
    # run once; ui.page.use_app_navigation hands such a first deep link to app.py.
    app = open_app(fresh_server)
    app.goto("/hoffmann2022")
    expect(app.page.locator("h1")).to_have_text(TITLE["hoffmann2022"])
    expect(nav_links(app.page)).to_have_text(NAV_LABELS, timeout=5_000)
