"""REFI-QDA project export (.qdpx).

Notes and transcripts as text sources, participants as cases with their profile as variables, the
codebook, codings as selections with their coder as user, memos as notes. project.qde validates
against Project-mrt2019.xsd (the tests check every export)."""

from __future__ import annotations

import functools
import io
import zipfile
from collections import defaultdict
from datetime import UTC, datetime

from lxml import etree

from statements.models import FieldType, ProfileField, Study

from ..models import Coding, Memo, MemoAbout
from ..units import NOTE_ORDER, Note, Participant, Recording, TranscriptSegment
from .codebook import append_codes, code_guid, guid, name_guid
from .safe import PROJECT_NS, schema

NS = PROJECT_NS
T = {name: f"{{{NS}}}{name}" for name in (
    "Users", "User", "CodeBook", "Codes", "Variables", "Variable", "Description", "Cases", "Case",
    "VariableValue", "VariableRef", "IntegerValue", "TextValue", "SourceRef", "Sources",
    "TextSource", "PlainTextSelection", "Coding", "CodeRef", "NoteRef", "Notes", "Note",
    "PlainTextContent",
)}  # fmt: skip
SubElement = etree.SubElement


def _when(moment: datetime | None) -> str:
    return (moment or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _memo_targets(memos: list[Memo]) -> dict[tuple[str, object], list[str]]:
    targets: dict[tuple[str, object], list[str]] = defaultdict(list)
    for m in memos:
        target = {
            MemoAbout.CODE: m.code_id,
            MemoAbout.NOTE: m.note_id and str(m.note_id),
            MemoAbout.SEGMENT: m.segment_id,
            MemoAbout.STATEMENT: m.statement_id,
            MemoAbout.STUDY: None,
        }[m.about]
        targets[m.about, target].append(guid("memo", m.pk))
    return targets


def export_qdpx(study: Study, *, validate: bool = False) -> bytes:
    """The study as a REFI-QDA project archive (bytes of a zip)."""
    codings = list(
        Coding.objects.filter(study=study).values_list(
            "pk", "coder", "code_id", "note_id", "segment_id", "start", "end"
        )
    )
    memos = list(
        Memo.objects.filter(study=study)
        .select_related("code", "statement")
        .order_by("created_at", "id")
    )
    coders = sorted({c[1] for c in codings} | {m.author for m in memos})
    user_guid = {label: name_guid("user", study.pk, label) for label in coders}
    memos_on = _memo_targets(memos)
    root = etree.Element(
        f"{{{NS}}}Project",
        nsmap={None: NS},
        name=study.title,
        origin="focusgroup",
        creationDateTime=_when(study.created_at),
    )
    if coders:
        users = SubElement(root, T["Users"])
        for label in coders:
            SubElement(users, T["User"], guid=user_guid[label], name=label)
    codebook = SubElement(root, T["CodeBook"])
    code_memos = {t: g for (kind, t), g in memos_on.items() if kind == MemoAbout.CODE}
    if not append_codes(SubElement(codebook, T["Codes"]), NS, study, note_refs=code_memos):
        root.remove(codebook)
    notes = _notes(study)
    _add_variables_and_cases(root, study, notes)
    by_note: dict = defaultdict(list)
    by_segment: dict[int, list] = defaultdict(list)
    for c in codings:
        (by_note[c[3]] if c[3] is not None else by_segment[c[4]]).append(c)
    files: dict[str, str] = {}
    sources = SubElement(root, T["Sources"])
    add_selections = functools.partial(_add_selections, user_guid=user_guid)
    _add_note_sources(sources, files, notes, by_note, memos_on, add_selections)
    _add_transcripts(study, sources, files, by_segment, memos_on, add_selections)
    if not len(sources):
        root.remove(sources)
    _add_memos(root, memos, user_guid, memos_on)
    if validate and not schema("Project-mrt2019.xsd").validate(root):
        raise ValueError(f"Export not valid: {schema('Project-mrt2019.xsd').error_log.last_error}")
    return _archive(root, files)


def _notes(study: Study) -> list[tuple]:
    return list(
        Note.objects.filter(session__study=study, deleted_at__isnull=True)
        .order_by(*NOTE_ORDER)
        .values_list(
            "id", "text", "created_at", "participant_id", "participant__code", "session__name",
            "statement__key", "level__key", "level__label",
        )
    )  # fmt: skip


def _add_variables_and_cases(root, study: Study, notes: list[tuple]) -> None:
    """The profile fields as variables, the participants as cases with their values and notes."""
    fields = list(ProfileField.objects.filter(study=study).order_by("position", "id"))
    variable_guid = {f.key: name_guid("variable", study.pk, f.key) for f in fields}
    if fields:
        variables = SubElement(root, T["Variables"])
        for f in fields:
            kind = "Integer" if f.type == FieldType.INTEGER else "Text"
            variable = SubElement(
                variables,
                T["Variable"],
                guid=variable_guid[f.key],
                name=f.label,
                typeOfVariable=kind,
            )
            SubElement(variable, T["Description"]).text = f.key
    sources_of: dict[int, list[str]] = defaultdict(list)
    for n in notes:
        sources_of[n[3]].append(str(n[0]).upper())
    participants = list(
        Participant.objects.filter(study=study)
        .order_by("number", "id")
        .values_list("pk", "code", "profile")
    )
    if not participants:
        return
    cases = SubElement(root, T["Cases"])
    for pk, code, profile in participants:
        case = SubElement(cases, T["Case"], guid=guid("case", pk), name=code)
        for f in fields:
            value = (profile or {}).get(f.key)
            if value is None or value == "":
                continue
            vv = SubElement(case, T["VariableValue"])
            SubElement(vv, T["VariableRef"], targetGUID=variable_guid[f.key])
            is_int = f.type == FieldType.INTEGER and isinstance(value, int)
            SubElement(vv, T["IntegerValue"] if is_int else T["TextValue"]).text = str(value)
        for source in sources_of.get(pk, []):
            SubElement(case, T["SourceRef"], targetGUID=source)


def _add_selections(source, unit_codings, length, offset, *, user_guid) -> None:
    """A unit's codings as selections of its source (a whole note when it has no range)."""
    for pk, coder, code_id, _n, _s, start, end in unit_codings:
        lo, hi = (0, length) if start is None else (start, end)
        selection = SubElement(
            source,
            T["PlainTextSelection"],
            guid=guid("selection", pk),
            startPosition=str(offset + lo),
            endPosition=str(offset + hi),
            creatingUser=user_guid[coder],
        )
        coding = SubElement(
            selection, T["Coding"], guid=guid("coding", pk), creatingUser=user_guid[coder]
        )
        SubElement(coding, T["CodeRef"], targetGUID=code_guid(code_id))


def _add_note_sources(sources, files, notes, by_note, memos_on, add_selections) -> None:
    """One text source per note, with its codings and memos."""
    for note_id, text, created, _p, participant, session, statement, level, level_label in notes:
        source_guid = str(note_id).upper()
        files[source_guid] = text
        source = SubElement(
            sources,
            T["TextSource"],
            guid=source_guid,
            name=f"{participant} {statement} {level} {source_guid[:8]}",
            plainTextPath=f"internal://{source_guid}.txt",
            # Left out for a note imported without a time (the attribute is optional).
            **({"creationDateTime": created.strftime("%Y-%m-%dT%H:%M:%SZ")} if created else {}),
        )
        SubElement(
            source, T["Description"]
        ).text = f"{participant}, {session}, {statement}, {level_label}"
        add_selections(source, by_note.get(note_id, ()), len(text), 0)
        for memo in memos_on.get((MemoAbout.NOTE, str(note_id)), ()):
            SubElement(source, T["NoteRef"], targetGUID=memo)


def _archive(root, files: dict[str, str]) -> bytes:
    """The project document and its sources as a zip."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "project.qde",
            etree.tostring(root, xml_declaration=True, encoding="UTF-8"),
            compress_type=zipfile.ZIP_DEFLATED,
            compresslevel=1,
        )
        # Sources are small: stored, not deflated (20,000 deflate streams cost seconds).
        for name, text in files.items():
            archive.writestr(f"sources/{name}.txt", text.encode())
    return out.getvalue()


def _add_transcripts(study, sources, files, by_segment, memos_on, add_selections) -> None:
    """One text source per transcribed recording: its lines joined by newlines."""
    segments = list(
        TranscriptSegment.objects.filter(recording__session__study=study)
        .order_by("recording_id", "index")
        .values_list("pk", "recording_id", "text")
    )
    by_recording: dict[int, list] = defaultdict(list)
    for s in segments:
        by_recording[s[1]].append(s)
    recordings = {
        r.pk: r
        for r in Recording.objects.filter(pk__in=list(by_recording)).select_related("session")
    }
    for recording_id, lines in by_recording.items():
        recording = recordings[recording_id]
        source_guid = guid("recording", recording_id)
        source = SubElement(
            sources,
            T["TextSource"],
            guid=source_guid,
            name=f"Transcript: {recording.session.name}, {recording.original_name}",
            plainTextPath=f"internal://{source_guid}.txt",
        )
        SubElement(source, T["Description"]).text = f"Transcript of {recording.original_name}"
        parts, offset = [], 0
        for pk, _r, text in lines:
            add_selections(source, by_segment.get(pk, ()), len(text), offset)
            line_memos = memos_on.get((MemoAbout.SEGMENT, pk))
            if line_memos:
                selection = SubElement(
                    source,
                    T["PlainTextSelection"],
                    guid=guid("segment", pk),
                    startPosition=str(offset),
                    endPosition=str(offset + len(text)),
                )
                for memo in line_memos:
                    SubElement(selection, T["NoteRef"], targetGUID=memo)
            parts.append(text)
            offset += len(text) + 1  # the "\n" between lines
        files[source_guid] = "\n".join(parts)


def _add_memos(root, memos, user_guid, memos_on) -> None:
    """Memos as the project's notes; the study's memos referenced from the project itself."""
    if memos:
        notes_element = SubElement(root, T["Notes"])
        for m in memos:
            label = f"Memo on the {m.get_about_display().lower()}"
            if m.code_id:
                label = f"Memo on code {m.code.key}"
            elif m.statement_id:
                label = f"Memo on statement {m.statement.key}"
            memo = SubElement(
                notes_element,
                T["Note"],
                guid=guid("memo", m.pk),
                name=label,
                creatingUser=user_guid[m.author],
                creationDateTime=_when(m.created_at),
            )
            SubElement(memo, T["PlainTextContent"]).text = m.text
    for memo in memos_on.get((MemoAbout.STUDY, None), []):
        SubElement(root, T["NoteRef"], targetGUID=memo)
