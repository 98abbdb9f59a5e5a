"""Codes (a tree per study), codings (a coder applied a code to a span of a unit) and memos."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from statements.models import KEY_MAX, Statement, Study, key_validator

from .units import Note, TranscriptSegment

CODER_MAX = 80
MEMO_TEXT_MAX = 20_000
# The reconciled coding is kept under this coder label; agreement leaves it out.
FINAL_CODER = "final"


class Code(models.Model):
    """A code of a study's codebook; children nest under a parent."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="codes")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    key = models.CharField(max_length=KEY_MAX, validators=[key_validator])
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    color = models.CharField(max_length=7, blank=True)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["study", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["study", "key"], name="code_key_unique"),
            models.CheckConstraint(condition=~Q(key=""), name="code_key_not_empty"),
            models.CheckConstraint(condition=~Q(name=""), name="code_name_not_empty"),
            models.CheckConstraint(
                condition=Q(color="") | Q(color__regex=r"^#[0-9A-Fa-f]{6}$"), name="code_color_hex"
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="code_not_own_parent"),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.name}"


class Coding(models.Model):
    """A coder applied a code to a span (start..end, code points) of a note or a transcript line;
    no span means the whole unit."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="codings")
    code = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="codings")
    coder = models.CharField(max_length=CODER_MAX)
    coder_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.ForeignKey(
        Note, null=True, blank=True, on_delete=models.CASCADE, related_name="codings"
    )
    segment = models.ForeignKey(
        TranscriptSegment, null=True, blank=True, on_delete=models.CASCADE, related_name="codings"
    )
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["study", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(note__isnull=False, segment__isnull=True)
                | Q(note__isnull=True, segment__isnull=False),
                name="coding_one_unit",
            ),
            models.CheckConstraint(
                condition=Q(start__isnull=True, end__isnull=True)
                | Q(start__isnull=False, end__isnull=False, end__gt=F("start")),
                name="coding_span_valid",
            ),
            models.CheckConstraint(condition=~Q(coder=""), name="coding_coder_not_empty"),
            models.UniqueConstraint(
                fields=["coder", "code", "note", "segment", "start", "end"],
                nulls_distinct=False,
                name="coding_unique_per_coder_span",
            ),
        ]
        indexes = [
            models.Index(fields=["study", "coder"]),
            models.Index(fields=["note"]),
            models.Index(fields=["segment"]),
        ]

    def __str__(self) -> str:
        return f"{self.coder}: {self.code_id} on {self.note_id or self.segment_id}"


class MemoAbout(models.TextChoices):
    CODE = "code", pgettext_lazy("qualitative code", "Code")
    NOTE = "note", _("Note")
    SEGMENT = "segment", _("Transcript line")
    STATEMENT = "statement", _("Statement")
    STUDY = "study", _("Study")


class Memo(models.Model):
    """An analyst's memo about exactly one thing of a study (or the study itself)."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="memos")
    about = models.CharField(max_length=16, choices=MemoAbout.choices)
    code = models.ForeignKey(
        Code, null=True, blank=True, on_delete=models.CASCADE, related_name="memos"
    )
    note = models.ForeignKey(
        Note, null=True, blank=True, on_delete=models.CASCADE, related_name="memos"
    )
    segment = models.ForeignKey(
        TranscriptSegment, null=True, blank=True, on_delete=models.CASCADE, related_name="memos"
    )
    statement = models.ForeignKey(
        Statement, null=True, blank=True, on_delete=models.CASCADE, related_name="memos"
    )
    author = models.CharField(max_length=CODER_MAX)
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["study", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(about="code", code__isnull=False)
                    | Q(about="note", note__isnull=False)
                    | Q(about="segment", segment__isnull=False)
                    | Q(about="statement", statement__isnull=False)
                    | Q(about="study")
                ),
                name="memo_about_target",
            ),
            models.CheckConstraint(
                condition=Q(
                    code__isnull=True,
                    note__isnull=True,
                    segment__isnull=True,
                    statement__isnull=True,
                )
                | Q(about="code", note__isnull=True, segment__isnull=True, statement__isnull=True)
                | Q(about="note", code__isnull=True, segment__isnull=True, statement__isnull=True)
                | Q(about="segment", code__isnull=True, note__isnull=True, statement__isnull=True)
                | Q(about="statement", code__isnull=True, note__isnull=True, segment__isnull=True),
                name="memo_one_target",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="memo_text_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.about}: {self.text[:30]}"
