"""Output serializers of the analysis API: the shape of each answer, for the OpenAPI schema."""

from __future__ import annotations

from rest_framework import serializers


class StatementGridSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField(allow_blank=True)
    grid = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Level key -> the codes of the participants with a note there.",
    )
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="Notes per level.")
    summary = serializers.CharField(help_text="The grid in one sentence, in the paper's words.")


class GridDocumentSerializer(serializers.Serializer):
    study = serializers.CharField(help_text="The study's title.")
    scale = serializers.ListField(child=serializers.CharField(), help_text="Level keys in order.")
    participants = serializers.ListField(child=serializers.CharField())
    statements = StatementGridSerializer(many=True)


class FieldLabelSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()


class ParticipantRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    session = serializers.CharField()
    profile = serializers.DictField(help_text="Answer per profile-field key (null if none).")


class ParticipantTableSerializer(serializers.Serializer):
    fields = FieldLabelSerializer(many=True)
    participants = ParticipantRowSerializer(many=True)
    table = serializers.DictField(help_text="header (a list) and rows (lists), as in the paper.")


class CellNoteSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    session = serializers.CharField()
    text = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class CellNotesSerializer(serializers.Serializer):
    statement = serializers.CharField()
    participant = serializers.CharField()
    level = serializers.CharField()
    notes = CellNoteSerializer(many=True)
