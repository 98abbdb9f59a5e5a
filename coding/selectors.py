"""Reads of coding, each in a bounded number of queries whatever the study's size.

The codebook tree, the coding views, agreement, and the plain dicts of the study format."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from statements.models import ProfileField, ScaleLevel, Statement, Study

from .agreement import Agreement, compute_agreement
from .filters import CodingFilters
from .models import FINAL_CODER, Code, Coding, Memo, MemoAbout
from .units import Note, Recording, Session, TranscriptSegment


@dataclass
class CodeNode:
    """A code with its depth in the tree, for lists and pickers."""

    code: Code
    depth: int
    path: str  # "Parent / Child": what the type-ahead matches


def code_tree(study: Study) -> list[CodeNode]:
    """The study's codes in tree order (one query)."""
    codes = list(Code.objects.filter(study=study).order_by("position", "id"))
    children: dict[int | None, list[Code]] = defaultdict(list)
    for code in codes:
        children[code.parent_id].append(code)
    out: list[CodeNode] = []

    def walk(parent_id, depth, prefix):
        for code in children.get(parent_id, []):
            path = f"{prefix}{code.name}"
            out.append(CodeNode(code, depth, path))
            walk(code.pk, depth + 1, f"{path} / ")

    walk(None, 0, "")
    return out


def codebook_plain(study: Study) -> list[dict[str, Any]]:
    """The codebook as the study format's tree of plain dicts (one query)."""
    codes = list(Code.objects.filter(study=study).order_by("position", "id"))
    children: dict[int | None, list[Code]] = defaultdict(list)
    for code in codes:
        children[code.parent_id].append(code)

    def plain(code: Code) -> dict[str, Any]:
        item: dict[str, Any] = {"key": code.key, "name": code.name}
        if code.description:
            item["description"] = code.description
        if code.color:
            item["color"] = code.color
        if children.get(code.pk):
            item["children"] = [plain(c) for c in children[code.pk]]
        return item

    return [plain(c) for c in children.get(None, [])]


def _note_ref(note_id_of: Callable[[Any], str] | None):
    return note_id_of or (lambda pk: str(pk))


def codings_plain(
    study: Study, *, note_id_of: Callable[[Any], str] | None = None
) -> list[dict[str, Any]]:
    """The codings of notes as the study format's dicts (transcript lines' codings travel in the
    .qdpx). `note_id_of` maps a Note primary key to the file's note id (default: str(pk))."""
    ref = _note_ref(note_id_of)
    out = []
    rows = (
        Coding.objects.filter(study=study, note__isnull=False)
        .order_by("id")
        .values_list("coder", "code__key", "note_id", "start", "end")
    )
    for coder, key, note_id, start, end in rows:
        item: dict[str, Any] = {"coder": coder, "code": key, "note": ref(note_id)}
        if start is not None:
            item["start"], item["end"] = start, end
        out.append(item)
    return out


def memos_plain(
    study: Study, *, note_id_of: Callable[[Any], str] | None = None
) -> list[dict[str, Any]]:
    """Memos (except those on transcript lines) as the study format's dicts."""
    ref = _note_ref(note_id_of)
    out = []
    rows = (
        Memo.objects.filter(study=study)
        .exclude(about=MemoAbout.SEGMENT)
        .order_by("created_at", "id")
        .values_list(
            "author", "about", "code__key", "note_id", "statement__key", "text", "created_at"
        )
    )
    for author, about, code_key, note_id, statement_key, text, created_at in rows:
        target: dict[str, Any] = {
            "code": {"code": code_key},
            "note": {"note": ref(note_id) if note_id else None},
            "statement": {"statement": statement_key},
            "study": {"study": True},
        }[about]
        out.append(
            {
                "author": author,
                "about": target,
                "text": text,
                "created_at": created_at.isoformat().replace("+00:00", "Z"),
            }
        )
    return out


def unit_key(note_id: Any, segment_id: Any) -> tuple[str, Any]:
    """One key for a unit of agreement: ("note", id) or ("segment", id)."""
    return ("note", note_id) if note_id is not None else ("segment", segment_id)


def study_agreement(study: Study, *, with_disagreements: bool = False) -> Agreement:
    """Agreement of the study's coders (the final coder left out), codes in tree order."""
    rows = Coding.objects.filter(study=study).values_list(
        "coder", "code_id", "note_id", "segment_id"
    )
    tree = code_tree(study)
    key_of = {node.code.pk: node.code.key for node in tree}
    order = [node.code.key for node in tree]
    return compute_agreement(
        ((coder, key_of[code], unit_key(n, s)) for coder, code, n, s in rows),
        code_order=order,
        exclude_coders=[FINAL_CODER],
        with_disagreements=with_disagreements,
    )


def study_coders(study: Study) -> list[str]:
    """Every coder label of the study, sorted."""
    return sorted(set(Coding.objects.filter(study=study).values_list("coder", flat=True)))


def filter_choices(study: Study) -> dict[str, list]:
    """What the filters offer (and accept): codes, coders, sessions, statements, levels, fields."""
    return {
        "code": list(Code.objects.filter(study=study).values_list("key", flat=True)),
        "coder": study_coders(study),
        "session": list(Session.objects.filter(study=study).values_list("name", flat=True)),
        "statement": list(Statement.objects.filter(study=study).values_list("key", flat=True)),
        "level": list(ScaleLevel.objects.filter(study=study).values_list("key", flat=True)),
        "field": list(ProfileField.objects.filter(study=study).values_list("key", flat=True)),
    }


