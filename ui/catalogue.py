"""Search over the paper catalogue (plain substring match on words; no code is run)."""
from __future__ import annotations

from laws import Paper


def matches(paper: Paper, query: str) -> bool:
    """Whether every word of ``query`` occurs in the paper's title, authors, key, year,
    summary, features or relation titles (case-insensitive)."""
    words = query.lower().split()
    if not words:
        return True
    text = " ".join([paper.key, paper.title, paper.authors, str(paper.year), paper.summary,
                     " ".join(paper.page_features),
                     " ".join(f"{law.id} {law.title}" for law in paper.laws)]).lower()
    return all(w in text for w in words)
