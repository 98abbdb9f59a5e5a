"""The live board's operations over REST, with the same rules and error codes as the WebSocket.

Participants authenticate with ``Authorization: Participant <access_token>``; study members with
their usual session or API token. Errors are the protocol's error objects with an HTTP status
(docs/websocket-protocol.md lists both). A caller who cannot be authenticated for the session gets
the same 404 as for a session that does not exist, so that session ids cannot be probed; every
caller is rate limited like a socket (BoardRateThrottle).
"""

from __future__ import annotations

import math
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.exceptions import Throttled
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle

from focusgroup.params import ParamError, int_param
from focusgroup.ratelimit import client_address, rate_take

from . import board_commands, selectors
from .consumer_support import BOARD_RATE, RATE_CAPACITY, RATE_PER_SECOND, board_rate_ident
from .errors import BoardError
from .models import Participant, Session
from .serializers_board import (
    BoardErrorSerializer,
    BoardEventsSerializer,
    BoardStateSerializer,
    EventSeqSerializer,
    FlagInput,
    HighlightInput,
    LockInput,
    NoteChangeInput,
    NoteCreateInput,
    NoteResultSerializer,
    StepResultSerializer,
    StepSetInput,
)
from .visibility import Viewer

PARTICIPANT_SCHEME = "Participant "


def not_found() -> dict[str, str]:
    """The one 404 body for a missing session and for failed authentication alike."""
    return {
        "code": "session_not_found",
        "message": _("No such session, or these credentials do not open it."),
    }


class SessionNotFound(Exception):
    """No session for this caller: missing, or the caller failed to authenticate for it."""


class RateLimited(Throttled):
    """A 429 carrying the protocol's ``rate_limited`` error object (and a Retry-After header)."""

    def __init__(self, wait: float) -> None:
        super().__init__(wait=wait)
        self.detail = {
            "code": "rate_limited",
            "message": _(
                "Too many requests: at most %(rate)s a second (bursts of %(burst)s); try again "
                "in %(wait)s s. Nothing was done."
            )
            % {"rate": f"{RATE_PER_SECOND:g}", "burst": RATE_CAPACITY, "wait": math.ceil(wait)},
        }


class BoardRateThrottle(BaseThrottle):
    """The socket's rate for the board's REST API: bursts of RATE_CAPACITY requests, then
    RATE_PER_SECOND a second, in the same bucket as the caller's sockets (per participant token,
    else per user, else per address), counted by focusgroup/ratelimit.py in Redis."""

    def ident(self, request: Request) -> str:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if header.startswith(PARTICIPANT_SCHEME):
            return board_rate_ident(token=header[len(PARTICIPANT_SCHEME) :].strip())
        if request.user.is_authenticated:
            return board_rate_ident(user_id=request.user.pk)
        return board_rate_ident(address=client_address(request))

    def allow_request(self, request: Request, view: Any) -> bool:
        wait = rate_take(self.ident(request), BOARD_RATE)
        if wait > 0:
            raise RateLimited(wait=wait)
        return True


def _who(request: Request, session: Session) -> tuple[Viewer, Participant | None]:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header.startswith(PARTICIPANT_SCHEME):
        token = header[len(PARTICIPANT_SCHEME) :].strip()
        participant = selectors.participant_for_token(session.pk, token)
        if participant is None:
            raise SessionNotFound
        return Viewer(participant_id=participant.pk), participant
    if not request.user.is_authenticated:
        raise SessionNotFound
    viewer = selectors.staff_viewer(request.user, session)
    if viewer is None:
        raise SessionNotFound
    return viewer, None


def _body(request: Request) -> dict[str, Any]:
    if not isinstance(request.data, dict):
        raise BoardError("bad_json", _("The body must be a JSON object."))
    return request.data


def _int_query(request: Request, name: str, default: str = "") -> int:
    try:
        return int_param(request.query_params.get(name, default), name=name)
    except ParamError as exc:
        raise BoardError("invalid_field", exc.message, field=name) from None


