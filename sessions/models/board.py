"""The live board: sessions, pseudonymous participants, notes, their history and the event log."""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, date, datetime, time

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from statements.models import ScaleLevel, Statement, Study, key_validator

NOTE_TEXT_MAX = 2000
# Notes in the order they were written: those of unknown time (imported without one, so written
# before anything live) first, in file order, then by time. One order for board, API and export.
NOTE_ORDER = (F("created_at").asc(nulls_first=True), "seq")


def new_invite_token() -> str:
    return secrets.token_urlsafe(24)


def new_join_code() -> str:
    # Unambiguous upper-case letters and digits: easy to read aloud and type.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(6))


class Step(models.TextChoices):
    """The three steps of a statement, in their order; their labels are the only ones (the
    console's buttons and the board script read them from the page)."""

    INTRODUCE = "introduce", _("Introduce")
    COMMENT = "comment", _("Add comments")
    DISCUSS = "discuss", _("Discuss")


def end_of_day(day: date) -> datetime:
    """The stand-in end of a session known only by its day (an import without note times)."""
    return datetime.combine(day, time.max, tzinfo=UTC)


class Session(models.Model):
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="sessions")
    name = models.CharField(max_length=200)
    held_on = models.DateField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    invite_token = models.CharField(max_length=64, unique=True, default=new_invite_token)
    join_code = models.CharField(max_length=12, unique=True, default=new_join_code)
    invites_open = models.BooleanField(default=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    active_statement = models.ForeignKey(
        Statement, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    step = models.CharField(max_length=16, choices=Step.choices, default=Step.INTRODUCE)
    step_deadline = models.DateTimeField(null=True, blank=True)
    locked = models.BooleanField(default=False)
    highlighted_note = models.ForeignKey(
        "Note", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_seq = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["study", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["study", "name"], name="session_name_unique"),
            models.CheckConstraint(condition=~Q(name=""), name="session_name_not_empty"),
            models.CheckConstraint(
                condition=Q(step__in=[s.value for s in Step]), name="session_step_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def ended_on_day(self) -> date | None:
        """The day it ended when only the day is known (see end_of_day), else None: pages show
        that day and say the time is not known, never the stand-in's 23:59."""
        if self.held_on is None or self.ended_at != end_of_day(self.held_on):
            return None
        return self.held_on


class Withdrawal(models.TextChoices):
    ERASED = "erased", "Withdrawn, data erased"
    ANONYMISED = "anonymised", "Withdrawn, data anonymised"


class Participant(models.Model):
    # study is denormalised from session so that the database enforces codes unique per study.
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="participants")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="participants")
    code = models.CharField(max_length=40, validators=[key_validator])
    number = models.PositiveIntegerField(default=0)
    color = models.CharField(max_length=7)
    profile = models.JSONField(default=dict, blank=True)
    consented_at = models.DateTimeField(null=True, blank=True)
    # Secret of a personal link or of the browser that joined: the same browser is the same person.
    access_token = models.CharField(max_length=64, unique=True, default=new_invite_token)
    removed_at = models.DateTimeField(null=True, blank=True)
    # Set once, by sessions/withdrawal.py: "erased" rows are tombstones shown nowhere; "anonymised"
    # ones keep their notes as marks under a neutral code.
    withdrawal = models.CharField(max_length=16, choices=Withdrawal.choices, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["study", "number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["study", "code"], name="participant_code_unique"),
            models.CheckConstraint(
                condition=Q(color__regex=r"^#[0-9A-Fa-f]{6}$"), name="participant_color_hex"
            ),
            models.CheckConstraint(condition=~Q(code=""), name="participant_code_not_empty"),
            models.CheckConstraint(
                condition=(Q(withdrawal="") & Q(withdrawn_at__isnull=True))
                | (Q(withdrawal__in=["erased", "anonymised"]) & Q(withdrawn_at__isnull=False)),
                name="participant_withdrawal_consistent",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class Note(models.Model):
    # The id is generated by the client, so that a resend after a reconnect is accepted once.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # No index of its own: the (session, statement) index below leads with it.
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="notes", db_index=False
    )
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="notes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="notes")
    # RESTRICT: a level in use is not deleted alone, but goes with its study (and its notes).
    level = models.ForeignKey(ScaleLevel, on_delete=models.RESTRICT, related_name="notes")
    text = models.TextField()
    version = models.PositiveIntegerField(default=1)
    flagged_unclear = models.BooleanField(default=False)
    # Null for a note imported from a file that gave no time: the time is unknown, never guessed
    # (export leaves it out, time filters and timelines skip the note, NOTE_ORDER puts it first).
    created_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Creation order within the session, one meaning everywhere: the board's event number when
    # written live, the note's place among its session's notes when imported from a file.
    seq = models.PositiveBigIntegerField(default=0)
    # The note's id in the study file it came from (format version 2), kept for export; "" if none.
    file_id = models.CharField(max_length=40, blank=True, default="")

    class Meta:
        ordering = NOTE_ORDER
        constraints = [
            models.CheckConstraint(
                condition=GreaterThanOrEqual(Length("text"), 1)
                & LessThanOrEqual(Length("text"), NOTE_TEXT_MAX),
                name="note_text_length",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="note_version_positive"),
            # A note of unknown time (imported) gets one once changed live, never the reverse.
            models.CheckConstraint(
                condition=Q(created_at__isnull=True) | Q(updated_at__isnull=False),
                name="note_updated_when_created_known",
            ),
        ]
        indexes = [models.Index(fields=["session", "statement"])]

    def __str__(self) -> str:
        return f"{self.participant} on {self.statement.key}: {self.text[:30]}"


class NoteRevision(models.Model):
    """One state of a note; a move between columns is kept as opinion-change data."""

    class Kind(models.TextChoices):
        CREATE = "create", "Created"
        EDIT = "edit", "Edited"
        MOVE = "move", "Moved"
        DELETE = "delete", "Deleted"

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="revisions")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    version = models.PositiveIntegerField()
    level = models.ForeignKey(ScaleLevel, on_delete=models.RESTRICT, related_name="+")
    text = models.TextField()
    # Null only for the creation of a note imported without a time.
    created_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["note", "version", "id"]

    def __str__(self) -> str:
        return f"{self.note_id} v{self.version} ({self.kind})"


class BoardEvent(models.Model):
    """A change on a board, numbered per session and stamped by the server."""

    # No index of its own: the unique (session, seq) constraint's index leads with it.
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="events", db_index=False
    )
    seq = models.PositiveBigIntegerField()
    type = models.CharField(max_length=40)
    payload = models.JSONField(default=dict)
    statement = models.ForeignKey(
        Statement, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    step = models.CharField(max_length=16, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["session", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["session", "seq"], name="board_event_seq_unique")
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.type}"
