"""Writes of codings and memos.

One at a time from the pages and the API, or in bulk from plain data (the study file, imports)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from statements.models import Statement, Study

from ..errors import CodingError
from ..models import CODER_MAX, FINAL_CODER, MEMO_TEXT_MAX, Code, Coding, Memo, MemoAbout
from ..units import Note, TranscriptSegment


def coder_label(user, *, as_final: bool = False) -> str:
    """The label a user's codings carry: the username, or the reconciled "final" coder."""
    return FINAL_CODER if as_final else user.get_username()[:CODER_MAX]


def _check_span(text: str, start: int | None, end: int | None, where: str = "") -> None:
    if start is None and end is None:
        return
    if start is None or end is None:
        raise CodingError(_("Give both start and end, or neither (the whole text)."), where=where)
    if not (0 <= start < end <= len(text)):
        raise CodingError(
            _("The span %(start)s..%(end)s is outside the text (0..%(length)s, start before end).")
            % {"start": start, "end": end, "length": len(text)},
            where=where,
        )


def _unit_of(study: Study, note: Any, segment: Any) -> tuple[Note | None, TranscriptSegment | None]:
    if (note is None) == (segment is None):
        raise CodingError(_("Name exactly one unit: a note or a transcript line."), where="unit")
    if note is not None:
        found = (
            note
            if isinstance(note, Note)
            else Note.objects.filter(pk=note, session__study=study, deleted_at__isnull=True).first()
        )
        if found is None or found.session.study_id != study.pk:
            raise CodingError(_("No such note in this study."), where="note")
        return found, None
    found_seg = (
        segment
        if isinstance(segment, TranscriptSegment)
        else TranscriptSegment.objects.filter(pk=segment, recording__session__study=study)
        .select_related("recording__session")
        .first()
    )
    if found_seg is None or found_seg.recording.session.study_id != study.pk:
        raise CodingError(_("No such transcript line in this study."), where="segment")
    return None, found_seg


@transaction.atomic
def coding_create(
    *,
    study: Study,
    code: Code | int,
    user,
    note: Any = None,
    segment: Any = None,
    start: int | None = None,
    end: int | None = None,
    as_final: bool = False,
) -> Coding:
    """A user's coding of a span of a note or a transcript line (no span: the whole of it)."""
    code_obj = code if isinstance(code, Code) else Code.objects.filter(pk=code).first()
    if code_obj is None or code_obj.study_id != study.pk:
        raise CodingError(_("The code is not a code of this study."), where="code")
    note_obj, segment_obj = _unit_of(study, note, segment)
    _check_span((note_obj or segment_obj).text, start, end, where="span")
    coder = coder_label(user, as_final=as_final)
    duplicate = Coding.objects.filter(
        coder=coder, code=code_obj, note=note_obj, segment=segment_obj, start=start, end=end
    )
    if duplicate.exists():
        raise CodingError(
            _("%(coder)s already applied %(code)s to this span.")
            % {"coder": coder, "code": repr(code_obj.key)},
            where="code",
            status=409,
            code="coding_duplicate",
        )
    return Coding.objects.create(
        study=study,
        code=code_obj,
        coder=coder,
        coder_user=user,
        note=note_obj,
        segment=segment_obj,
        start=start,
        end=end,
    )


@transaction.atomic
def coding_delete(*, coding: Coding) -> None:
    """Remove a coding."""
    coding.delete()


def _users_by_name(labels: set[str]) -> dict[str, Any]:
    user_model = get_user_model()
    field = user_model.USERNAME_FIELD
    return {
        getattr(u, field): u for u in user_model.objects.filter(**{f"{field}__in": list(labels)})
    }


