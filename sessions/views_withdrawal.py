"""Withdrawal of consent, in pages: the participant's own and the one a moderator records.

The participant withdraws from their board; a moderator or owner records a withdrawal from the
console. Both confirm first, then call the one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from statements.permissions import CAN_RUN_SESSIONS

from .access import get_session_for
from .models import Participant, Session
from .views_join import JOINED_KEY, joined_participant, participant_page
from .withdrawal import participant_withdraw


def board_withdraw(request: HttpRequest, session_id: int) -> HttpResponse:
    """A participant withdraws their consent: a confirmation page, then the withdrawal."""
    session = get_object_or_404(Session.objects.select_related("study"), pk=session_id)
    participant = joined_participant(request, session)
    study = session.study
    if participant is None:
        return participant_page(
            request,
            "focus_sessions/join_closed.html",
            {"reason": "not_joined"},
            study=study,
            status=403,
        )
    if request.method == "POST":
        participant_withdraw(participant=participant, by_participant=True)
        joined = dict(request.session.get(JOINED_KEY, {}))
        joined.pop(str(session.pk), None)
        request.session[JOINED_KEY] = joined
        return participant_page(
            request, "focus_sessions/withdrawn.html", {"done": True}, study=study
        )
    return participant_page(
        request,
        "focus_sessions/withdraw_confirm.html",
        {"session": session, "participant": participant, "own": True},
        study=study,
    )


@login_required
def participant_withdraw_page(
    request: HttpRequest, study_id: int, session_id: int, participant_id: int
) -> HttpResponse:
    """A moderator or owner records a participant's withdrawal (confirm, then withdraw)."""
    session = get_session_for(request, study_id, session_id, CAN_RUN_SESSIONS)
    participant = get_object_or_404(
        Participant, pk=participant_id, session=session, withdrawn_at__isnull=True
    )
    if request.method == "POST":
        old_code = participant.code
        result = participant_withdraw(participant=participant, actor=request.user)
        done = {"code": old_code, "notes": result.notes, "new_code": result.participant.code}
        if result.policy == "erase":
            text = _("%(code)s withdrew: their data was erased (%(notes)s notes).")
        else:
            text = _(
                "%(code)s withdrew: their data was anonymised "
                "(%(notes)s notes, now shown as %(new_code)s where kept)."
            )
        messages.success(request, text % done)
        return redirect("session-console", study_id, session_id)
    return render(
        request,
        "focus_sessions/withdraw_confirm.html",
        {"study": session.study, "session": session, "participant": participant, "own": False},
    )
