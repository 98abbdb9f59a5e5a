"""The wrap-up page of a session.

This session's grids and summaries, who took part, and links to the recordings upload and the
session's exports."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sessions.models import Session
from sessions.services import participant_create, participant_remove, session_end
from studyfiles.studyfile import study_import
from tests.factories import make_study
from tests.sessions.board_support import make_board
from tests.studyfiles.studyfile_support import paper_document
from tests.studyfiles.test_studyfile_note_times import timed_document

from .support import write_note

pytestmark = pytest.mark.django_db


def test_the_wrap_up_shows_only_this_sessions_grids_counts_and_next_links(study, moderator):
    session, (p1, p2, p3), statement = make_board(study)
    write_note(p1, statement, "strongly_agree", "Yes")
    write_note(p1, statement, "partially_agree", "Mostly")
    write_note(p2, statement, "strongly_agree", "Sure")
    participant_remove(session=session, participant_id=p3.pk)
    participant_create(session=session)  # pre-registered, never joined
    _other, (q1, *_), _ = make_board(study)
    write_note(q1, statement, "strongly_disagree", "Other session's note")
    session_end(session=session)

    client = Client()
    client.force_login(moderator)
    page = client.get(reverse("analysis-session-wrapup", args=[study.pk, session.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Session ended" in body
    assert "<strong>2</strong> participants took part" in body
    assert "<strong>2</strong> wrote notes" in body
    assert "<strong>3</strong> notes" in body
    assert f"{p3.code} (removed)" in body
    assert "(never joined)" in body
    assert "N = 2 participants, 3 notes" in body
    # The other session's note and participant are not counted (N would be 3, notes 4).
    assert "Other session" not in body
    assert reverse("recording-upload", args=[study.pk, session.pk]) in body
    assert (
        reverse("analysis-export", args=[study.pk, "csv"])
        + f"?session={session.name.replace(' ', '+')}"
        in body
    )


@pytest.mark.parametrize("who", ["owner", "moderator", "analyst"])
def test_members_who_read_data_open_the_wrap_up(study, people, who):
    session, _people, _statement = make_board(study)
    client = Client()
    client.force_login(people[who])
    assert (
        client.get(reverse("analysis-session-wrapup", args=[study.pk, session.pk])).status_code
        == 200
    )


def test_an_outsider_and_another_studys_session_get_404(study, people, owner):
    session, _people, _statement = make_board(study)
    client = Client()
    client.force_login(people["outsider"])
    assert (
        client.get(reverse("analysis-session-wrapup", args=[study.pk, session.pk])).status_code
        == 404
    )
    elsewhere = make_study(owner=owner, title="Elsewhere")
    client.force_login(owner)
    url = reverse("analysis-session-wrapup", args=[elsewhere.pk, session.pk])
    assert client.get(url).status_code == 404


def test_an_imported_session_without_times_shows_its_day_and_no_invented_end_time(owner):
    study = study_import(data=paper_document(), owner=owner)
    session = Session.objects.get(study=study, position=0)
    client = Client()
    client.force_login(owner)
    body = client.get(
        reverse("analysis-session-wrapup", args=[study.pk, session.pk])
    ).content.decode()
    assert "Session ended" in body
    assert "Ended on 10 August 2023 (imported: the time is not known)." in body
    assert "23:59" not in body
    console = client.get(reverse("session-console", args=[study.pk, session.pk]))
    text = " ".join(console.content.decode().split())
    assert "This session ended on 10 August 2023 (imported: the time is not known)" in text
    assert "23:59" not in text


def test_an_imported_session_with_note_times_shows_its_last_notes_time(owner):
    study = study_import(data=timed_document(), owner=owner)
    session = Session.objects.get(study=study, position=0)
    client = Client()
    client.force_login(owner)
    body = client.get(
        reverse("analysis-session-wrapup", args=[study.pk, session.pk])
    ).content.decode()
    assert "Ended on 10 August 2023, 14:41." in body
    assert "not known" not in body
    console = client.get(reverse("session-console", args=[study.pk, session.pk]))
    text = " ".join(console.content.decode().split())
    assert "This session ended on 10 August 2023, 14:41:" in text
    assert "not known" not in text
