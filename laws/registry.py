"""Registry of papers and their relations."""
from __future__ import annotations

import importlib
from functools import cache

from .core.law import Law, Paper

#: Module names under ``laws.papers``, in catalogue order.
PAPER_MODULES = ("kaplan2020", "hoffmann2022", "li2025_steplaw", "granziol2022")


@cache
def _papers() -> dict[str, Paper]:
    out = {}
    for key in PAPER_MODULES:
        module = importlib.import_module(f"laws.papers.{key}")
        out[module.PAPER.key] = module.PAPER
    return out


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