REFUSED = {
    status: OpenApiResponse(BoardErrorSerializer, description=description)
    for status, description in (
        (400, "The request is malformed (a field missing or of the wrong kind)."),
        (403, "The caller may not do this."),
        (404, "No such session, or these credentials do not open it (or no such note)."),
        (409, "The board's state refuses it (locked, step closed, stale version, ...)."),
        (429, "Too many requests (rate_limited); see Retry-After."),
    )
}
SESSION_ID = OpenApiParameter("session_id", OpenApiTypes.INT, OpenApiParameter.PATH)
NOTE_ID = OpenApiParameter("note_id", OpenApiTypes.UUID, OpenApiParameter.PATH)


def _schema(**kwargs: Any) -> Any:
    """The operation's OpenAPI description, with the refusals every board operation may give."""
    responses = {**REFUSED, **kwargs.pop("responses")}
    parameters = [SESSION_ID, *kwargs.pop("parameters", [])]
    return extend_schema(responses=responses, parameters=parameters, tags=["board"], **kwargs)


def board_endpoint(methods: list[str], *schemas: Any):
    """A board API view: open to participants' tokens, rate limited, BoardError turned into its
    response, and one 404 for a missing session and for failed authentication alike; `schemas`
    are its OpenAPI descriptions (one per method where they differ)."""

    def wrap(func):
        def view(request: Request, session_id: int, **kwargs: Any) -> Response:
            session = Session.objects.select_related("study").filter(pk=session_id).first()
            try:
                if session is None:
                    raise SessionNotFound
                return func(request, session, **kwargs)
            except SessionNotFound:
                return Response(not_found(), status=404)
            except BoardError as error:
                return Response(error.as_message(), status=error.status)

        view.__name__ = func.__name__
        view.__doc__ = func.__doc__
        view = throttle_classes([BoardRateThrottle])(permission_classes([AllowAny])(view))
        view = api_view(methods)(view)
        for schema in schemas:
            view = schema(view)
        return view

    return wrap


@board_endpoint(["GET"], _schema(responses={200: BoardStateSerializer}))
def board_state(request: Request, session: Session) -> Response:
    """The board as the caller may see it (the WebSocket's snapshot)."""
    viewer, _participant = _who(request, session)
    return Response(selectors.board_state(session.pk, viewer))


@board_endpoint(
    ["GET"],
    _schema(
        responses={200: BoardEventsSerializer},
        parameters=[
            OpenApiParameter(
                "after", OpenApiTypes.INT, description="The last sequence number seen (0)."
            )
        ],
    ),
)
def board_events(request: Request, session: Session) -> Response:
    """Events after ?after=N, filtered for the caller; a snapshot when too far behind."""
    viewer, _participant = _who(request, session)
    after = _int_query(request, "after", default="0")
    events = selectors.events_after(session.pk, after, viewer)
    if events is None:
        return Response({"snapshot": selectors.board_state(session.pk, viewer)})
    return Response({"events": events})


def _actor(request: Request, session: Session, kind: str) -> board_commands.Actor:
    """The caller as the sender of a board command (board_commands.py, the socket's commands),
    once board_commands.authorize lets it send this kind: checked before the body is read."""
    viewer, participant = _who(request, session)
    actor = board_commands.Actor(
        session_id=session.pk,
        participant=participant,
        user=request.user if participant is None else None,
        can_run=viewer.can_run,
    )
    board_commands.authorize(kind, actor)
    return actor


@board_endpoint(
    ["POST"],
    _schema(
        request=NoteCreateInput,
        responses={
            201: NoteResultSerializer,
            200: OpenApiResponse(NoteResultSerializer, description="The id was already stored."),
        },
    ),
)
def note_create(request: Request, session: Session) -> Response:
    """Post a note (client-generated id): 201 when new, 200 when the same id was already stored."""
    actor = _actor(request, session, "note.create")
    result = board_commands.execute("note.create", actor, _body(request))
    return Response(result, status=200 if result["duplicate"] else 201)


