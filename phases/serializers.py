"""Input and output serializers of the phase-tracking API.

Inputs only check types; the rules (phases of the study, minutes range, reason length, scenario of
the shift) live in the services."""

from __future__ import annotations

from rest_framework import serializers

from .models import Phase, PhaseEntry, PhaseMemo, PhaseScenario


class PhaseOutput(serializers.ModelSerializer):
    class Meta:
        model = Phase
        fields = ["id", "key", "name", "position"]


class PhaseInput(serializers.Serializer):
    key = serializers.CharField(max_length=40)
    name = serializers.CharField(max_length=200)


class PhaseUpdateInput(serializers.Serializer):
    key = serializers.CharField(max_length=40, required=False)
    name = serializers.CharField(max_length=200, required=False)


class ReorderInput(serializers.Serializer):
    keys = serializers.ListField(child=serializers.CharField(max_length=40))
    confirm = serializers.BooleanField(default=False)


class ScenarioOutput(serializers.ModelSerializer):
    main = serializers.SlugRelatedField(slug_field="key", read_only=True)
    visited = serializers.SlugRelatedField(slug_field="key", read_only=True)

    class Meta:
        model = PhaseScenario
        fields = ["id", "main", "visited", "name", "description"]


class ScenarioInput(serializers.Serializer):
    main = serializers.CharField(max_length=40)
    visited = serializers.CharField(max_length=40)
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")


class ScenarioUpdateInput(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True)


class ScenarioMergeInput(serializers.Serializer):
    into = serializers.IntegerField(help_text="Id of the scenario that takes the entries.")


class ScenarioAssignInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class CountOutput(serializers.Serializer):
    count = serializers.IntegerField()


class EntryOutput(serializers.ModelSerializer):
    main = serializers.SlugRelatedField(slug_field="key", read_only=True)
    visited = serializers.SlugRelatedField(slug_field="key", read_only=True)
    scenario = serializers.SlugRelatedField(slug_field="name", read_only=True)
    direction = serializers.SerializerMethodField()

    class Meta:
        model = PhaseEntry
        fields = ["id", "main", "visited", "minutes", "reason", "scenario", "at", "by", "direction"]

    def get_direction(self, entry: PhaseEntry) -> str:
        from .matrix import direction

        return direction(entry.main.position, entry.visited.position)


class EntryInput(serializers.Serializer):
    main = serializers.CharField(max_length=40, help_text="Key of the main phase.")
    visited = serializers.CharField(max_length=40, help_text="Key of the visited phase.")
    minutes = serializers.FloatField(help_text="More than 0, at most 100,000.")
    reason = serializers.CharField(required=False, allow_blank=True, trim_whitespace=True)
    scenario = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    at = serializers.DateTimeField(required=False, allow_null=True)
    by = serializers.CharField(required=False, allow_blank=True, max_length=80)


class EntryUpdateInput(EntryInput):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class CsvImportInput(serializers.Serializer):
    file = serializers.FileField(help_text="CSV: main,visited,minutes,reason,at,by[,scenario]")


class MemoOutput(serializers.ModelSerializer):
    phase = serializers.SlugRelatedField(slug_field="key", read_only=True)

    class Meta:
        model = PhaseMemo
        fields = ["id", "phase", "text", "author", "created_at"]


class MemoInput(serializers.Serializer):
    phase = serializers.CharField(max_length=40)
    text = serializers.CharField(max_length=20000)


class MemoUpdateInput(serializers.Serializer):
    text = serializers.CharField(max_length=20000)


class TimerOutput(serializers.Serializer):
    running = serializers.BooleanField()
    main = serializers.CharField(allow_null=True)
    visited = serializers.CharField(allow_null=True)
    scenario = serializers.CharField(allow_null=True)
    reason = serializers.CharField(allow_blank=True)
    started_at = serializers.DateTimeField(allow_null=True)
    since = serializers.DateTimeField(allow_null=True)
    logged = EntryOutput(allow_null=True)


class TimerStartInput(serializers.Serializer):
    main = serializers.CharField(max_length=40)


class TimerShiftInput(serializers.Serializer):
    visited = serializers.CharField(max_length=40)
    scenario = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class MatrixOutput(serializers.Serializer):
    study = serializers.CharField()
    phases = serializers.ListField(child=serializers.CharField())
    matrix = serializers.DictField(child=serializers.DictField(child=serializers.FloatField()))
    directions = serializers.DictField(child=serializers.DictField(child=serializers.CharField()))
    minutes = serializers.DictField(child=serializers.FloatField())
