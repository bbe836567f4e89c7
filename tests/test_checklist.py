"""The checklist of CONTRIBUTING.md, enforced: every registered paper is complete.

A paper is registered by adding ``laws/papers/<key>.py`` with a ``PAPER``; it then needs
a page, a citation, tests pinning its published numbers, and an AppTest of its page.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import laws
from laws.core.law import TOPICS
from ui.page import TOOLS

ROOT = Path(__file__).resolve().parents[1]
PAPERS = laws.papers()


@pytest.mark.parametrize("paper", PAPERS, ids=[p.key for p in PAPERS])
def test_every_paper_has_its_page_citation_and_tests(paper):
    assert (ROOT / "pages" / f"{paper.key}.py").exists(), "add pages/<key>.py"
    assert (ROOT / "tests" / "laws" / f"test_{paper.key}.py").exists(), (
        "add tests/laws/test_<key>.py pinning the paper's published numbers")
    assert (ROOT / "tests" / "app" / f"test_{paper.key}_page.py").exists(), (
        "add tests/app/test_<key>_page.py (AppTest of every widget path)")
    assert paper.bibtex.strip().startswith("@"), "a BibTeX entry for the export panel"
    assert paper.arxiv and paper.title and paper.authors and paper.summary
    assert paper.topic in TOPICS
    assert paper.laws, "a paper needs at least one relation"
    for law in paper.laws:
        assert law.id.startswith(f"{paper.key}."), law.id


def test_navigation_labels_are_unique():
    labels = [p.label for p in PAPERS] + [t for _, t, _ in TOOLS]
    assert len(labels) == len(set(labels)), "set Paper.short to disambiguate"


def test_every_page_file_is_in_the_navigation():
    nav = {"home.py"} | {f for f, _, _ in TOOLS} | {f"{p.key}.py" for p in PAPERS}
    files = {f.name for f in (ROOT / "pages").glob("*.py")}
    assert files <= nav, f"pages not reachable from the navigation: {sorted(files - nav)}"


def test_the_teaching_guide_links_to_pages_that_exist():
    import re

    paths = set(re.findall(r"`/([a-z0-9_-]+)", (ROOT / "TEACHING.md").read_text()))
    known = {p.key for p in PAPERS} | {u for _, _, u in TOOLS}
    assert paths and paths <= known, f"unknown pages in TEACHING.md: {sorted(paths - known)}"
