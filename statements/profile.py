"""The one rule for the answers to a study's characterization form.

The form's answers are its profile fields; the join form, the REST API, the participant services
and the study file all check them here."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from focusgroup.errors import DomainError
from focusgroup.text import TextError, bad_text_check

from .models import FieldType, ProfileField

PROFILE_TEXT_MAX = 200
PROFILE_INTEGER_MIN = 0
# Whole numbers beyond this lose precision in browsers and in some JSON readers.
PROFILE_INTEGER_MAX = 2**53 - 1


def answer_problem(kind: str, choices: list[str], value: Any) -> str | None:
    """What is wrong with one answer to a field of type `kind`, as the end of a sentence that
    starts with the field's name ("must be a whole number"); None when the answer fits."""
    if kind == FieldType.INTEGER:
        if isinstance(value, bool) or not isinstance(value, int):
            return _("must be a whole number")
        if not PROFILE_INTEGER_MIN <= value <= PROFILE_INTEGER_MAX:
            return _("must be a whole number from %(min)s to %(max)s") % {
                "min": PROFILE_INTEGER_MIN,
                "max": PROFILE_INTEGER_MAX,
            }
    elif kind == FieldType.CHOICE:
        if not isinstance(value, str) or value not in choices:
            return _("must be one of: %(choices)s") % {"choices": ", ".join(choices)}
    elif not isinstance(value, str):
        return _("must be text")
    elif len(value) > PROFILE_TEXT_MAX:
        return _("must be at most %(max)s characters long (it has %(count)s)") % {
            "max": PROFILE_TEXT_MAX,
            "count": len(value),
        }
    return None


def profile_check(*, study_id: int, profile: Any) -> None:
    """Refuse a participant's answers that break the rule, name no field of the study, or hold a
    NUL or a lone surrogate; the message names the answer. Unanswered fields pass: a participant
    pre-registered on the console has none yet (the forms ask for the required ones)."""
    try:
        bad_text_check(profile, field="profile")
    except TextError as exc:
        raise DomainError(exc.code, exc.message, field="profile") from None
    if not profile:
        return
    if not isinstance(profile, dict):
        raise DomainError("invalid_profile", _("The profile must map field keys to answers."))
    fields = {field.key: field for field in ProfileField.objects.filter(study_id=study_id)}
    for key, value in profile.items():
        field = fields.get(key)
        if field is None:
            message = _("“%(key)s” is not a profile field of this study.") % {"key": key}
            raise DomainError("invalid_profile", message, field=f"profile.{key}")
        problem = None if value in ("", None) else answer_problem(field.type, field.choices, value)
        if problem:
            message = _("%(label)s %(problem)s.") % {"label": field.label, "problem": problem}
            raise DomainError("invalid_profile", message, field=f"profile.{key}")
