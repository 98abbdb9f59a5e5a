"""Input and output serializers of the coding API; inputs are validated here, rules in services."""

from __future__ import annotations

from rest_framework import serializers

from .models import MEMO_TEXT_MAX, Code, Coding, Memo, MemoAbout


class CodeOut(serializers.ModelSerializer):
    parent = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Code
        fields = ["id", "key", "name", "description", "color", "parent", "position"]


class CodeIn(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    key = serializers.CharField(max_length=40, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    color = serializers.CharField(max_length=7, required=False, allow_blank=True, default="")
    parent = serializers.IntegerField(required=False, allow_null=True, default=None)


class CodeUpdateIn(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    key = serializers.CharField(max_length=40, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    color = serializers.CharField(max_length=7, required=False, allow_blank=True)


class CodeMoveIn(serializers.Serializer):
    parent = serializers.IntegerField(allow_null=True)
    position = serializers.IntegerField(required=False, min_value=0)


class CodeMergeIn(serializers.Serializer):
    target = serializers.IntegerField()


class CodeDeleteOut(serializers.Serializer):
    codes = serializers.IntegerField()
    codings = serializers.IntegerField()
    memos = serializers.IntegerField()


class CodingOut(serializers.ModelSerializer):
    code_key = serializers.CharField(source="code.key", read_only=True)

    class Meta:
        model = Coding
        fields = [
            "id",
            "code",
            "code_key",
            "coder",
            "note",
            "segment",
            "start",
            "end",
            "created_at",
        ]


class CodingIn(serializers.Serializer):
    code = serializers.IntegerField()
    note = serializers.UUIDField(required=False, allow_null=True, default=None)
    segment = serializers.IntegerField(required=False, allow_null=True, default=None)
    start = serializers.IntegerField(required=False, allow_null=True, default=None)
    end = serializers.IntegerField(required=False, allow_null=True, default=None)
    as_final = serializers.BooleanField(required=False, default=False)


class MemoOut(serializers.ModelSerializer):
    class Meta:
        model = Memo
        fields = [
            "id",
            "about",
            "code",
            "note",
            "segment",
            "statement",
            "author",
            "text",
            "created_at",
        ]


class MemoIn(serializers.Serializer):
    about = serializers.ChoiceField(choices=MemoAbout.choices)
    target = serializers.CharField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The id of the code, note, segment or statement (nothing for the study).",
    )
    text = serializers.CharField(max_length=MEMO_TEXT_MAX, trim_whitespace=True)


class MemoUpdateIn(serializers.Serializer):
    text = serializers.CharField(max_length=MEMO_TEXT_MAX)


class AgreementCodeOut(serializers.Serializer):
    percent_agreement = serializers.FloatField()
    krippendorff_alpha = serializers.FloatField(allow_null=True)
    cohen_kappa = serializers.DictField(child=serializers.FloatField(allow_null=True))


class AgreementOut(serializers.Serializer):
    study = serializers.CharField()
    coders = serializers.ListField(child=serializers.CharField())
    units = serializers.IntegerField()
    codes = serializers.DictField(child=AgreementCodeOut())
