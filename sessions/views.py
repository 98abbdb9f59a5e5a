"""Pages of sessions: the list, the moderator console and its actions, and the participant board."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from focusgroup.errors import DomainError, form_errors
from statements.access import get_study_for
from statements.permissions import CAN_RUN_SESSIONS, study_role

from . import services
from .access import get_session_for
from .errors import BoardError
from .forms import SessionForm
from .models import Participant, Session
from .views_join import joined_participant, participant_page


@login_required
def session_list(request: HttpRequest, study_id: int) -> HttpResponse:
    """The study's sessions; owners and moderators add new ones."""
    study = get_study_for(request, study_id)
    can_run = study_role(request.user, study) in CAN_RUN_SESSIONS
    form = SessionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_run:
            raise Http404("No such study.")
        if form.is_valid():
            try:
                session = services.session_create(study=study, **form.cleaned_data)
            except DomainError as error:
                form_errors(form, error)
            else:
                return redirect("session-console", study.pk, session.pk)
    sessions = study.sessions.annotate(
        participant_count=Count(
            "participants", filter=Q(participants__removed_at__isnull=True), distinct=True
        ),
        recording_count=Count("recordings", distinct=True),
        note_count=Count("notes", filter=Q(notes__deleted_at__isnull=True), distinct=True),
    )
    return render(
        request,
        "focus_sessions/session_list.html",
        {"study": study, "sessions": sessions, "form": form, "can_run": can_run},
    )


@login_required
def session_console(request: HttpRequest, study_id: int, session_id: int) -> HttpResponse:
    """The moderator console: the live board with its controls, invites and participants."""
    session = get_session_for(request, study_id, session_id)
    study = session.study
    can_run = study_role(request.user, study) in CAN_RUN_SESSIONS
    participants = session.participants.filter(removed_at__isnull=True)
    invite_url = request.build_absolute_uri(reverse("join-consent", args=[session.invite_token]))
    join_url = request.build_absolute_uri(reverse("join-code"))
    # Only links not used yet: joining replaces the token, so a joined participant has none.
    personal = {
        p.pk: request.build_absolute_uri(reverse("join-personal", args=[p.access_token]))
        if p.consented_at is None
        else None
        for p in participants
    }
    return render(
        request,
        "focus_sessions/console.html",
        {
            "study": study,
            "session": session,
            "can_run": can_run,
            "participants": [(p, personal[p.pk]) for p in participants],
            "invite_url": invite_url,
            "invite_qr": invite_qr(invite_url) if session.invites_open else None,
            "join_url": join_url,
            "statements": study.statements.all(),
        },
    )


def invite_qr(url: str) -> str:
    """The invite link as an inline SVG QR code, for participants in the room."""
    svg = segno.make(url, error="m").svg_inline(
        scale=5, border=2, dark="#111", light="#fff", svgclass="qr", title=_("Invite link QR code")
    )
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308 - segno's own SVG


@login_required
@require_POST
def session_end(request: HttpRequest, study_id: int, session_id: int) -> HttpResponse:
    """End the session (invites close, the board locks for good) and open its wrap-up page."""
    session = get_session_for(request, study_id, session_id, CAN_RUN_SESSIONS)
    try:
        services.session_end(session=session, actor=request.user)
    except BoardError as error:
        messages.error(request, error.message)
        return redirect("session-console", study_id, session_id)
    messages.success(
        request,
        _("%(name)s has ended: invites and the board are closed.") % {"name": session.name},
    )
    return redirect("analysis-session-wrapup", study_id, session_id)


@login_required
@require_POST
def session_invites(request: HttpRequest, study_id: int, session_id: int) -> HttpResponse:
    """Open, close or regenerate (revoking the old) invite link and join code."""
    session = get_session_for(request, study_id, session_id, CAN_RUN_SESSIONS)
    action = request.POST.get("action")
    if action not in {"open", "close", "regenerate"}:
        messages.error(request, _("Unknown invite action."))
    else:
        services.session_invites_set(
            session=session, open=action != "close", regenerate=action == "regenerate"
        )
        messages.success(
            request,
            {
                "open": _("The invite link is open."),
                "close": _("The invite link is closed: nobody new can join."),
                "regenerate": _("New invite link and join code; the old ones no longer work."),
            }[action],
        )
    return redirect("session-console", study_id, session_id)


@login_required
@require_POST
def participant_add(request: HttpRequest, study_id: int, session_id: int) -> HttpResponse:
    """Pre-register a participant: a P-number, a colour and a personal link to hand out."""
    session = get_session_for(request, study_id, session_id, CAN_RUN_SESSIONS)
    participant = services.participant_create(session=session)
    messages.success(
        request,
        _("%(code)s is registered: hand out their personal link.") % {"code": participant.code},
    )
    return redirect("session-console", study_id, session_id)


@login_required
@require_POST
def participant_link(
    request: HttpRequest, study_id: int, session_id: int, participant_id: int
) -> HttpResponse:
    """A new personal link for a participant (say, on another device): it works once, and the
    browser the participant used so far is signed out. The link is shown once, to the issuer."""
    session = get_session_for(request, study_id, session_id, CAN_RUN_SESSIONS)
    participant = get_object_or_404(
        Participant, pk=participant_id, session=session, removed_at__isnull=True
    )
    participant = services.participant_token_rotate(participant=participant)
    link = request.build_absolute_uri(reverse("join-personal", args=[participant.access_token]))
    messages.success(
        request,
        _(
            "New personal link for %(code)s (it works once; the old link and the browser "
            "%(code)s used so far no longer open the board): %(link)s"
        )
        % {"code": participant.code, "link": link},
    )
    return redirect("session-console", study_id, session_id)


@login_required
@require_POST
def participant_remove(
    request: HttpRequest, study_id: int, session_id: int, participant_id: int
) -> HttpResponse:
    """Remove a participant from the session (their notes stay as data)."""
    session = get_session_for(request, study_id, session_id, CAN_RUN_SESSIONS)
    try:
        participant = services.participant_remove(session=session, participant_id=participant_id)
    except BoardError as error:
        raise Http404(error.message) from None
    messages.success(
        request, _("%(code)s was removed from the session.") % {"code": participant.code}
    )
    return redirect("session-console", study_id, session_id)


def board(request: HttpRequest, session_id: int) -> HttpResponse:
    """A participant's board, for the browser that joined (no account)."""
    session = get_object_or_404(Session.objects.select_related("study"), pk=session_id)
    participant: Participant | None = joined_participant(request, session)
    if participant is None:
        return render(
            request, "focus_sessions/join_closed.html", {"reason": "not_joined"}, status=403
        )
    return participant_page(  # in the study's language
        request,
        "focus_sessions/board.html",
        {"session": session, "participant": participant},
        study=session.study,
    )


def service_worker(request: HttpRequest) -> HttpResponse:
    """The board's service worker, served under /board/ so that it may keep the page offline."""
    response = render(request, "focus_sessions/sw.js", content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    return response
