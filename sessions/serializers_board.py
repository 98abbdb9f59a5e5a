"""The board REST API's input and output shapes, for its OpenAPI schema (sessions/api_board.py).

The operations themselves are validated once, by board_commands.py (the socket's rules and error
codes); these serializers describe the same fields, and a test keeps each input's required fields
equal to its command's.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .errors import ERROR_STATUS
from .models import Step


@extend_schema_field(
    {"oneOf": [{"type": "integer"}, {"type": "string"}], "nullable": True},
)
class ParticipantRefField(serializers.Field):
    """A participant's id: the real one for members and oneself, an alias string for others."""

    def to_representation(self, value: int | str | None) -> int | str | None:
        return value

    def to_internal_value(self, data: object) -> int | str | None:
        if data is not None and (isinstance(data, bool) or not isinstance(data, int | str)):
            raise serializers.ValidationError(_("A participant id is an integer or an alias."))
        return data


# Inputs.


class NoteCreateInput(serializers.Serializer):
    """A new note; its id is chosen by the client, so that a resend is stored once."""

    id = serializers.UUIDField()
    statement_id = serializers.IntegerField()
    level = serializers.CharField(help_text="The key of a scale level.")
    text = serializers.CharField()


class NoteChangeInput(serializers.Serializer):
    """Either `text` (an edit) or `level` (a move), with the version the change is based on."""

    text = serializers.CharField(required=False)
    level = serializers.CharField(required=False, help_text="The key of a scale level.")
    base_version = serializers.IntegerField()


class StepSetInput(serializers.Serializer):
    """The statement and step to make active; an optional time limit for the step."""

    statement_id = serializers.IntegerField()
    step = serializers.ChoiceField(choices=Step.choices)
    duration_seconds = serializers.IntegerField(required=False, allow_null=True)
    keep_private = serializers.BooleanField(required=False, default=True)


class LockInput(serializers.Serializer):
    """Lock (true) or unlock (false) the board."""

    locked = serializers.BooleanField()


class HighlightInput(serializers.Serializer):
    """The revealed note to highlight for everyone, or null to clear the highlight."""

    note_id = serializers.UUIDField(allow_null=True)


class FlagInput(serializers.Serializer):
    """Flag the note as unclear (the default), or clear the flag with false."""

    unclear = serializers.BooleanField(required=False, default=True)


# Outputs.


class BoardNoteSerializer(serializers.Serializer):
    """A note as the caller may see it (docs/websocket-protocol.md)."""

    id = serializers.UUIDField()
    statement_id = serializers.IntegerField()
    level = serializers.CharField(required=False)
    text = serializers.CharField(required=False)
    version = serializers.IntegerField()
    seq = serializers.IntegerField(required=False)
    participant_id = ParticipantRefField()
    code = serializers.CharField(required=False, allow_null=True)
    color = serializers.CharField(required=False)
    flagged_unclear = serializers.BooleanField(required=False)
    deleted = serializers.BooleanField()
    # Null for a note imported without a time (docs/websocket-protocol.md).
    created_at = serializers.DateTimeField(required=False, allow_null=True)
    updated_at = serializers.DateTimeField(required=False, allow_null=True)


class NoteResultSerializer(serializers.Serializer):
    """The note as stored after the operation; `duplicate` when its id was already stored."""

    note = BoardNoteSerializer()
    duplicate = serializers.BooleanField()


class EventSeqSerializer(serializers.Serializer):
    """The sequence number of the board event the operation recorded."""

    seq = serializers.IntegerField()


class StepResultSerializer(EventSeqSerializer):
    """The step's event: its sequence number and the server's time."""

    at = serializers.DateTimeField()


class BoardSessionSerializer(serializers.Serializer):
    """The session's state on the board."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    active_statement_id = serializers.IntegerField(allow_null=True)
    step = serializers.ChoiceField(choices=Step.choices, allow_blank=True, allow_null=True)
    step_deadline = serializers.DateTimeField(allow_null=True)
    locked = serializers.BooleanField()
    ended = serializers.BooleanField()
    timer_closes_notes = serializers.BooleanField()
    highlighted_note_id = serializers.UUIDField(allow_null=True)
    last_seq = serializers.IntegerField()
    revealed = serializers.ListField(child=serializers.IntegerField())
    sealed = serializers.DictField(
        child=serializers.IntegerField(), help_text="Statement id -> sequence number."
    )
    reveal_policy = serializers.CharField()
    show_codes = serializers.BooleanField()


class BoardStatementSerializer(serializers.Serializer):
    """A statement of the study."""

    id = serializers.IntegerField()
    key = serializers.CharField()
    title = serializers.CharField(allow_blank=True)
    text = serializers.CharField()


class BoardLevelSerializer(serializers.Serializer):
    """A column of the board."""

    key = serializers.CharField()
    label = serializers.CharField()
    off_scale = serializers.BooleanField()


class BoardParticipantSerializer(serializers.Serializer):
    """A participant as the caller may see them (`consented` for members only)."""

    id = ParticipantRefField()
    code = serializers.CharField(allow_null=True)
    color = serializers.CharField()
    consented = serializers.BooleanField(required=False)


class BoardMeSerializer(serializers.Serializer):
    """The caller: a participant (with id, code and colour) or a member's role."""

    role = serializers.CharField(allow_null=True)
    can_run = serializers.BooleanField()
    id = serializers.IntegerField(required=False)
    code = serializers.CharField(required=False)
    color = serializers.CharField(required=False)


class BoardStateSerializer(serializers.Serializer):
    """Everything the caller may see of the board (the socket's snapshot)."""

    session = BoardSessionSerializer()
    statements = BoardStatementSerializer(many=True)
    levels = BoardLevelSerializer(many=True)
    participants = BoardParticipantSerializer(many=True)
    me = BoardMeSerializer()
    notes = BoardNoteSerializer(many=True)
    note_totals = serializers.DictField(
        child=serializers.IntegerField(), help_text="Statement id -> number of notes."
    )


class BoardEventSerializer(serializers.Serializer):
    """A board event as the caller may see it."""

    type = serializers.CharField()
    seq = serializers.IntegerField()
    event = serializers.CharField()
    at = serializers.DateTimeField()
    statement_id = serializers.IntegerField(allow_null=True)
    step = serializers.CharField(allow_null=True, allow_blank=True)
    data = serializers.DictField()


class BoardEventsSerializer(serializers.Serializer):
    """Either `events` (those after ?after=N) or, when too far behind, a `snapshot`."""

    events = BoardEventSerializer(many=True, required=False)
    snapshot = BoardStateSerializer(required=False)


class BoardErrorSerializer(serializers.Serializer):
    """A refusal: the protocol's error object (its code says why)."""

    type = serializers.CharField(required=False, help_text='"error"')
    code = serializers.ChoiceField(choices=[*sorted(ERROR_STATUS), "session_not_found"])
    message = serializers.CharField()
    field = serializers.CharField(required=False)
    current = serializers.DictField(required=False)
