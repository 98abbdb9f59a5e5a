"""Text exports: the JSON document of the issue, tidy and wide CSV, and Markdown tables.

The language rule of every export (docs/analysis.md): what scripts read (CSV columns, JSON keys,
XLSX headers and sheet names, the API's table) stays stable English; what people read (the
summaries, and the Markdown and LaTeX documents' headings and table headers) is in the language of
the request."""

from __future__ import annotations

import csv
import io
import json
import re
import string
from typing import Any

from django.utils.translation import gettext, pgettext

from focusgroup.text import LINE_BREAKS

from ..dataset import StudyData
from ..grids import StatementGrid
from ..summary import summary_sentence

NOTE_COLUMNS = [
    "session",
    "participant",
    "statement",
    "level",
    "text",
    "created_at",
    "updated_at",
]


def grid_document(data: StudyData, grids: list[StatementGrid]) -> dict[str, Any]:
    """The grids as one JSON-ready document; every list in study order."""
    return {
        "study": data.title,
        "scale": [lv.key for lv in data.levels],
        "participants": [p.code for p in data.participants],
        "statements": [
            {
                "key": g.statement.key,
                "title": g.statement.title,
                "grid": g.level_participants(),
                "counts": g.counts,
                "summary": summary_sentence(g),
            }
            for g in grids
        ],
    }


def json_export(data: StudyData, grids: list[StatementGrid]) -> bytes:
    """The grid document as UTF-8 JSON."""
    return json.dumps(grid_document(data, grids), ensure_ascii=False, indent=2).encode()


# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """Text that a spreadsheet shows as written: a leading formula character gets a quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _iso(value) -> str:
    return value.isoformat().replace("+00:00", "Z") if value is not None else ""


def csv_notes_export(data: StudyData, grids: list[StatementGrid]) -> bytes:
    """Tidy CSV: one row per note, with session, participant, statement, level and times."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(NOTE_COLUMNS)
    known = {p.code for p in data.participants}
    writer.writerows(
        [
            csv_safe(n.session),
            n.participant,
            n.statement,
            n.level,
            csv_safe(n.text),
            _iso(n.created_at),
            _iso(n.updated_at),
        ]
        for n in data.notes
        if n.participant in known
    )
    return out.getvalue().encode()


def csv_wide_export(data: StudyData, grids: list[StatementGrid]) -> bytes:
    """Wide CSV: a row per statement and level, a column per participant, notes in the cells."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    codes = [p.code for p in data.participants]
    writer.writerow(["statement", "level", *codes])
    for g in grids:
        for lv in g.levels:
            writer.writerow([g.statement.key, lv.key, *[g.count(c, lv.key) or "" for c in codes]])
    return out.getvalue().encode()


def cell_mark(count: int) -> str:
    """What a grid cell shows: nothing, a mark for one note, the count for more."""
    return "" if count == 0 else "X" if count == 1 else str(count)


# "&" stays as written: it starts a character reference only before a name and ";", and ";" is
# always escaped, so `Oil & gas` reads as written instead of `Oil &amp; gas` (or `Oil \& gas`).
_MD_ESCAPED = frozenset(string.punctuation) - {"&"}


def md_escape(text: Any) -> str:
    """Participants' words as Markdown text, never markup: HTML, images, links, emphasis, tables.

    Every ASCII punctuation character but "&" is backslash-escaped (CommonMark allows it for all
    of them), so no `<tag>`, `![..](..)`, `[..](..)`, `<url>` or bare `www.`/`https:` autolink
    survives, and line breaks become spaces so that a row stays one row.
    """
    text = LINE_BREAKS.sub(" ", str(text if text is not None else ""))
    return "".join(f"\\{ch}" if ch in _MD_ESCAPED else ch for ch in text)


_md = md_escape
# What may start markup inside a sentence; its commas, semicolons and full stop stay readable.
_PROSE_ESCAPED = frozenset("\\`*_[]<>!#|~")


def md_prose(text: str) -> str:
    """A sentence of ours (a summary built from level labels) as Markdown text: no markup, no
    line break, but no backslash before every comma either."""
    text = LINE_BREAKS.sub(" ", text)
    return "".join(f"\\{ch}" if ch in _PROSE_ESCAPED else ch for ch in text)


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(_md(h) for h in header) + " |"]
    lines.append("|" + "|".join(["---"] * len(header)) + "|")
    lines.extend("| " + " | ".join(_md(c) for c in row) + " |" for row in rows)
    return lines


def markdown_export(data: StudyData, grids: list[StatementGrid]) -> bytes:
    """Markdown: a table per statement laid out like the paper's figures, then the participants."""
    lines = [f"# {_md(data.title)}", ""]
    codes = [p.code for p in data.participants]
    for g in grids:
        lines += [f"## {_md(g.statement.key)}: {_md(g.statement.title)}", ""]
        if g.statement.text:
            lines += [f"> {_md(g.statement.text)}", ""]
        rows = [[lv.label, *[cell_mark(g.count(c, lv.key)) for c in codes]] for lv in g.levels]
        lines += _md_table([gettext("Level"), *codes], rows)
        lines += ["", md_prose(summary_sentence(g)), ""]
    lines += ["## " + _md(gettext("Participants")), ""]
    lines += _md_table(*people_table(data))
    if data.apart:
        apart = ", ".join(f"{_md(p.code)} ({_md(apart_reason(p.apart))})" for p in data.apart)
        lines += ["", gettext("Not counted in the grids: %(list)s.") % {"list": apart}]
    return ("\n".join(lines) + "\n").encode()


def answer_value(value: Any, *, field_type: str) -> str | int | float | None:
    """A profile answer as a spreadsheet cell: numbers stay numbers (a whole-number field's
    answer written as digits too), everything else is text; None when unanswered."""
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if field_type == "integer" and isinstance(value, str) and _WHOLE.fullmatch(value.strip()):
        return int(value.strip())
    return str(value)


_WHOLE = re.compile(r"[-+]?\d{1,15}")


def participant_rows(data: StudyData) -> tuple[list[str], list[list[str | int | float | None]]]:
    """The paper's Table 1 with typed cells: a row per participant, session, every answer."""
    header = ["Participant", "Session", *[f.label for f in data.profile_fields]]
    rows = [
        [
            p.code,
            p.session,
            *[answer_value(p.profile.get(f.key), field_type=f.type) for f in data.profile_fields],
        ]
        for p in data.participants
    ]
    return header, rows


def participant_table(data: StudyData) -> tuple[list[str], list[list[str]]]:
    """The paper's Table 1 as text: a row per participant with session and every profile field."""
    header, rows = participant_rows(data)
    return header, [["" if c is None else str(c) for c in row] for row in rows]


def people_table(data: StudyData) -> tuple[list[str], list[list[str]]]:
    """Table 1 for people (the page, Markdown, LaTeX): its own headers in the reader's language,
    the profile fields' labels as the study wrote them."""
    header, rows = participant_table(data)
    return [gettext("Participant"), gettext("Session"), *header[2:]], rows


def apart_reason(why: str) -> str:
    """Why a participant is left out of the grids, in the reader's language."""
    reasons = {
        "removed": pgettext("participant left out", "removed"),
        "never joined": pgettext("participant left out", "never joined"),
    }
    return reasons.get(why, why)