def _data_unit(
    study: Study,
    item: Mapping[str, Any],
    here: str,
    notes: dict[str, str],
    note_ids: Mapping[str, Any] | None,
) -> tuple[str | None, int | None, str]:
    """(note pk, segment pk, text) of the unit a coding's data names, or a refusal at its place."""
    if item.get("note") is not None:
        ref = item["note"]
        note_pk = str(note_ids[ref]) if note_ids is not None and ref in note_ids else str(ref)
        if (note_ids is not None and ref not in note_ids) or note_pk not in notes:
            raise CodingError(
                _("No note %(ref)s in this study.") % {"ref": repr(ref)}, where=f"{here}/note"
            )
        return note_pk, None, notes[note_pk]
    if item.get("segment") is not None:
        seg = (
            TranscriptSegment.objects.filter(pk=item["segment"], recording__session__study=study)
            .values_list("id", "text")
            .first()
        )
        if seg is None:
            raise CodingError(_("No such transcript line."), where=f"{here}/segment")
        return None, seg[0], seg[1]
    raise CodingError(_("A coding names a note."), where=f"{here}/note")


def _label(value: Any, where: str) -> str:
    """A coder's or author's label (1-CODER_MAX characters), or a refusal at its place."""
    if not isinstance(value, str) or not (1 <= len(value) <= CODER_MAX):
        values = {"max": CODER_MAX}
        raise CodingError(
            _("An author is a label of 1-%(max)s characters.") % values
            if where.endswith("/author")
            else _("A coder is a label of 1-%(max)s characters.") % values,
            where=where,
        )
    return value


@transaction.atomic
def codings_bulk_create(
    *,
    study: Study,
    codings: Iterable[Mapping[str, Any]],
    note_ids: Mapping[str, Any] | None = None,
) -> list[Coding]:
    """Create codings from plain data, all or nothing:
    `[{"coder": label, "code": KEY, "note": ID | "segment": PK, "start"?: int, "end"?: int}]`.

    `note_ids` maps the data's note ids (the study file's `id`s) to Note primary keys; without it
    `note` is a Note primary key. A coder label that is a username links the coding to that user.
    Errors name the place: `/codings/3/end`.
    """
    codings = list(codings)
    codes = dict(Code.objects.filter(study=study).values_list("key", "id"))
    notes = {
        str(pk): text
        for pk, text in Note.objects.filter(session__study=study).values_list("id", "text")
    }
    users = _users_by_name({str(c.get("coder", "")) for c in codings})
    seen: set[tuple] = set()
    rows = []
    for i, item in enumerate(codings):
        here = f"/codings/{i}"
        coder = _label(item.get("coder"), f"{here}/coder")
        if item.get("code") not in codes:
            raise CodingError(
                _("No code %(code)s in the codebook.") % {"code": repr(item.get("code"))},
                where=f"{here}/code",
            )
        note_pk, segment_pk, text = _data_unit(study, item, here, notes, note_ids)
        start, end = item.get("start"), item.get("end")
        for name, value in (("start", start), ("end", end)):
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                raise CodingError(_("An offset is a whole number."), where=f"{here}/{name}")
        _check_span(text, start, end, where=f"{here}/end")
        identity = (coder, item["code"], note_pk, segment_pk, start, end)
        if identity in seen:
            raise CodingError(_("The same code on the same span twice by one coder."), where=here)
        seen.add(identity)
        rows.append(
            Coding(
                study=study,
                code_id=codes[item["code"]],
                coder=coder,
                coder_user=users.get(coder),
                note_id=note_pk,
                segment_id=segment_pk,
                start=start,
                end=end,
            )
        )
    try:
        return Coding.objects.bulk_create(rows, batch_size=2000)
    except IntegrityError as exc:
        raise CodingError(
            _("The codings could not be saved: %(why)s") % {"why": exc}, where="/codings"
        ) from None


def _clean_memo_text(text: str, where: str = "text") -> str:
    text = (text or "").strip()
    if not (1 <= len(text) <= MEMO_TEXT_MAX):
        raise CodingError(
            _("A memo is 1-%(max)s characters.") % {"max": f"{MEMO_TEXT_MAX:,}"}, where=where
        )
    return text


@transaction.atomic
def memo_create(
    *,
    study: Study,
    user,
    text: str,
    about: str,
    target: Any = None,
    created_at: datetime | None = None,
) -> Memo:
    """A memo by the user about a code, a note, a transcript line, a statement or the study.
    `target` is the object or its primary key (nothing for the study)."""
    memo = Memo(
        study=study,
        about=about,
        author=coder_label(user),
        author_user=user,
        text=_clean_memo_text(text),
        created_at=created_at or timezone.now(),
    )
    _set_memo_target(memo, study, about, target)
    memo.save()
    return memo