def known_values(study: Study, choices: dict[str, list] | None = None) -> dict[str, set[str]]:
    """The valid values of each filter (the coder is free: a coder may have no codings yet)."""
    choices = choices if choices is not None else filter_choices(study)
    return {k: set(v) for k, v in choices.items() if k != "coder"}


def _note_queryset(study: Study, filters: CodingFilters) -> QuerySet[Note]:
    notes = Note.objects.filter(session__study=study, deleted_at__isnull=True)
    if filters.session:
        notes = notes.filter(session__name=filters.session)
    if filters.statement:
        notes = notes.filter(statement__key=filters.statement)
    if filters.level:
        notes = notes.filter(level__key=filters.level)
    if filters.field:
        notes = notes.filter(**{f"participant__profile__{filters.field}__iexact": filters.value})
    if filters.code:
        having = Coding.objects.filter(code__key=filters.code, study=study)
        if filters.coder:
            having = having.filter(coder=filters.coder)
        notes = notes.filter(pk__in=having.values("note_id"))
    return notes


def _coding_queryset(study: Study, filters: CodingFilters, coder: str | None) -> QuerySet[Coding]:
    codings = Coding.objects.filter(study=study)
    if coder:
        codings = codings.filter(coder=coder)
    if filters.coder:
        codings = codings.filter(coder=filters.coder)
    return codings


@dataclass
class UnitView:
    """A note or transcript line as the coding views show it, with its codings."""

    kind: str
    pk: Any
    text: str
    participant: str
    session: str
    statement: str
    level: str = ""
    level_label: str = ""
    start: float | None = None
    clock: str = ""
    codings: list[dict[str, Any]] = field(default_factory=list)

    @property
    def codings_json(self) -> str:
        return json.dumps(self.codings)


def _coding_dicts(codings: QuerySet[Coding], codes: dict[int, Code], unit: str) -> dict:
    """The codings' plain dicts by unit id, in span order (one query, no model instances)."""
    out: dict[Any, list[dict]] = defaultdict(list)
    rows = codings.order_by("start", "id").values_list(
        "id", "code_id", "coder", unit, "start", "end"
    )
    for pk, code_id, coder, unit_id, start, end in rows:
        code = codes[code_id]
        out[unit_id].append(
            {
                "id": pk,
                "code": code.key,
                "name": code.name,
                "color": code.color,
                "coder": coder,
                "start": start,
                "end": end,
            }
        )
    return out


def statement_view(
    study: Study, statement: Statement, *, filters: CodingFilters, coder: str | None
) -> list[tuple[ScaleLevel, list[tuple[str, list[UnitView]]]]]:
    """A statement's notes grouped by level and participant, each with its codings (only the
    coder's when `coder` is given). Four queries."""
    filters = CodingFilters(**{**filters.__dict__, "statement": statement.key})
    notes = list(
        _note_queryset(study, filters)
        .order_by("level__position", "participant__number", "created_at", "seq")
        .values_list("id", "text", "participant__code", "session__name", "level_id")
    )
    codes = {c.pk: c for c in Code.objects.filter(study=study)}
    codings = _coding_queryset(study, filters, coder).filter(note__statement=statement)
    by_note = _coding_dicts(codings, codes, "note_id")
    levels = list(ScaleLevel.objects.filter(study=study).order_by("position", "id"))
    grouped: dict[int, dict[str, list[UnitView]]] = {lv.pk: {} for lv in levels}
    level_of = {lv.pk: lv for lv in levels}
    for pk, text, participant, session, level_id in notes:
        unit = UnitView(
            kind="note",
            pk=pk,
            text=text,
            participant=participant,
            session=session,
            statement=statement.key,
            level=level_of[level_id].key,
            level_label=level_of[level_id].label,
            codings=by_note.get(pk, []),
        )
        grouped[level_id].setdefault(participant, []).append(unit)
    return [(lv, list(grouped[lv.pk].items())) for lv in levels if grouped[lv.pk]]


def transcript_view(
    study: Study, recording: Recording, *, filters: CodingFilters, coder: str | None
) -> list[UnitView]:
    """A recording's transcript lines with their codings (only the coder's when given)."""
    segments = TranscriptSegment.objects.filter(recording=recording).select_related(
        "speaker__participant", "statement"
    )
    if filters.statement:
        segments = segments.filter(statement__key=filters.statement)
    if filters.code:
        segments = segments.filter(
            pk__in=_coding_queryset(study, filters, None)
            .filter(code__key=filters.code)
            .values("segment_id")
        )
    codes = {c.pk: c for c in Code.objects.filter(study=study)}
    codings = _coding_queryset(study, filters, coder).filter(segment__recording=recording)
    by_segment = _coding_dicts(codings, codes, "segment_id")
    return [
        UnitView(
            kind="segment",
            pk=s.pk,
            text=s.text,
            participant=s.speaker.code if s.speaker else "",
            session=recording.session.name,
            statement=s.statement.key if s.statement else "",
            start=s.start,
            clock=s.clock,
            codings=by_segment.get(s.pk, []),
        )
        for s in segments.order_by("index")
    ]


def memo_list(study: Study, *, search: str = "", about: str = "") -> QuerySet[Memo]:
    """The study's memos, newest first, optionally searched (text, author, target) and by kind."""
    memos = Memo.objects.filter(study=study).select_related(
        "code", "statement", "note__participant"
    )
    if about:
        memos = memos.filter(about=about)
    if search:
        memos = memos.filter(
            Q(text__icontains=search)
            | Q(author__icontains=search)
            | Q(code__key__icontains=search)
            | Q(code__name__icontains=search)
            | Q(statement__key__iexact=search)
        )
    return memos.order_by("-created_at", "-id")
