"""Helpers of the design page and API tests: a client per role and a note that fixes the scale."""

from __future__ import annotations

import uuid

from django.test import Client
from rest_framework.test import APIClient

from sessions.note_services import note_create
from statements.models import Study
from tests.sessions.board_support import make_board

ROLES = ["owner", "moderator", "analyst", "outsider", "anonymous"]
MEMBERS = ["owner", "moderator", "analyst"]


def client_as(user, api: bool = False):
    """A test client signed in as the user (anonymous when None)."""
    client = APIClient() if api else Client()
    if user is not None:
        client.force_login(user)
    return client


def make_note(study: Study, *, level: str = "strongly_agree", text: str = "A note."):
    """A real note on the study's first statement, written through the board's services."""
    _session, participants, statement = make_board(study, participants=1)
    return note_create(
        participant=participants[0],
        note_id=str(uuid.uuid4()),
        statement_id=statement.pk,
        level=level,
        text=text,
    ).note


def design_snapshot(study_id: int) -> dict:
    """Everything a design change could touch, to prove a refused request changed nothing."""
    study = Study.objects.filter(pk=study_id).first()
    if study is None:
        return {}
    return {
        "study": (study.title, study.description, study.consent_text, study.reveal_policy),
        "levels": list(study.scale_levels.order_by("position", "id").values_list()),
        "statements": list(study.statements.order_by("position", "id").values_list()),
        "fields": list(study.profile_fields.order_by("position", "id").values_list()),
        "members": sorted(study.memberships.values_list("user_id", "role")),
        "sessions": list(study.sessions.values_list("pk", flat=True)),
        "participants": list(study.participants.values_list("pk", flat=True)),
    }
