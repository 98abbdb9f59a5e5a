"""LaTeX export: booktabs tables laid out like the paper's Figures 3-8, and its Table 1."""

from __future__ import annotations

from django.utils.translation import gettext

from focusgroup.latex import latex_line

from ..dataset import StudyData
from ..grids import StatementGrid
from ..summary import summary_sentence
from .tabular import people_table

latex_escape = latex_line  # the one escaping of every LaTeX export (focusgroup/latex.py)


def _label(key: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-:" else "-" for ch in key)


def latex_export(data: StudyData, grids: list[StatementGrid]) -> bytes:
    """A LaTeX fragment (needs \\usepackage{booktabs}): one table per statement, then Table 1."""
    codes = [p.code for p in data.participants]
    level = latex_escape(gettext("Level"))
    out = [
        f"% Agreement grids of {latex_escape(data.title)}; needs \\usepackage{{booktabs}}.",
        "",
    ]
    for g in grids:
        caption = (
            f"{g.statement.key}: {g.statement.title}" if g.statement.title else g.statement.key
        )
        out += [
            r"\begin{table}[htbp]",
            r"  \centering",
            f"  \\caption{{{latex_escape(caption)}}}",
            f"  \\label{{tab:grid-{_label(g.statement.key)}}}",
            f"  \\begin{{tabular}}{{l{'c' * len(codes)}}}",
            r"    \toprule",
            f"    {level} & " + " & ".join(latex_escape(c) for c in codes) + r" \\"
            if codes
            else f"    {level} \\\\",
            r"    \midrule",
        ]
        for lv in g.levels:
            cells = []
            for c in codes:
                n = g.count(c, lv.key)
                cells.append("" if n == 0 else r"\texttimes" if n == 1 else str(n))
            row = " & ".join([latex_escape(lv.label), *cells])
            out.append(f"    {row} \\\\")
        out += [
            r"    \bottomrule",
            r"  \end{tabular}",
            f"  \\par\\smallskip\\footnotesize {latex_escape(summary_sentence(g))}",
            r"\end{table}",
            "",
        ]
    header, rows = people_table(data)
    caption = latex_escape(gettext("Participant characterization"))
    out += [
        r"\begin{table}[htbp]",
        r"  \centering",
        f"  \\caption{{{caption}}}",
        r"  \label{tab:participants}",
        f"  \\begin{{tabular}}{{{'l' * len(header)}}}",
        r"    \toprule",
        "    " + " & ".join(latex_escape(h) for h in header) + r" \\",
        r"    \midrule",
    ]
    out += ["    " + " & ".join(latex_escape(c) for c in row) + r" \\" for row in rows]
    out += [r"    \bottomrule", r"  \end{tabular}", r"\end{table}", ""]
    return "\n".join(out).encode()
