"""Joining without an account: invite link or join code, consent, characterization, the board.

The pages speak the study's language (Study.language), whatever the browser asks for.
The browser that joined keeps the participant's access token in its Django session: coming back
on the same browser is the same participant. Personal links of pre-registered participants go
through the same consent and form, and work once: joining replaces the participant's access token,
so that whoever saw the link (on the console, or forwarded) cannot act as the participant later.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from focusgroup.ratelimit import failure_record, too_many_failures, wait_message
from statements.models import Study

from . import selectors, services
from .forms import ConsentForm, JoinCodeForm, ProfileForm
from .models import Participant, Session

JOINED_KEY = "fg_participants"
CONSENT_KEY = "fg_consent"
PERSONAL_KEY = "fg_personal"


def participant_page(
    request: HttpRequest, template: str, context: dict, *, study: Study, status: int = 200
) -> HttpResponse:
    """A participant's page, rendered in the study's language (base.html reads page_language)."""
    context = {**context, "study": study, "page_language": study.language}
    with translation.override(study.language):
        response = render(request, template, context, status=status)
    response.headers["Content-Language"] = study.language
    return response


def joined_participant(request: HttpRequest, session: Session) -> Participant | None:
    """The participant this browser joined the session as, if still allowed in."""
    token = request.session.get(JOINED_KEY, {}).get(str(session.pk))
    return selectors.participant_for_token(session.pk, token)


def _remember(request: HttpRequest, key: str, session: Session, value: str) -> None:
    stored = dict(request.session.get(key, {}))
    stored[str(session.pk)] = value
    request.session[key] = stored


def _open_session(invite_token: str) -> Session | None:
    return (
        Session.objects.select_related("study")
        .filter(invite_token=invite_token, invites_open=True, ended_at__isnull=True)
        .first()
    )


def _personal(access_token: str) -> Participant | None:
    return (
        Participant.objects.select_related("session__study")
        .filter(access_token=access_token, removed_at__isnull=True, session__ended_at__isnull=True)
        .first()
    )


def _closed(request: HttpRequest, reason: str) -> HttpResponse:
    return render(request, "focus_sessions/join_closed.html", {"reason": reason}, status=404)


def join_code(request: HttpRequest) -> HttpResponse:
    """Type the short join code the moderator shows."""
    form = JoinCodeForm(request.POST if request.method == "POST" else None)
    typed = request.POST.get("code", "") if request.method == "POST" else ""
    if request.method == "POST" and too_many_failures("join-code", request, typed):
        form.errors.clear()
        form.add_error(None, wait_message())
        return render(request, "focus_sessions/join_code.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        session = Session.objects.filter(
            join_code=form.cleaned_data["code"], invites_open=True, ended_at__isnull=True
        ).first()
        if session is not None:
            return redirect("join-consent", session.invite_token)
        failure_record("join-code", request, typed)
        form.add_error("code", _("No open session has this code: check it with your moderator."))
    return render(request, "focus_sessions/join_code.html", {"form": form})


def _consent_step(
    request: HttpRequest, session: Session, next_url: str, participant: Participant | None
) -> HttpResponse:
    if participant is None and joined_participant(request, session) is not None:
        return redirect("board", session.pk)
    with translation.override(session.study.language):  # its error texts, in the page's language
        form = ConsentForm(request.POST if request.method == "POST" else None)
        valid = request.method == "POST" and form.is_valid()
    if valid:
        if participant is not None and participant.consented_at is not None:
            # A new personal link of a participant who already joined: it works once, and
            # only for this browser (the token is replaced; the link is used up).
            participant = services.participant_token_rotate(participant=participant)
            _remember(request, JOINED_KEY, session, participant.access_token)
            return redirect("board", session.pk)
        _remember(request, CONSENT_KEY, session, timezone.now().isoformat())
        return redirect(next_url)
    return participant_page(
        request,
        "focus_sessions/join_consent.html",
        {"form": form, "session": session},
        study=session.study,
    )


def _profile_step(
    request: HttpRequest, session: Session, back_url: str, participant: Participant | None
) -> HttpResponse:
    consented = request.session.get(CONSENT_KEY, {}).get(str(session.pk))
    if not consented:
        return redirect(back_url)
    if participant is None and joined_participant(request, session) is not None:
        return redirect("board", session.pk)
    with translation.override(session.study.language):
        form = ProfileForm(request.POST if request.method == "POST" else None, study=session.study)
        valid = request.method == "POST" and form.is_valid()
    if valid:
        consented_at = parse_datetime(consented)
        if participant is None:
            participant = services.participant_create(
                session=session, profile=form.profile(), consented_at=consented_at
            )
        else:
            participant = services.participant_complete(
                participant=participant, profile=form.profile(), consented_at=consented_at
            )
        _remember(request, JOINED_KEY, session, participant.access_token)
        return redirect("board", session.pk)
    return participant_page(
        request,
        "focus_sessions/join_profile.html",
        {"form": form, "session": session},
        study=session.study,
    )


def join_consent(request: HttpRequest, invite_token: str) -> HttpResponse:
    """The study's consent text, to accept before joining through the invite link."""
    session = _open_session(invite_token)
    if session is None:
        return _closed(request, "invite")
    return _consent_step(request, session, reverse("join-profile", args=[invite_token]), None)


def join_profile(request: HttpRequest, invite_token: str) -> HttpResponse:
    """The characterization form; submitting it creates the participant."""
    session = _open_session(invite_token)
    if session is None:
        return _closed(request, "invite")
    return _profile_step(request, session, reverse("join-consent", args=[invite_token]), None)


def join_personal(request: HttpRequest, access_token: str) -> HttpResponse:
    """A pre-registered participant's personal link: consent, then the form, then the board."""
    participant = _personal(access_token)
    if participant is None:
        return _closed(request, "personal")
    next_url = reverse("join-personal-profile", args=[access_token])
    return _consent_step(request, participant.session, next_url, participant)


def join_personal_profile(request: HttpRequest, access_token: str) -> HttpResponse:
    """The characterization form of a pre-registered participant."""
    participant = _personal(access_token)
    if participant is None:
        return _closed(request, "personal")
    back = reverse("join-personal", args=[access_token])
    if participant.consented_at is not None:
        return redirect(back)  # a new link of someone who joined: the form is filled already
    return _profile_step(request, participant.session, back, participant)
