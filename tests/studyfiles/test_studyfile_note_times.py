"""Imported notes keep the file's own times (issue 10, item 8).

Notes without a time in the file keep none, never the time of the import. An imported session that
holds notes and has a date took place, and says so."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from sessions.models import Note, NoteRevision, Session
from sessions.selectors import board_state
from sessions.visibility import Viewer
from studyfiles.studyfile import study_export, study_export_json, study_import

from .studyfile_support import paper_document

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def timed_document() -> dict:
    """The paper's file with times on the last three notes of session 1 (seq 17 to 19, in time
    order) and none on the others, which come before them: the order an export writes."""
    document = paper_document()
    notes = document["study"]["sessions"][0]["notes"]
    for note, when in zip(
        notes[-3:],
        ["2023-08-10T14:03:11Z", "2023-08-10T14:05:00Z", "2023-08-10T14:41:30.5Z"],
        strict=True,
    ):
        note["created_at"] = when
    return document


def test_notes_without_a_time_in_the_file_have_none(owner):
    study = study_import(data=paper_document(), owner=owner)
    notes = Note.objects.filter(session__study=study)
    assert notes.count() == 38
    assert not notes.filter(created_at__isnull=False).exists()
    assert not notes.filter(updated_at__isnull=False).exists()
    revisions = NoteRevision.objects.filter(note__session__study=study)
    assert revisions.count() == 38
    assert not revisions.filter(created_at__isnull=False).exists()


def test_notes_with_a_time_keep_it_and_the_others_stay_unknown(owner):
    study = study_import(data=timed_document(), owner=owner)
    first = Session.objects.get(study=study, position=0)
    stored = {
        n.seq: (n.created_at, n.updated_at) for n in Note.objects.filter(session=first, seq__gte=16)
    }
    assert stored == {
        16: (None, None),
        17: (dt.datetime(2023, 8, 10, 14, 3, 11, tzinfo=UTC),) * 2,
        18: (dt.datetime(2023, 8, 10, 14, 5, tzinfo=UTC),) * 2,
        19: (dt.datetime(2023, 8, 10, 14, 41, 30, 500000, tzinfo=UTC),) * 2,
    }
    revision = NoteRevision.objects.get(note__session=first, note__seq=18)
    assert revision.created_at == dt.datetime(2023, 8, 10, 14, 5, tzinfo=UTC)


def test_export_gives_back_the_files_times_and_leaves_out_the_missing_ones(owner):
    document = timed_document()
    study = study_import(data=document, owner=owner)
    exported = study_export(study=study)
    notes = exported["study"]["sessions"][0]["notes"]
    assert [n.get("created_at") for n in notes[-4:]] == [
        None,
        "2023-08-10T14:03:11Z",
        "2023-08-10T14:05:00Z",
        "2023-08-10T14:41:30.500000Z",
    ]
    assert sum("created_at" in n for s in exported["study"]["sessions"] for n in s["notes"]) == 3
    # The document comes back as it was (a time written out in full), and after a re-import.
    for place, note in enumerate(notes):
        assert note == {
            **document["study"]["sessions"][0]["notes"][place],
            **({"created_at": "2023-08-10T14:41:30.500000Z"} if place == 18 else {}),
        }
    again = study_export(study=study_import(data=json.dumps(exported), owner=owner))
    assert again == exported


def test_export_lists_untimed_notes_before_timed_ones_in_file_order(owner):
    document = paper_document()
    notes = document["study"]["sessions"][1]["notes"]
    notes[0]["created_at"] = "2023-08-24T15:00:00Z"  # the first of the file is the only timed one
    study = study_import(data=document, owner=owner)
    exported = study_export(study=study)["study"]["sessions"][1]["notes"]
    assert exported[-1]["text"] == notes[0]["text"]
    assert [n["text"] for n in exported[:-1]] == [n["text"] for n in notes[1:]]


def test_the_papers_file_exports_without_any_time(owner):
    exported = study_export_json(study=study_import(data=paper_document(), owner=owner))
    assert "created_at" not in exported


def test_an_imported_session_with_notes_and_a_date_is_ended_and_closed(owner):
    study = study_import(data=paper_document(), owner=owner)
    sessions = list(Session.objects.filter(study=study).order_by("position"))
    # The file gives no note times: all that is known is that it ended on the day it was held.
    assert [s.ended_at for s in sessions] == [
        dt.datetime(2023, 8, 10, 23, 59, 59, 999999, tzinfo=UTC),
        dt.datetime(2023, 8, 24, 23, 59, 59, 999999, tzinfo=UTC),
    ]
    assert [(s.invites_open, s.locked, s.started_at) for s in sessions] == [(False, True, None)] * 2
    client = Client()
    assert client.get(reverse("join-consent", args=[sessions[0].invite_token])).status_code == 404


def test_a_session_with_note_times_ended_at_its_last_note(owner):
    document = timed_document()
    # The file's order is not the time order: the latest time decides.
    document["study"]["sessions"][0]["notes"][-2]["created_at"] = "2023-08-10T15:20:00Z"
    study = study_import(data=document, owner=owner)
    session = Session.objects.get(study=study, position=0)
    assert session.ended_at == dt.datetime(2023, 8, 10, 15, 20, tzinfo=UTC)


def statuses(client: Client, study) -> dict[str, str]:
    page = client.get(reverse("session-list", args=[study.pk])).content.decode()
    rows = re.findall(
        r'<a href="[^"]+">([^<]+)</a></td>\s*<td>[^<]*</td>\s*<td>\d+</td>\s*<td>(\w[\w ]*)</td>',
        page,
    )
    return dict(rows)


def test_the_session_list_tells_held_undated_and_planned_sessions_apart(owner):
    document = paper_document()
    sessions = document["study"]["sessions"]
    del sessions[1]["held_on"]  # notes but no date: imported, not known to be over
    sessions.append({"name": "Planned", "held_on": "2023-09-01"})  # a date, no notes: planned
    study = study_import(data=document, owner=owner)
    client = Client()
    client.force_login(owner)
    assert statuses(client, study) == {
        "Focus group 1": "Ended",
        "Focus group 2": "Imported",
        "Planned": "Not started",
    }
    planned = Session.objects.get(study=study, name="Planned")
    assert (planned.ended_at, planned.invites_open, planned.locked) == (None, True, False)
    undated = Session.objects.get(study=study, name="Focus group 2")
    assert (undated.ended_at, undated.invites_open) == (None, True)


def test_the_board_of_an_imported_session_shows_notes_of_unknown_time(owner):
    study = study_import(data=timed_document(), owner=owner)
    session = Session.objects.get(study=study, position=0)
    state = board_state(session.pk, Viewer(role="owner", can_run=True))
    times = [(n["seq"], n["created_at"]) for n in state["notes"]]
    # Notes of unknown time first, in file order, then the timed ones in time order.
    assert times == [(seq, None) for seq in range(1, 17)] + [
        (17, "2023-08-10T14:03:11+00:00"),
        (18, "2023-08-10T14:05:00+00:00"),
        (19, "2023-08-10T14:41:30.500000+00:00"),
    ]
    assert state["session"]["ended"] is True
