"""Serializers of sessions, participants and notes for researchers, moderators and analysts.

Participants' secrets (access tokens, invite tokens) never appear here.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from statements.models import ProfileField
from statements.profile import answer_problem

from .models import Note, Participant, Session


class SessionInput(serializers.ModelSerializer):
    """A new session: its name (services.session_create refuses one the study already has)
    and the day it is held."""

    class Meta:
        model = Session
        fields = ["name", "held_on"]
        validators = []

    def validate_name(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError(_("A session needs a name."))
        return value


class SessionSerializer(serializers.ModelSerializer):
    """A session of a study and the state of its board."""

    class Meta:
        model = Session
        fields = [
            "id",
            "name",
            "held_on",
            "position",
            "invites_open",
            "started_at",
            "ended_at",
            "active_statement",
            "step",
            "locked",
            "created_at",
        ]
        read_only_fields = fields


def profile_errors(fields: list[ProfileField], profile: dict[str, Any]) -> dict[str, str]:
    """What is wrong with a profile, by key: unknown keys, missing answers, wrong types."""
    by_key = {field.key: field for field in fields}
    unknown = _("No such profile field in this study.")
    errors = {key: unknown for key in profile if key not in by_key}
    for key, field in by_key.items():
        if key not in profile or profile[key] in ("", None):
            if field.required:
                errors[key] = _("%(label)s is required.") % {"label": field.label}
            continue
        problem = answer_problem(field.type, field.choices, profile[key])
        if problem:
            errors[key] = _("%(label)s %(problem)s.") % {"label": field.label, "problem": problem}
    return errors


class ParticipantInput(serializers.Serializer):
    """A participant added by a researcher: the session and the profile's answers."""

    session = serializers.PrimaryKeyRelatedField(queryset=Session.objects.none())
    profile = serializers.DictField(required=False, default=dict)

    def get_fields(self):
        fields = super().get_fields()
        study = self.context.get("study")
        if study is not None:
            fields["session"].queryset = Session.objects.filter(study=study)
        return fields

    def validate_profile(self, value: dict[str, Any]) -> dict[str, Any]:
        fields = list(self.context["study"].profile_fields.all())
        errors = profile_errors(fields, value)
        if errors:
            raise serializers.ValidationError(errors)
        return value


class ParticipantSerializer(serializers.ModelSerializer):
    """A pseudonymous participant; the code and colour are given by the server."""

    profile = serializers.DictField(read_only=True)

    class Meta:
        model = Participant
        fields = [
            "id",
            "session",
            "code",
            "number",
            "color",
            "profile",
            "consented_at",
            "removed_at",
            "withdrawal",
            "withdrawn_at",
            "created_at",
        ]
        read_only_fields = fields

    def to_representation(self, instance: Participant) -> dict[str, Any]:
        data = super().to_representation(instance)
        if instance.withdrawn_at is not None:
            data["number"] = None  # the P-number would link the neutral code to the old one
        return data


class NoteSerializer(serializers.ModelSerializer):
    """A note as analysts read it: where it was stuck, by whom, and its text."""

    statement_key = serializers.CharField(source="statement.key", read_only=True)
    participant_code = serializers.CharField(source="participant.code", read_only=True)
    level = serializers.CharField(source="level.key", read_only=True)

    class Meta:
        model = Note
        fields = [
            "id",
            "session",
            "statement",
            "statement_key",
            "participant",
            "participant_code",
            "level",
            "text",
            "version",
            "flagged_unclear",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class WithdrawalSerializer(serializers.Serializer):
    """What a withdrawal did: the participant as they are now and what was erased or kept."""

    participant = ParticipantSerializer(read_only=True)
    policy = serializers.ChoiceField(choices=["erase", "anonymise"], read_only=True)
    notes = serializers.IntegerField(read_only=True)
    revisions = serializers.IntegerField(read_only=True)
    events = serializers.IntegerField(read_only=True)
    speakers = serializers.IntegerField(read_only=True)