@board_endpoint(
    ["PATCH", "DELETE"],
    _schema(
        methods=["PATCH"],
        request=NoteChangeInput,
        responses={200: NoteResultSerializer},
        parameters=[NOTE_ID],
    ),
    _schema(
        methods=["DELETE"],
        request=None,
        responses={200: NoteResultSerializer},
        parameters=[
            NOTE_ID,
            OpenApiParameter(
                "base_version",
                OpenApiTypes.INT,
                required=True,
                description="The version the deletion is based on.",
            ),
        ],
    ),
)
def note_change(request: Request, session: Session, note_id: str) -> Response:
    """PATCH {text, base_version} edits, PATCH {level, base_version} moves, DELETE deletes."""
    # Checked before the body says which change (note.edit or note.move): both are participants'.
    actor = _actor(request, session, "note.delete" if request.method == "DELETE" else "note.edit")
    if request.method == "DELETE":
        if not request.query_params.get("base_version"):
            raise BoardError(
                "missing_field", _("DELETE needs ?base_version=N."), field="base_version"
            )
        version = _int_query(request, "base_version")
        message = {"note_id": note_id, "base_version": version}
        return Response(board_commands.execute("note.delete", actor, message))
    body = _body(request)
    if ("text" in body) == ("level" in body):
        raise BoardError(
            "missing_field", _("Send either 'text' (edit) or 'level' (move)."), field="text"
        )
    kind = "note.edit" if "text" in body else "note.move"
    return Response(board_commands.execute(kind, actor, {**body, "note_id": note_id}))


@board_endpoint(["POST"], _schema(request=StepSetInput, responses={200: StepResultSerializer}))
def step_set(request: Request, session: Session) -> Response:
    """Make a statement active at a step (moderators)."""
    actor = _actor(request, session, "step.set")
    return Response(board_commands.execute("step.set", actor, _body(request)))


@board_endpoint(["POST"], _schema(request=LockInput, responses={200: EventSeqSerializer}))
def board_lock(request: Request, session: Session) -> Response:
    """Lock or unlock the board (moderators)."""
    actor = _actor(request, session, "board.lock")
    return Response(board_commands.execute("board.lock", actor, _body(request)))


@board_endpoint(["POST"], _schema(request=HighlightInput, responses={200: EventSeqSerializer}))
def note_highlight(request: Request, session: Session) -> Response:
    """Highlight a revealed note for everyone, or clear with null (moderators)."""
    actor = _actor(request, session, "note.highlight")
    return Response(board_commands.execute("note.highlight", actor, _body(request)))


@board_endpoint(
    ["POST"],
    _schema(request=FlagInput, responses={200: EventSeqSerializer}, parameters=[NOTE_ID]),
)
def note_flag(request: Request, session: Session, note_id: str) -> Response:
    """Flag a note as unclear, or clear the flag with {"unclear": false} (moderators)."""
    actor = _actor(request, session, "note.flag")
    message = {**_body(request), "note_id": str(note_id)}
    return Response(board_commands.execute("note.flag", actor, message))


@board_endpoint(
    ["POST"],
    _schema(
        request=None,
        responses={204: None},
        parameters=[OpenApiParameter("participant_id", OpenApiTypes.INT, OpenApiParameter.PATH)],
    ),
)
def participant_remove(request: Request, session: Session, participant_id: int) -> Response:
    """Remove a participant from the session (moderators)."""
    actor = _actor(request, session, "participant.remove")
    board_commands.execute("participant.remove", actor, {"participant_id": participant_id})
    return Response(status=204)


def board_urls() -> list:
    """The board's API routes, for focusgroup/api_urls.py."""
    from django.urls import path

    base = "board/sessions/<int:session_id>/"
    return [
        path(f"{base}state/", board_state, name="api-board-state"),
        path(f"{base}events/", board_events, name="api-board-events"),
        path(f"{base}notes/", note_create, name="api-board-notes"),
        path(f"{base}notes/<uuid:note_id>/", note_change, name="api-board-note"),
        path(f"{base}notes/<uuid:note_id>/flag/", note_flag, name="api-board-note-flag"),
        path(f"{base}step/", step_set, name="api-board-step"),
        path(f"{base}lock/", board_lock, name="api-board-lock"),
        path(f"{base}highlight/", note_highlight, name="api-board-highlight"),
        path(
            f"{base}participants/<int:participant_id>/remove/",
            participant_remove,
            name="api-board-participant-remove",
        ),
    ]
