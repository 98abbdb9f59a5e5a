"""Small reads shared by the services and the selectors of sessions.

The session's row lock, the statements revealed so far, a participant as the protocol shows it and
an id parsed or refused. Nothing here writes, and nothing imports the services."""

from __future__ import annotations

import uuid
from typing import Any

from django.utils.translation import gettext as _

from .errors import BoardError
from .models import BoardEvent, Participant, Session, Step


def session_lock(session_id: int) -> Session:
    """The session's row, locked until the end of the current transaction."""
    return Session.objects.select_for_update().select_related("study").get(pk=session_id)


def revealed_statement_ids(session: Session) -> list[int]:
    """Statements whose notes everyone may see: those that reached the discuss step."""
    return sorted(
        BoardEvent.objects.filter(session=session, type="step.set", step=Step.DISCUSS)
        .values_list("statement_id", flat=True)
        .distinct()
    )


def participant_data(participant: Participant) -> dict[str, Any]:
    """A participant as the protocol describes it."""
    return {"id": participant.pk, "code": participant.code, "color": participant.color}


def parse_uuid(value: Any, field: str) -> uuid.UUID:
    """A UUID field, or a refusal naming the field."""
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        raise BoardError(
            "invalid_field", _("'%(field)s' must be a UUID.") % {"field": field}, field=field
        ) from None


def sealed_statements(session: Session) -> dict[int, int]:
    """Revealed statements whose new notes stay private until their next discussion (statement
    id -> sequence number of the step back), as the latest step.set left them."""
    from .visibility import sealed_from

    payload = (
        BoardEvent.objects.filter(session=session, type="step.set")
        .order_by("-seq")
        .values_list("payload", flat=True)
        .first()
    )
    return sealed_from(payload or {})
