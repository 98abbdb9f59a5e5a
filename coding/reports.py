"""Matrices and the quotes report, built from the study's codings under the filters.

Each report is a list of Tables (a title, a header and rows of plain values) so that one set of
writers (exporters.py) serves them all; the quotes report also keeps its quotes for paper-ready
Markdown, LaTeX and DOCX.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import combinations
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from statements.models import ProfileField, ScaleLevel, Statement, Study

from .filters import CodingFilters
from .models import Coding
from .selectors import code_tree


def headings(*names: str) -> list[str]:
    """Column headings in the active language, named by their English words (the reports'
    headings, in every export format, speak the reader's language)."""
    words = {
        "code": pgettext("report column", "code"),
        "name": pgettext("report column", "name"),
        "quote": pgettext("report column", "quote"),
        "participant": pgettext("report column", "participant"),
        "participants": pgettext("report column", "participants"),
        "notes": pgettext("report column", "notes"),
        "session": pgettext("report column", "session"),
        "statement": pgettext("report column", "statement"),
        "level": pgettext("report column", "level"),
        "side": pgettext("report column", "side"),
        "coder": pgettext("report column", "coder"),
        "time": pgettext("report column", "time"),
        "link": pgettext("report column", "link"),
        "field": pgettext("report column", "field"),
        "value": pgettext("report column", "value"),
    }
    return [words[name] for name in names]


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[Any]]


@dataclass
class Quote:
    code: str
    code_name: str
    text: str
    participant: str
    session: str
    statement: str
    level: str
    coder: str
    time: str = ""
    link: str = ""


@dataclass
class Report:
    title: str
    tables: list[Table]
    quotes: list[Quote] = field(default_factory=list)


def level_sides(levels: list[ScaleLevel]) -> dict[str, str]:
    """agree / neutral / disagree / off-scale per level key: the on-scale levels run from the most
    agreeing to the most disagreeing as the study lists them; a middle one is neutral."""
    on = [lv for lv in levels if not lv.off_scale]
    sides = {lv.key: "off-scale" for lv in levels if lv.off_scale}
    half = len(on) / 2
    for i, lv in enumerate(on):
        sides[lv.key] = "agree" if i + 0.5 < half else "disagree" if i + 0.5 > half else "neutral"
    return sides


def _codings(study: Study, filters: CodingFilters):
    codings = Coding.objects.filter(study=study)
    if filters.coder:
        codings = codings.filter(coder=filters.coder)
    if filters.code:
        codings = codings.filter(code__key=filters.code)
    if filters.session:
        codings = codings.filter(**{"note__session__name": filters.session}) | codings.filter(
            segment__recording__session__name=filters.session
        )
    if filters.statement:
        codings = codings.filter(note__statement__key=filters.statement) | codings.filter(
            segment__statement__key=filters.statement
        )
    if filters.level:
        codings = codings.filter(note__level__key=filters.level)
    if filters.field:
        codings = codings.filter(
            **{f"note__participant__profile__{filters.field}__iexact": filters.value}
        )
    return codings


def code_statement_level_matrix(study: Study, filters: CodingFilters) -> Report:
    """Per code, statement and level: participants and notes carrying the code (notes only)."""
    levels = list(ScaleLevel.objects.filter(study=study).order_by("position", "id"))
    sides = level_sides(levels)
    statements = list(Statement.objects.filter(study=study).order_by("position", "id"))
    rows = (
        _codings(study, filters)
        .filter(note__isnull=False)
        .values_list(
            "code__key",
            "note__statement__key",
            "note__level__key",
            "note_id",
            "note__participant_id",
        )
    )
    notes: dict[tuple, set] = defaultdict(set)
    people: dict[tuple, set] = defaultdict(set)
    for code, statement, level, note, participant in rows:
        notes[code, statement, level].add(note)
        people[code, statement, level].add(participant)
    by_participants, by_notes = [], []
    for node in code_tree(study):
        for st in statements:
            for lv in levels:
                cell = (node.code.key, st.key, lv.key)
                if cell in notes:
                    base = [node.code.key, st.key, lv.label, sides[lv.key]]
                    by_participants.append([*base, len(people[cell])])
                    by_notes.append([*base, len(notes[cell])])
    header = ["code", "statement", "level", "side"]
    return Report(
        title=gettext("%(study)s: codes by statement and level") % {"study": study.title},
        tables=[
            Table(gettext("By participants"), headings(*header, "participants"), by_participants),
            Table(gettext("By notes"), headings(*header, "notes"), by_notes),
        ],
    )


