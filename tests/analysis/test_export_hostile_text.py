"""Exports of hostile participant text stay plain and compile.

The Markdown renders as plain text (no image, link or HTML, so nothing is fetched when it is
viewed) with every table row intact, and the LaTeX compiles with pdflatex whatever the titles and
answers hold."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess

import pytest
from markdown_it import MarkdownIt

from analysis.dataset import ParticipantInfo, ProfileFieldInfo, StatementInfo
from analysis.exporters import export

from .support import study_data

HOSTILE = [
    "![tracker](https://evil.example/pixel.png)",
    "[click](http://evil.example/) and <https://evil.example/x> www.evil.example",
    '<img src="https://evil.example/i.png"> <script>alert(1)</script>',
    "first line\rsecond | cell\r\n| forged | row |\nthird\u2028fourth",
    "**bold** _em_ `code` # not a heading\n> not a quote",
    "100% sure \\input{/etc/hostname} & $x^2$ #1 ~ {braces} \\\\ end",
    "a paragraph\n\nafter a blank line \\par \\end{tabular} ol\u00e1 \u00e7\u00e3o",
    "tab\there \x00nul \x1b esc",
]
# The statement's own text is quoted on purpose ("> text"); a quote inside it is not.
_STATEMENT_QUOTE = {"blockquote_open"}
MARKS = [("P1", "S1", "SA"), ("P2", "S1", "PD"), ("P3", "S2", "NO")]


def hostile_data():
    base = study_data(MARKS, participants=["P1", "P2", "P3"], statements=["S1", "S2"])
    return dataclasses.replace(
        base,
        title="Title\n% comment escaped? \\bye " + HOSTILE[0],
        statements=[
            StatementInfo(key="S1", title=HOSTILE[3], text=HOSTILE[1]),
            StatementInfo(key="S2", title="100%\n\\bye", text=HOSTILE[2]),
        ],
        participants=[
            ParticipantInfo(
                code=code,
                session="Focus group 1",
                profile={"job": HOSTILE[i], "notes": HOSTILE[i + 4]},
            )
            for i, code in enumerate(["P1", "P2", "P3"])
        ],
        profile_fields=[
            ProfileFieldInfo(key="job", label="Job | title\n#"),
            ProfileFieldInfo(key="notes", label="Notes & $"),
        ],
    )


def _exported(fmt: str) -> bytes:
    return export(hostile_data(), fmt=fmt)


def _tokens(tokens):
    for token in tokens:
        yield token
        yield from _tokens(token.children or [])


def test_the_markdown_renders_no_image_link_or_html_and_keeps_its_rows():
    text = _exported("md").decode()
    md = MarkdownIt("commonmark").enable("table")
    tokens = list(_tokens(md.parse(text)))
    kinds = {t.type for t in tokens}
    assert not kinds & {"image", "link_open", "html_inline", "html_block", "code_inline"}
    assert not kinds & {"strong_open", "em_open", "blockquote_open"} - _STATEMENT_QUOTE
    html = md.render(text)
    assert "<img" not in html
    assert "<a " not in html
    assert "<script" not in html
    assert "https:" not in text  # no bare autolink for GFM viewers either
    assert "www." not in text
    # Each statement's grid: a header and five level rows; participants: a header and 3 rows.
    rows = [t for t in tokens if t.type == "tr_open"]
    assert len(rows) == 2 * 6 + 4
    assert _cells_per_row(tokens) == [4] * 6 + [4] * 6 + [4] * 4
    # The words themselves are still there, as text.
    assert "![tracker](https://evil.example/pixel.png)" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def _cells_per_row(tokens) -> list[int]:
    counts: list[int] = []
    for token in tokens:
        if token.type == "tr_open":
            counts.append(0)
        elif token.type in ("th_open", "td_open"):
            counts[-1] += 1
    return counts


@pytest.fixture(scope="module")
def pdflatex():
    path = shutil.which("pdflatex")
    assert path, "pdflatex is missing: run `make system-deps` (texlive-latex-base, -recommended)"
    return path


def test_the_latex_compiles_with_pdflatex(tmp_path, pdflatex):
    fragment = _exported("latex").decode()
    assert "\n\n" not in fragment.split("\\begin{tabular}")[1].split("\\end{tabular}")[0]
    first = fragment.splitlines()[0]
    assert first.startswith(r"% Agreement grids of Title \% comment escaped? \textbackslash{}bye")
    document = tmp_path / "export.tex"
    document.write_text(
        "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage[utf8]{inputenc}\n"
        "\\usepackage{booktabs}\n\\begin{document}\n" + fragment + "\n\\end{document}\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [pdflatex, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "export.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert (tmp_path / "export.pdf").stat().st_size > 0
    log = (tmp_path / "export.log").read_text(errors="replace")
    assert "/etc/hostname" not in log  # \input was printed, never run
