"""The LaTeX escaping the coding and analysis exporters share (focusgroup/latex.py)."""

from __future__ import annotations

from analysis.exporters.latex import latex_escape
from coding.exporters import latex_export, tex
from coding.reports import Report, Table
from focusgroup.latex import latex_chars, latex_line

SPECIAL = "\\ & % $ # _ { } ~ ^ < > |"
ESCAPED = (
    r"\textbackslash{} \& \% \$ \# \_ \{ \} \textasciitilde{} \textasciicircum{}"
    r" \textless{} \textgreater{} \textbar{}"
)


def test_special_characters_and_symbols_escaped_alike_in_both_exporters():
    assert latex_chars(SPECIAL) == ESCAPED
    assert tex(SPECIAL) == ESCAPED
    assert latex_escape(SPECIAL) == ESCAPED


def test_both_exporters_write_a_text_on_one_line_without_control_characters():
    text = "a\nb\r\nc\u2028d\te\x00f\x07g"
    assert latex_line(text) == "a b c d efg"
    assert tex(text) == latex_escape(text) == "a b c d efg"


def test_the_coding_report_escapes_what_the_analysis_export_escapes():
    report = Report(
        title="A <b> | c\n\\end{document}",
        tables=[Table(title="x < y", header=["Code", "a|b"], rows=[["a > b", 1]])],
    )
    written = latex_export(report).decode()
    assert written.splitlines()[0] == (
        r"% A \textless{}b\textgreater{} \textbar{} c \textbackslash{}end\{document\}; needs"
        r" \usepackage{booktabs} (tables) and csquotes."
    )
    assert r"\caption{x \textless{} y}" in written
    assert r"Code & a\textbar{}b \\" in written
    assert r"a \textgreater{} b & 1 \\" in written
    assert not set("<>|") & set(written)


def test_none_and_non_text():
    assert latex_chars(None) == "" == tex(None) == latex_escape(None)
    assert latex_chars(12.5) == "12.5"