def _set_memo_target(memo: Memo, study: Study, about: str, target: Any) -> None:
    pk = getattr(target, "pk", target)
    if about == MemoAbout.STUDY:
        return
    lookups = {
        MemoAbout.CODE: (Code.objects.filter(study=study), "code"),
        MemoAbout.NOTE: (Note.objects.filter(session__study=study), "note"),
        MemoAbout.SEGMENT: (
            TranscriptSegment.objects.filter(recording__session__study=study),
            "segment",
        ),
        MemoAbout.STATEMENT: (Statement.objects.filter(study=study), "statement"),
    }
    if about not in lookups:
        raise CodingError(
            _("A memo is about a code, a note, a segment, a statement or the study."), where="about"
        )
    queryset, field = lookups[about]
    try:
        found = queryset.filter(pk=pk).first() if pk is not None else None
    except (ValueError, TypeError, DjangoValidationError):  # not an id of that kind
        found = None
    if found is None:
        raise CodingError(_("No such %(kind)s in this study.") % {"kind": field}, where="target")
    setattr(memo, field, found)


@transaction.atomic
def memo_update(*, memo: Memo, text: str) -> Memo:
    """Change a memo's text."""
    memo.text = _clean_memo_text(text)
    memo.save(update_fields=["text"])
    return memo


@transaction.atomic
def memo_delete(*, memo: Memo) -> None:
    """Remove a memo."""
    memo.delete()


@transaction.atomic
def memos_bulk_create(
    *,
    study: Study,
    memos: Iterable[Mapping[str, Any]],
    note_ids: Mapping[str, Any] | None = None,
) -> list[Memo]:
    """Create memos from plain data, all or nothing:
    `[{"author": label, "about": {"code": KEY} | {"note": ID} | {"statement": KEY}
    | {"study": true}, "text": str, "created_at"?: datetime}]`. `note_ids` as in
    codings_bulk_create. Errors name the place: `/memos/2/about`."""
    codes = dict(Code.objects.filter(study=study).values_list("key", "id"))
    statements = dict(Statement.objects.filter(study=study).values_list("key", "id"))
    note_pks = {
        str(pk) for pk in Note.objects.filter(session__study=study).values_list("id", flat=True)
    }
    memos = list(memos)
    users = _users_by_name({str(m.get("author", "")) for m in memos})
    rows = []
    for i, item in enumerate(memos):
        here = f"/memos/{i}"
        author = _label(item.get("author"), f"{here}/author")
        about = item.get("about")
        if not isinstance(about, Mapping) or len(about) != 1:
            raise CodingError(_("`about` holds exactly one target."), where=f"{here}/about")
        ((kind, ref),) = about.items()
        memo = Memo(
            study=study,
            about=kind,
            author=author,
            author_user=users.get(author),
            text=_clean_memo_text(item.get("text", ""), where=f"{here}/text"),
            created_at=item.get("created_at") or timezone.now(),
        )
        if kind == "code" and ref in codes:
            memo.code_id = codes[ref]
        elif kind == "statement" and ref in statements:
            memo.statement_id = statements[ref]
        elif kind == "note":
            pk = str(note_ids[ref]) if note_ids is not None and ref in note_ids else str(ref)
            if (note_ids is not None and ref not in note_ids) or pk not in note_pks:
                raise CodingError(
                    _("No note %(ref)s in this study.") % {"ref": repr(ref)},
                    where=f"{here}/about/note",
                )
            memo.note_id = pk
        elif (
            kind == "segment"
            and TranscriptSegment.objects.filter(pk=ref, recording__session__study=study).exists()
        ):
            memo.segment_id = ref
        elif kind == "study" and ref is True:
            pass
        else:
            raise CodingError(
                _("No %(kind)s %(ref)s in this study.") % {"kind": kind, "ref": repr(ref)},
                where=f"{here}/about/{kind}",
            )
        rows.append(memo)
    return Memo.objects.bulk_create(rows, batch_size=2000)
