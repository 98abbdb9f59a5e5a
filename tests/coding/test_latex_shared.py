"""The LaTeX escaping the coding and analysis exporters share (focusgroup/latex.py)."""

from __future__ import annotations

from analysis.exporters.latex import latex_escape
from coding.exporters import tex
from focusgroup.latex import latex_chars

SPECIAL = "\\ & % $ # _ { } ~ ^"
ESCAPED = r"\textbackslash{} \& \% \$ \# \_ \{ \} \textasciitilde{} \textasciicircum{}"


def test_special_characters_escaped_alike_in_both_exporters():
    assert latex_chars(SPECIAL) == ESCAPED
    assert tex(SPECIAL) == ESCAPED
    assert latex_escape(SPECIAL) == ESCAPED


def test_symbols_only_when_asked():
    assert latex_chars("a<b>c|d") == "a<b>c|d"
    assert latex_chars("a<b>c|d", symbols=True) == r"a\textless{}b\textgreater{}c\textbar{}d"
    assert latex_escape("a<b|c") == r"a\textless{}b\textbar{}c"


def test_none_and_non_text():
    assert latex_chars(None) == "" == tex(None) == latex_escape(None)
    assert latex_chars(12.5) == "12.5"
