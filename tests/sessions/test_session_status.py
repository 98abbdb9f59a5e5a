"""The session list says the true status.

An imported session holding notes is Imported, not "Not started" (issue 10, item 8); ended and
running sessions say so."""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from sessions.models import Session
from sessions.note_services import note_create
from sessions.services import session_create, session_end

from .board_support import make_board

pytestmark = pytest.mark.django_db


def statuses(client, study) -> dict[str, str]:
    page = client.get(reverse("session-list", args=[study.pk])).content.decode()
    rows = re.findall(
        r'<a href="[^"]+">([^<]+)</a></td>\s*<td>[^<]*</td>\s*<td>\d+</td>\s*<td>(\w[\w ]*)</td>',
        page,
    )
    return dict(rows)


def test_each_session_shows_its_true_status(study, moderator):
    imported, (p1, *_), statement = make_board(study)
    note_create(
        participant=p1,
        note_id=uuid.uuid4(),
        statement_id=statement.pk,
        level="strongly_agree",
        text="From the file",
    )
    # As the study-file import leaves it: notes, but never run live here.
    Session.objects.filter(pk=imported.pk).update(started_at=None)
    running, _people, _ = make_board(study)
    ended, _people, _ = make_board(study)
    session_end(session=ended)
    fresh = session_create(study=study, name="Fresh")
    client = Client()
    client.force_login(moderator)
    assert statuses(client, study) == {
        imported.name: "Imported",
        running.name: "Running",
        ended.name: "Ended",
        fresh.name: "Not started",
    }
