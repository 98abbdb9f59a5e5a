"""Serializers of studies and their design.

They shape and check input; services validate the rules that need the database and do the writes."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from .models import FieldType, Membership, ProfileField, Role, ScaleLevel, Statement, Study
from .permissions import study_role
from .services import SCALE_PRESETS, STUDY_SETTINGS

# One named choice set (ScalePresetEnum in the schema, see settings.ENUM_NAME_OVERRIDES).
SCALE_PRESET_CHOICES = [(key, description) for key, (description, _) in SCALE_PRESETS.items()]


# The API leaves the timer and the participants' language to the settings page.
API_SETTINGS = [name for name in STUDY_SETTINGS if name not in ("timer_closes_notes", "language")]


class StudyInput(serializers.ModelSerializer):
    """A study's settings as a client sends them; on creation, the scale preset to start from."""

    scale_preset = serializers.ChoiceField(
        choices=SCALE_PRESET_CHOICES, write_only=True, required=False, default="paper"
    )

    class Meta:
        model = Study
        fields = [*API_SETTINGS, "scale_preset"]

    def validate_title(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError(_("A study needs a title."))
        return value


class StudySerializer(serializers.ModelSerializer):
    """A study's settings, and the caller's role in it."""

    my_role = serializers.SerializerMethodField()

    class Meta:
        model = Study
        fields = ["id", *API_SETTINGS, "my_role", "created_at", "updated_at"]
        read_only_fields = fields

    def get_my_role(self, study: Study) -> str | None:
        if hasattr(study, "my_role"):
            return study.my_role
        request = self.context.get("request")
        return study_role(request.user, study) if request else None


class ScaleLevelInput(serializers.ModelSerializer):
    """One column of the board as a client sends it."""

    class Meta:
        model = ScaleLevel
        fields = ["key", "label", "off_scale"]
        validators = []  # uniqueness within the study is checked by the service


class ScaleLevelSerializer(serializers.ModelSerializer):
    """One column of the board, with its place."""

    class Meta:
        model = ScaleLevel
        fields = ["id", "key", "label", "off_scale", "position"]
        read_only_fields = fields


class StatementInput(serializers.ModelSerializer):
    """One statement as a client sends it; new ones go to the end of the board order."""

    class Meta:
        model = Statement
        fields = ["key", "title", "text"]
        validators = []


class StatementSerializer(serializers.ModelSerializer):
    """One statement, with its place in the board order."""

    class Meta:
        model = Statement
        fields = ["id", "key", "title", "text", "position"]
        read_only_fields = fields


class ProfileFieldInput(serializers.ModelSerializer):
    """One question of the characterization form as a client sends it; `choices` only for a
    choice field."""

    choices = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, default=list
    )

    class Meta:
        model = ProfileField
        fields = ["key", "label", "type", "choices", "required"]
        validators = []

    def validate(self, attrs: dict) -> dict:
        kind = attrs.get("type", getattr(self.instance, "type", FieldType.TEXT))
        choices = attrs.get("choices", getattr(self.instance, "choices", []))
        if kind == FieldType.CHOICE and not choices:
            raise serializers.ValidationError({"choices": _("A choice field needs choices.")})
        if kind != FieldType.CHOICE and choices:
            raise serializers.ValidationError({"choices": _("Only a choice field has choices.")})
        return attrs


class ProfileFieldSerializer(serializers.ModelSerializer):
    """One question of the characterization form, with its place."""

    choices = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = ProfileField
        fields = ["id", "key", "label", "type", "choices", "required", "position"]
        read_only_fields = fields


class MoveSerializer(serializers.Serializer):
    """Which way to move an item in its list."""

    direction = serializers.ChoiceField(choices=["up", "down"])


class ScalePresetSerializer(serializers.Serializer):
    """The preset that replaces a scale."""

    preset = serializers.ChoiceField(choices=SCALE_PRESET_CHOICES)


class MembershipInput(serializers.ModelSerializer):
    """An invitation (`user`: a username or an email, and a role) or a new role."""

    user = serializers.CharField(help_text="Username or email of the user to invite.")
    role = serializers.ChoiceField(choices=Role.choices)

    class Meta:
        model = Membership
        fields = ["user", "role"]
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        if isinstance(self.instance, Membership):
            fields["user"].required = False  # the role changes; the user stays
        return fields


class MembershipSerializer(serializers.ModelSerializer):
    """A member and their role."""

    username = serializers.CharField(source="user.username", read_only=True)
    email = serializers.CharField(source="user.email", read_only=True)
    role = serializers.ChoiceField(choices=Role.choices, read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "username", "email", "role", "created_at"]
        read_only_fields = fields
