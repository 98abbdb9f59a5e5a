"""Forms of sessions: create a session, consent, and the study's characterization form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from statements.models import FieldType, Study
from statements.profile import PROFILE_INTEGER_MAX, PROFILE_INTEGER_MIN, PROFILE_TEXT_MAX


class SessionForm(forms.Form):
    name = forms.CharField(max_length=200, label=_("Session name"))
    held_on = forms.DateField(
        required=False, label=_("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )

    # A name already used in the study is refused by services.session_create.


class ConsentForm(forms.Form):
    accept = forms.BooleanField(
        label=_("I have read the text above and I agree to take part."),
        error_messages={"required": _("You need to agree before you can join.")},
    )


class JoinCodeForm(forms.Form):
    code = forms.CharField(max_length=12, label=_("Join code"))

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().upper().replace(" ", "")


class ProfileForm(forms.Form):
    """The study's characterization fields, validated by type and requiredness."""

    def __init__(self, *args, study: Study, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in study.profile_fields.all():
            common = {"label": field.label, "required": field.required}
            if field.type == FieldType.INTEGER:
                self.fields[field.key] = forms.IntegerField(
                    min_value=PROFILE_INTEGER_MIN, max_value=PROFILE_INTEGER_MAX, **common
                )
            elif field.type == FieldType.CHOICE:
                # Starts empty: a required choice skipped is refused, not recorded as data.
                choices = [("", _("Choose…")), *((c, c) for c in field.choices)]
                self.fields[field.key] = forms.ChoiceField(choices=choices, **common)
            else:
                self.fields[field.key] = forms.CharField(max_length=PROFILE_TEXT_MAX, **common)

    def profile(self) -> dict:
        """The answers, without the empty optional ones."""
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
