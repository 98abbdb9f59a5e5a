"""Studies and their design: scale levels, statements, profile fields and role memberships."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

# The one key rule of studies, statements, levels, profile fields, participants and codes.
KEY_MAX = 40
KEY_PATTERN = rf"^[A-Za-z0-9_-]{{1,{KEY_MAX}}}$"
KEY_RE = re.compile(KEY_PATTERN)
key_validator = RegexValidator(
    KEY_PATTERN, format_lazy(_("Use 1-{max} letters, digits, '_' or '-'."), max=KEY_MAX)
)


class RevealPolicy(models.TextChoices):
    OWN_ONLY = "own_only", _("Each participant sees own notes and a count of the others'")
    LIVE = "live", _("Everyone sees every note live")


class WithdrawalPolicy(models.TextChoices):
    """What withdrawing consent does to a participant's data (see sessions/withdrawal.py)."""

    ERASE = "erase", _("Erase their notes, profile and attribution")
    ANONYMISE = "anonymise", _("Keep their notes as anonymous marks (no text, no profile)")


class Study(models.Model):
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    consent_text = models.TextField(blank=True)
    reveal_policy = models.CharField(
        max_length=16, choices=RevealPolicy.choices, default=RevealPolicy.OWN_ONLY
    )
    show_codes_to_participants = models.BooleanField(
        default=False, help_text="Participants see each other's codes (anonymous by default)."
    )
    withdrawal_policy = models.CharField(
        max_length=16,
        choices=WithdrawalPolicy.choices,
        default=WithdrawalPolicy.ERASE,
        help_text="What happens to a participant's data when they withdraw consent.",
    )
    timer_closes_notes = models.BooleanField(
        default=False,
        help_text="When a step's timer runs out, participants can no longer write notes.",
    )
    language = models.CharField(
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text="The language of the participants' pages (join, consent, form, board).",
    )
    is_template = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "studies"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="study_title_not_empty"),
            models.CheckConstraint(
                condition=Q(withdrawal_policy__in=[w.value for w in WithdrawalPolicy]),
                name="study_withdrawal_policy_valid",
            ),
            models.CheckConstraint(
                condition=Q(language__in=[code for code, _name in settings.LANGUAGES]),
                name="study_language_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ScaleLevel(models.Model):
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="scale_levels")
    key = models.CharField(max_length=KEY_MAX, validators=[key_validator])
    label = models.CharField(max_length=100)
    position = models.PositiveIntegerField(default=0)
    off_scale = models.BooleanField(default=False)

    class Meta:
        ordering = ["study", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["study", "key"], name="scale_level_key_unique"),
            models.CheckConstraint(condition=~Q(key=""), name="scale_level_key_not_empty"),
        ]

    def __str__(self) -> str:
        return self.label


class Statement(models.Model):
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="statements")
    key = models.CharField(max_length=KEY_MAX, validators=[key_validator])
    title = models.CharField(max_length=200, blank=True)
    text = models.TextField()
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["study", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["study", "key"], name="statement_key_unique"),
            models.CheckConstraint(condition=~Q(key=""), name="statement_key_not_empty"),
            models.CheckConstraint(condition=~Q(text=""), name="statement_text_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.title or self.text[:40]}"


class FieldType(models.TextChoices):
    TEXT = "text", _("Text")
    INTEGER = "integer", _("Whole number")
    CHOICE = "choice", _("Choice")


class ProfileField(models.Model):
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="profile_fields")
    key = models.CharField(max_length=KEY_MAX, validators=[key_validator])
    label = models.CharField(max_length=200)
    type = models.CharField(max_length=16, choices=FieldType.choices, default=FieldType.TEXT)
    choices = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["study", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["study", "key"], name="profile_field_key_unique"),
            models.CheckConstraint(
                condition=Q(type__in=[t.value for t in FieldType]), name="profile_field_type_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    MODERATOR = "moderator", _("Moderator")
    ANALYST = "analyst", _("Analyst")


class Membership(models.Model):
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="study_memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["study", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["study", "user"], name="membership_unique"),
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in Role]), name="membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} as {self.role} of {self.study}"


class AuditAction(models.TextChoices):
    """What an audit entry records."""

    STUDY_EXPORT = "study.export", _("Exported the study file")
    STUDY_IMPORT = "study.import", _("Imported a study file")
    STUDY_DELETE = "study.delete", _("Deleted the study")
    ANALYSIS_EXPORT = "analysis.export", _("Exported analysis data")
    RECORDING_DELETE = "recording.delete", _("Deleted a recording")
    RECORDING_RETRANSCRIBE = "recording.retranscribe", _("Asked for a new transcription")
    PARTICIPANT_WITHDRAW = "participant.withdraw", _("Recorded a withdrawal of consent")
    MEMBER_SET = "member.set", _("Gave or changed a member's role")
    MEMBER_REMOVE = "member.remove", _("Removed a member")


class AuditEntry(models.Model):
    """Who did what to a study's data, and when: exports, imports, deletions, re-transcriptions,
    withdrawals and member changes. Details are small and never hold research content (no note
    texts, profiles or transcripts). Kept when the study is deleted (study becomes NULL)."""

    Action = AuditAction

    study = models.ForeignKey(
        Study, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    study_ref = models.PositiveIntegerField(help_text="The study's id, kept after its deletion.")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The username, or "participant P3", at the time: kept when the account goes.
    actor_label = models.CharField(max_length=150)
    action = models.CharField(max_length=40, choices=Action.choices)
    target = models.CharField(max_length=200, blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["study_ref", "-created_at"], name="audit_study_time")]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=[a.value for a in AuditAction]), name="audit_action_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target}"
