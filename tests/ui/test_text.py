"""ui.text.plain: text from files is shown as typed, not as Markdown, LaTeX or emoji."""
from __future__ import annotations

import re

from hypothesis import given, strategies as st

from ui.text import plain

CONTROL = set("\\`*_[]{}$~|<>")


@given(st.text())
def test_markup_characters_are_escaped_and_the_text_comes_back_unchanged(text):
    out = plain(text)
    assert re.sub(r"\\(.)", r"\1", out) == text  # undoing the escapes gives the text back
    i = 0
    while i < len(out):
        if out[i] == "\\":
            assert out[i + 1] in CONTROL | {":"}
            i += 2
        else:
            assert out[i] not in CONTROL
            assert not (out[i] == ":" and out[i + 1:i + 2].isascii()
                        and out[i + 1:i + 2].isalpha())
            i += 1


def test_names_that_would_render_as_markup():
    assert plain("**loss**") == r"\*\*loss\*\*"
    assert plain("$x^2$ [link](http://e.vil)") == r"\$x^2\$ \[link\](http://e.vil)"
    assert plain("a_b :smile: :red[x]") == r"a\_b \:smile: \:red\[x\]"
    assert plain("<script>") == r"\<script\>"


def test_a_plain_sentence_is_unchanged():
    sentence = "Every parameter is fixed: there is nothing to fit. Row 3 (N = 1e9) - ok!"
    assert plain(sentence) == sentence
