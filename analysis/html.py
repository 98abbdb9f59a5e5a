"""HTML of the big tables of the analysis page, built in Python.

A 100-statement study has tens of thousands of cells, too many for the template engine within the
page's time budget."""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import urlencode

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from .grids import StatementGrid
from .summary import summary_sentence


def grid_table_html(grid: StatementGrid, *, notes_url: str, params: dict[str, str]) -> SafeString:
    """The grid as an accessible table; a filled cell links to its notes."""
    key = escape(grid.statement.key)
    head = "".join(f'<th scope="col">{escape(code)}</th>' for code in grid.participants)
    rows = []
    counted: dict[int, str] = {}  # "3 notes" in the page's language, worded once per count
    for level in grid.levels:
        cells = []
        label = escape(level.label)
        for code in grid.participants:
            n = grid.count(code, level.key)
            if not n:
                cells.append("<td></td>")
                continue
            query = urlencode(
                {**params, "statement": grid.statement.key, "participant": code, "level": level.key}
            )
            mark = "\u2715" if n == 1 else str(n)
            if n not in counted:
                counted[n] = escape(ngettext("%(count)s note", "%(count)s notes", n) % {"count": n})
            cells.append(
                f'<td class="mark"><a href="{escape(notes_url)}?{escape(query)}" data-cell '
                f'aria-label="{escape(code)}, {label}: {counted[n]}">{mark}</a></td>'
            )
        off = ' class="off-scale"' if level.off_scale else ""
        rows.append(f'<tr{off}><th scope="row">{label}</th>{"".join(cells)}</tr>')
    return mark_safe(  # noqa: S308 - every value above is escaped
        f'<table class="grid" aria-describedby="summary-{key}">'
        f'<thead><tr><th scope="col">{escape(gettext("Level"))}</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def grid_sections(
    grids: list[StatementGrid], *, notes_url: str, params: dict[str, str]
) -> list[dict[str, Any]]:
    """Per statement what a page shows: its grid, table, summary sentence, N and note count."""
    return [
        {
            "grid": grid,
            "table": grid_table_html(grid, notes_url=notes_url, params=params),
            "summary": summary_sentence(grid),
            "respondents": grid.respondents(),
            "notes": grid.note_total(),
        }
        for grid in grids
    ]
