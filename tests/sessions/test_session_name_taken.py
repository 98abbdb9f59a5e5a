"""A session's name is new in its study.

Services.session_create refuses a name taken, with one message that the page and the API both show,
even when two creates of one name race."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.urls import reverse

from focusgroup.errors import DomainError
from sessions.models import Session
from sessions.services import session_create
from tests.factories import make_study, make_user
from tests.statements.design_support import client_as

TAKEN = "This study already has a session with that name."


@pytest.mark.django_db
def test_the_service_refuses_a_name_the_study_already_has(study):
    session_create(study=study, name="Group 1")
    with pytest.raises(DomainError) as refused:
        session_create(study=study, name="Group 1")
    assert (refused.value.code, refused.value.field, refused.value.message) == (
        "name_taken",
        "name",
        TAKEN,
    )
    other = make_study(owner=make_user("other"))
    assert session_create(study=other, name="Group 1").study == other
    assert study.sessions.count() == 1


@pytest.mark.django_db
def test_the_page_shows_the_refusal_on_the_name_field(study, owner):
    session_create(study=study, name="Group 1")
    response = client_as(owner).post(
        reverse("session-list", args=[study.pk]), {"name": " Group 1 "}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"name": [TAKEN]}
    assert study.sessions.count() == 1


@pytest.mark.django_db
def test_the_api_gives_the_same_refusal(study, owner):
    session_create(study=study, name="Group 1")
    response = client_as(owner, api=True).post(
        f"/api/studies/{study.pk}/sessions/", {"name": "Group 1"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"code": "name_taken", "message": TAKEN, "field": "name"}
    assert study.sessions.count() == 1


def _waiting_for_a_lock(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return row is not None and row[0] == "Lock"


def _second_create(study, name: str, pid_box: list, outcome: list) -> None:
    """Create in a thread of its own (its own connection); record its backend and outcome."""
    try:
        pid_box.append(connections["default"].cursor().connection.info.backend_pid)
        outcome.append(session_create(study=study, name=name))
    except Exception as exc:  # the outcome is what the test asserts
        outcome.append(exc)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_two_creates_of_one_name_racing_give_the_clear_refusal():
    """The first create holds its transaction open until the second is waiting for the
    database; the second then gets the refusal, not the constraint's IntegrityError (a 500)."""
    study = make_study(owner=make_user("racer"))
    pid_box: list[int] = []
    outcome: list = []
    with transaction.atomic():
        session_create(study=study, name="Group 1")
        second = threading.Thread(target=_second_create, args=(study, "Group 1", pid_box, outcome))
        second.start()
        deadline = time.monotonic() + 10
        while not (pid_box and _waiting_for_a_lock(pid_box[0])):
            assert time.monotonic() < deadline, "the second create never waited for the first"
            time.sleep(0.01)
    second.join(10)
    assert len(outcome) == 1
    assert isinstance(outcome[0], DomainError), repr(outcome[0])
    assert (outcome[0].code, outcome[0].message) == ("name_taken", TAKEN)
    assert list(Session.objects.filter(study=study).values_list("name", flat=True)) == ["Group 1"]
