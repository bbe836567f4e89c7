"""Text from files (names of files, columns, runs; parser messages quoting them) shown as
text: Streamlit renders messages and labels as Markdown, where ``*``, ``_``, backticks,
brackets, ``$`` (LaTeX) and ``:name:`` / ``:red[...]`` (emoji, colours) would change what
the user sees. Plain sentences pass through unchanged."""
from __future__ import annotations

import re

#: Characters that change inline Markdown anywhere in a line, and a colon that starts an
#: emoji shortcode or a colour directive. (Line-start syntax such as "# " or "- " cannot
#: occur: messages start with our own words.)
_MARKUP = re.compile(r"([\\`*_\[\]{}$~|<>]|:(?=[A-Za-z]))")


def plain(text: object) -> str:
    """``text`` with every character that Markdown would interpret escaped.

    >>> plain("**loss** [nats] $x$ :red[a] a: b.")
    '\\\\*\\\\*loss\\\\*\\\\* \\\\[nats\\\\] \\\\$x\\\\$ \\\\:red\\\\[a\\\\] a: b.'
    """
    return _MARKUP.sub(r"\\\1", str(text))
