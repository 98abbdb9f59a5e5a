"""Every write to sessions, participants, notes and the board goes through here."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from statements.models import Study

from .models import Session


@transaction.atomic
def session_create(*, study: Study, name: str, held_on: dt.date | None = None) -> Session:
    """Add a session at the end of the study's sessions."""
    return Session.objects.create(
        study=study, name=name, held_on=held_on, position=study.sessions.count()
    )
