"""REFI-QDA project export (.qdpx): notes and transcripts as text sources, participants as cases
with their profile as variables, the codebook, codings as selections with their coder as user,
memos as notes. project.qde validates against Project-mrt2019.xsd."""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict
from datetime import UTC, datetime

from lxml import etree

from statements.models import FieldType, ProfileField, Study

from ..models import Coding, Memo, MemoAbout
from ..units import Note, Participant, Recording, TranscriptSegment
from .codebook import append_codes, code_guid, guid
from .safe import PROJECT_NS, schema

NS = PROJECT_NS


def _e(parent, tag: str, **attrs) -> etree._Element:
    return etree.SubElement(parent, f"{{{NS}}}{tag}", {k: str(v) for k, v in attrs.items()})


def _when(moment: datetime | None) -> str:
    return (moment or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def export_qdpx(study: Study, *, validate: bool = True) -> bytes:
    """The study as a REFI-QDA project archive (bytes of a zip)."""
    codings = list(
        Coding.objects.filter(study=study).values_list(
            "pk", "coder", "code_id", "note_id", "segment_id", "start", "end", "created_at"
        )
    )
    memos = list(
        Memo.objects.filter(study=study)
        .select_related("code", "statement")
        .order_by("created_at", "id")
    )
    coders = sorted({c[1] for c in codings} | {m.author for m in memos})
    user_guid = {label: guid("user", study.pk, label) for label in coders}
    memo_guid = {m.pk: guid("memo", m.pk) for m in memos}
    memos_on: dict[tuple[str, object], list[str]] = defaultdict(list)
    for m in memos:
        target = {
            MemoAbout.CODE: m.code_id,
            MemoAbout.NOTE: m.note_id and str(m.note_id),
            MemoAbout.SEGMENT: m.segment_id,
            MemoAbout.STATEMENT: m.statement_id,
            MemoAbout.STUDY: None,
        }[m.about]
        memos_on[m.about, target].append(memo_guid[m.pk])

    root = etree.Element(
        f"{{{NS}}}Project",
        nsmap={None: NS},
        name=study.title,
        origin="focusgroup",
        creationDateTime=_when(study.created_at),
    )
    if coders:
        users = _e(root, "Users")
        for label in coders:
            _e(users, "User", guid=user_guid[label], name=label)
    codebook = _e(root, "CodeBook")
    codes = _e(codebook, "Codes")
    code_memos = {t: g for (kind, t), g in memos_on.items() if kind == MemoAbout.CODE}
    if not append_codes(codes, NS, study, note_refs=code_memos):
        root.remove(codebook)

    fields = list(ProfileField.objects.filter(study=study).order_by("position", "id"))
    variable_guid = {f.key: guid("variable", study.pk, f.key) for f in fields}
    if fields:
        variables = _e(root, "Variables")
        for f in fields:
            kind = "Integer" if f.type == FieldType.INTEGER else "Text"
            variable = _e(
                variables, "Variable", guid=variable_guid[f.key], name=f.label, typeOfVariable=kind
            )
            _e(variable, "Description").text = f.key

    notes = list(
        Note.objects.filter(session__study=study, deleted_at__isnull=True)
        .select_related("participant", "session", "statement", "level")
        .order_by("created_at", "seq")
    )
    segments = list(
        TranscriptSegment.objects.filter(recording__session__study=study)
        .select_related("recording__session")
        .order_by("recording_id", "index")
    )
    note_source = {str(n.pk): guid("note", n.pk) for n in notes}
    participants = list(Participant.objects.filter(study=study).order_by("number", "id"))
    sources_of: dict[int, list[str]] = defaultdict(list)
    for n in notes:
        sources_of[n.participant_id].append(note_source[str(n.pk)])
    if participants:
        cases = _e(root, "Cases")
        for p in participants:
            case = _e(cases, "Case", guid=guid("case", p.pk), name=p.code)
            for f in fields:
                value = (p.profile or {}).get(f.key)
                if value is None or value == "":
                    continue
                vv = _e(case, "VariableValue")
                _e(vv, "VariableRef", targetGUID=variable_guid[f.key])
                is_int = f.type == FieldType.INTEGER and isinstance(value, int)
                _e(vv, "IntegerValue" if is_int else "TextValue").text = str(value)
            for source in sources_of.get(p.pk, []):
                _e(case, "SourceRef", targetGUID=source)

    by_note: dict[str, list] = defaultdict(list)
    by_segment: dict[int, list] = defaultdict(list)
    for c in codings:
        if c[3] is not None:
            by_note[str(c[3])].append(c)
        else:
            by_segment[c[4]].append(c)

    files: dict[str, str] = {}
    sources = _e(root, "Sources")

    def add_selections(source, unit_codings, length, offset, unit_memos=()):
        for pk, coder, code_id, _n, _s, start, end, created in unit_codings:
            lo, hi = (0, length) if start is None else (start, end)
            sel = _e(
                source,
                "PlainTextSelection",
                guid=guid("selection", pk),
                startPosition=offset + lo,
                endPosition=offset + hi,
                creatingUser=user_guid[coder],
                creationDateTime=_when(created),
            )
            coding = _e(sel, "Coding", guid=guid("coding", pk), creatingUser=user_guid[coder])
            _e(coding, "CodeRef", targetGUID=code_guid(code_id))
        for segment_pk, lo, hi in unit_memos:
            sel = _e(
                source,
                "PlainTextSelection",
                guid=guid("segment", segment_pk),
                startPosition=offset + lo,
                endPosition=offset + hi,
            )
            for memo in memos_on.get((MemoAbout.SEGMENT, segment_pk), []):
                _e(sel, "NoteRef", targetGUID=memo)

    for n in notes:
        source_guid = note_source[str(n.pk)]
        files[source_guid] = n.text
        source = _e(
            sources,
            "TextSource",
            guid=source_guid,
            name=f"{n.participant.code} {n.statement.key} {n.level.key} {str(n.pk)[:8]}",
            plainTextPath=f"internal://{source_guid}.txt",
            creationDateTime=_when(n.created_at),
        )
        _e(
            source, "Description"
        ).text = f"{n.participant.code}, {n.session.name}, {n.statement.key}, {n.level.label}"
        add_selections(source, by_note.get(str(n.pk), []), len(n.text), 0)
        for memo in memos_on.get((MemoAbout.NOTE, str(n.pk)), []):
            _e(source, "NoteRef", targetGUID=memo)

    by_recording: dict[int, list[TranscriptSegment]] = defaultdict(list)
    for s in segments:
        by_recording[s.recording_id].append(s)
    recordings = {
        r.pk: r
        for r in Recording.objects.filter(pk__in=list(by_recording)).select_related("session")
    }
    for recording_id, lines in by_recording.items():
        recording = recordings[recording_id]
        source_guid = guid("recording", recording_id)
        text_parts, offset = [], 0
        source = _e(
            sources,
            "TextSource",
            guid=source_guid,
            name=f"Transcript: {recording.session.name}, {recording.original_name}",
            plainTextPath=f"internal://{source_guid}.txt",
        )
        _e(source, "Description").text = f"Transcript of {recording.original_name}"
        for s in lines:
            memo_units = [(s.pk, 0, len(s.text))] if memos_on.get((MemoAbout.SEGMENT, s.pk)) else []
            add_selections(source, by_segment.get(s.pk, []), len(s.text), offset, memo_units)
            text_parts.append(s.text)
            offset += len(s.text) + 1  # the "\n" between lines
        files[source_guid] = "\n".join(text_parts)
    if not len(sources):
        root.remove(sources)

    if memos:
        notes_element = _e(root, "Notes")
        for m in memos:
            label = f"Memo on the {m.get_about_display().lower()}"
            if m.code_id:
                label = f"Memo on code {m.code.key}"
            elif m.statement_id:
                label = f"Memo on statement {m.statement.key}"
            memo = _e(
                notes_element,
                "Note",
                guid=memo_guid[m.pk],
                name=label,
                creatingUser=user_guid[m.author],
                creationDateTime=_when(m.created_at),
            )
            _e(memo, "PlainTextContent").text = m.text
    for memo in memos_on.get((MemoAbout.STUDY, None), []):
        _e(root, "NoteRef", targetGUID=memo)

    if validate and not schema("Project-mrt2019.xsd").validate(root):
        raise ValueError(f"Export not valid: {schema('Project-mrt2019.xsd').error_log.last_error}")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr(
            "project.qde",
            etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True),
        )
        for name, text in files.items():
            archive.writestr(f"sources/{name}.txt", text.encode())
    return out.getvalue()