def co_occurrence_matrix(study: Study, filters: CodingFilters) -> Report:
    """Per pair of codes: the units (notes and transcript lines) where both were applied."""
    units: dict[str, set[str]] = defaultdict(set)
    for code, note, segment in _codings(study, filters).values_list(
        "code__key", "note_id", "segment_id"
    ):
        units[f"{note}" if note else f"s{segment}"].add(code)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for codes in units.values():
        for a, b in combinations(sorted(codes), 2):
            counts[a, b] += 1
            counts[b, a] += 1
        for a in codes:
            counts[a, a] += 1
    keys = [n.code.key for n in code_tree(study)]
    rows = [[a, *[counts.get((a, b), 0) for b in keys]] for a in keys]
    return Report(
        title=gettext("%(study)s: code co-occurrence (same unit)") % {"study": study.title},
        tables=[Table(gettext("Co-occurrence"), [*headings("code"), *keys], rows)],
    )


def code_profile_matrix(study: Study, filters: CodingFilters) -> Report:
    """Per code and profile field value: participants whose notes carry the code."""
    fields = list(ProfileField.objects.filter(study=study).order_by("position", "id"))
    rows_db = (
        _codings(study, filters)
        .filter(note__isnull=False)
        .values_list("code__key", "note__participant_id", "note__participant__profile")
    )
    cells: dict[tuple[str, str, str], set] = defaultdict(set)
    for code, participant, profile in rows_db:
        for f in fields:
            value = (profile or {}).get(f.key)
            cells[code, f.key, "" if value is None else str(value)].add(participant)
    rows = [
        [node.code.key, f.label, value, len(who)]
        for node in code_tree(study)
        for f in fields
        for (code, key, value), who in sorted(cells.items())
        if code == node.code.key and key == f.key
    ]
    return Report(
        title=gettext("%(study)s: codes by participant profile") % {"study": study.title},
        tables=[
            Table(
                gettext("By profile field"),
                headings("code", "field", "value", "participants"),
                rows,
            )
        ],
    )


def _clock(seconds: float) -> str:
    whole = int(max(seconds, 0))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


QUOTE_HEADER = [
    "code", "name", "quote", "participant", "session", "statement", "level", "coder", "time",
    "link",
]  # fmt: skip


def quotes_report(study: Study, filters: CodingFilters, *, base_url: str = "") -> Report:
    """Per code (tree order) its coded spans with participant, session, statement, level and, for
    transcript lines, the time and a link that plays it (absolute under `base_url`)."""
    codings = _codings(study, filters).select_related(
        "code",
        "note__participant",
        "note__session",
        "note__statement",
        "note__level",
        "segment__recording__session",
        "segment__speaker__participant",
        "segment__statement",
    )
    order = {node.code.pk: i for i, node in enumerate(code_tree(study))}

    def position(c: Coding) -> tuple:
        # Per code: notes (in board order), then transcript lines; spans by start, then end.
        unit = c.note or c.segment
        start = c.start if c.start is not None else 0
        end = c.end if c.end is not None else len(unit.text)
        if c.note_id:
            # Board order: notes imported without a time first, then the timed ones.
            created = c.note.created_at
            when = (created is not None, created or datetime.min.replace(tzinfo=UTC))
            return (order.get(c.code_id, 0), 0, when, c.note.seq, 0, start, end, c.pk)
        return (order.get(c.code_id, 0), 1, (False, None), 0, c.segment_id, start, end, c.pk)

    quotes = [_quote(c, base_url) for c in sorted(codings, key=position)]
    rows = [
        [q.code, q.code_name, q.text, q.participant, q.session, q.statement, q.level, q.coder,
         q.time, q.link]
        for q in quotes
    ]  # fmt: skip
    return Report(
        title=gettext("%(study)s: quotes") % {"study": study.title},
        tables=[Table(gettext("Quotes"), headings(*QUOTE_HEADER), rows)],
        quotes=quotes,
    )


def _quote(c: Coding, base_url: str) -> Quote:
    """One coded span of a note, or of a transcript line (with its time and a link to play it)."""
    if c.note_id:
        n = c.note
        text = n.text[c.start : c.end] if c.start is not None else n.text
        return Quote(
            c.code.key,
            c.code.name,
            text,
            n.participant.code,
            n.session.name,
            n.statement.key,
            n.level.label,
            c.coder,
        )
    s = c.segment
    text = s.text[c.start : c.end] if c.start is not None else s.text
    link = base_url.rstrip("/") + reverse("recording-audio", args=[s.recording_id])
    link += f"#t={s.start:.1f}"
    return Quote(
        c.code.key,
        c.code.name,
        text,
        s.speaker.code if s.speaker else "",
        s.recording.session.name,
        s.statement.key if s.statement else "",
        "",
        c.coder,
        _clock(s.start),
        link,
    )


REPORTS = {
    "quotes": quotes_report,
    "code-statement-level": code_statement_level_matrix,
    "co-occurrence": co_occurrence_matrix,
    "code-profile": code_profile_matrix,
}


REPORT_LABELS = {
    "quotes": _("Quotes"),
    "code-statement-level": _("Codes by statement and level"),
    "co-occurrence": _("Code co-occurrence"),
    "code-profile": _("Codes by profile field"),
}
