"""Registry of papers and their relations.

Every module in ``laws/papers/`` that defines ``PAPER`` is a registered paper: adding a
paper is adding its module (see CONTRIBUTING.md). The catalogue orders papers by topic
(:data:`laws.core.law.TOPICS`), then year, then key.
"""
from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from pathlib import Path

from .core.law import TOPICS, Law, Paper


def paper_modules() -> list[str]:
    """Module names under ``laws.papers`` (every ``.py`` there except private ones)."""
    folder = Path(__file__).parent / "papers"
    return sorted(m.name for m in pkgutil.iter_modules([str(folder)])
                  if not m.name.startswith("_"))


@cache
def _papers() -> dict[str, Paper]:
    found = []
    for name in paper_modules():
        module = importlib.import_module(f"laws.papers.{name}")
        paper = getattr(module, "PAPER", None)
        if paper is None:
            continue
        if paper.key != name:
            raise ValueError(f"laws/papers/{name}.py declares PAPER.key {paper.key!r}; "
                             f"the module and the key must match")
        found.append(paper)
    found.sort(key=lambda p: (TOPICS.index(p.topic), p.year, p.key))
    return {p.key: p for p in found}


def papers() -> list[Paper]:
    """Every registered paper, in catalogue order."""
    return list(_papers().values())


def paper(key: str) -> Paper:
    """The paper with key ``key`` (e.g. ``"hoffmann2022"``)."""
    try:
        return _papers()[key]
    except KeyError:
        raise KeyError(f"No paper {key!r}; known: {', '.join(_papers())}") from None


def get(law_id: str) -> Law:
    """The relation with id ``paperkey.name`` (e.g. ``"hoffmann2022.loss"``)."""
    key, _, name = law_id.partition(".")
    if not name:
        raise KeyError(f"A relation id looks like 'paperkey.name', not {law_id!r}")
    return paper(key).law(law_id)
