"""Reading a study back into the interchange format, in a fixed number of queries.

Optional fields are written only when they carry information, so that exporting an imported file
gives the same document back.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sessions.models import NOTE_ORDER, Note, Participant, Session
from statements.models import Study

from .parts import coding, phases
from .validation import FORMAT_NAME, FORMAT_VERSION


def study_export(*, study: Study) -> dict[str, Any]:
    """The study as a format-version-2 document (a dict ready for json.dumps); every note has an
    id, and the optional parts come from their modules (studyfiles/parts/), in the spec's order,
    each written only when it is not empty."""
    levels = list(study.scale_levels.order_by("position", "id"))
    fields = list(study.profile_fields.order_by("position", "id"))
    statements = list(study.statements.order_by("position", "id"))
    body: dict[str, Any] = {"title": study.title}
    if study.description:
        body["description"] = study.description
    if study.consent_text:
        body["consent_text"] = study.consent_text
    phase_part = phases.export(study=study)
    # A study of phase tracking alone leaves out its (empty) scale and statements.
    if levels or "phases" not in phase_part:
        body["scale"] = [_level(lv) for lv in levels]
    if fields:
        body["profile_fields"] = [_field(f) for f in fields]
    if statements or "phases" not in phase_part:
        body["statements"] = [_statement(st) for st in statements]
    sessions, note_ids = _sessions(
        study=study,
        level_keys={lv.pk: lv.key for lv in levels},
        statement_keys={st.pk: st.key for st in statements},
        field_keys=[f.key for f in fields],
    )
    if sessions:
        body["sessions"] = sessions
    coding_part = coding.export(study=study, note_id_of=note_ids.get)
    # One list of memos: the coding app's and the phases app's, in the order they were written.
    memos = coding_part.pop("memos", []) + phase_part.pop("memos", [])
    memos.sort(key=lambda memo: datetime.fromisoformat(memo["created_at"]))
    body.update(coding_part)
    if memos:
        body["memos"] = memos
    body.update(phase_part)
    return {"format": FORMAT_NAME, "version": FORMAT_VERSION, "study": body}


def study_export_json(*, study: Study) -> str:
    """The study file as UTF-8-ready text: indented by 2, non-ASCII kept, trailing newline."""
    return json.dumps(study_export(study=study), indent=2, ensure_ascii=False) + "\n"


def _level(level) -> dict[str, Any]:
    item: dict[str, Any] = {"key": level.key, "label": level.label}
    if level.off_scale:
        item["off_scale"] = True
    return item


def _field(field) -> dict[str, Any]:
    item: dict[str, Any] = {"key": field.key, "label": field.label, "type": field.type}
    if field.type == "choice":
        item["choices"] = list(field.choices)
    if field.required:
        item["required"] = True
    return item


def _statement(statement) -> dict[str, Any]:
    item: dict[str, Any] = {"key": statement.key}
    if statement.title:
        item["title"] = statement.title
    item["text"] = statement.text
    return item


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _sessions(
    *,
    study: Study,
    level_keys: dict[int, str],
    statement_keys: dict[int, str],
    field_keys: list[str],
) -> tuple[list[dict[str, Any]], dict[Any, str]]:
    """The sessions as the format's dicts, and the id each exported note has by its primary key."""
    sessions = list(Session.objects.filter(study=study).order_by("position", "id"))
    participants, codes = _participants(study=study, field_keys=field_keys)
    keys = {"participant": codes, "statement": statement_keys, "level": level_keys}
    notes, note_ids = _notes(study=study, keys=keys)
    result = []
    for s in sessions:
        item: dict[str, Any] = {"name": s.name}
        if s.held_on:
            item["held_on"] = s.held_on.isoformat()
        if participants.get(s.pk):
            item["participants"] = participants[s.pk]
        if notes.get(s.pk):
            item["notes"] = notes[s.pk]
        result.append(item)
    return result, note_ids


def _participants(
    *, study: Study, field_keys: list[str]
) -> tuple[dict[int, list[dict[str, Any]]], dict[int, str]]:
    """The participants as the format's dicts by session id, and their codes by primary key."""
    participants: dict[int, list[dict[str, Any]]] = {}
    codes: dict[int, str] = {}
    # Erased withdrawals are tombstones; anonymised ones appear under their neutral code.
    for p in (
        Participant.objects.filter(study=study)
        .exclude(withdrawal="erased")
        .order_by("number", "id")
    ):
        codes[p.pk] = p.code
        item: dict[str, Any] = {"code": p.code, "color": p.color}
        # Profile in the form's order; answers to fields that no longer exist are left out.
        profile = {key: p.profile[key] for key in field_keys if key in (p.profile or {})}
        if profile:
            item["profile"] = profile
        participants.setdefault(p.session_id, []).append(item)
    return participants, codes


def _notes(
    *, study: Study, keys: dict[str, dict[int, str]]
) -> tuple[dict[int, list[dict[str, Any]]], dict[Any, str]]:
    """The live notes as the format's dicts by session id (in creation order), and the id each
    has in the file by primary key. `keys` maps participant, statement and level ids to keys."""
    rows = (
        Note.objects.filter(session__study=study, deleted_at__isnull=True)
        # Session by session (new ids are given in this order), each in creation order.
        .order_by("session__position", "session_id", *NOTE_ORDER, "id")
        .values_list(
            "id", "file_id", "session_id", "participant_id", "statement_id", "level_id", "text",
            "created_at",
        )
    )  # fmt: skip
    # Ids of deleted notes are never given again either: a memo elsewhere may still name them.
    ids = _NoteIds(
        set(
            Note.objects.filter(session__study=study)
            .exclude(file_id="")
            .values_list("file_id", flat=True)
        )
    )
    notes: dict[int, list[dict[str, Any]]] = {}
    note_ids: dict[Any, str] = {}
    for pk, file_id, session_id, participant_id, statement_id, level_id, text, created_at in rows:
        note_ids[pk] = file_id or ids.next()
        note: dict[str, Any] = {
            "id": note_ids[pk],
            "participant": keys["participant"][participant_id],
            "statement": keys["statement"][statement_id],
            "level": keys["level"][level_id],
            "text": text,
        }
        if created_at is not None:
            note["created_at"] = _timestamp(created_at)
        notes.setdefault(session_id, []).append(note)
    return notes, note_ids


class _NoteIds:
    """Ids for notes that have none (written live, or imported from version 1): n1, n2, … skipping
    the ids imported notes keep."""

    def __init__(self, taken: set[str]) -> None:
        self.taken, self.count = taken, 0

    def next(self) -> str:
        while True:
            self.count += 1
            candidate = f"n{self.count}"
            if candidate not in self.taken:
                return candidate
