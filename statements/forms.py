"""Forms of the study design pages; services do the final validation and the writes."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import KEY_MAX, FieldType, Role, Study, key_validator
from .services import SCALE_PRESETS, STUDY_SETTINGS
from .services.presets import NO_SCALE

KEY_HELP = format_lazy(
    _(
        "Proposed from the label; leave it empty to have one derived. "
        "1-{max} letters, digits, '_' or '-'; unique within the study."
    ),
    max=KEY_MAX,
)


def key_field(label: str = _("Key"), help_text: str = KEY_HELP) -> forms.CharField:
    """A key input that explains and enforces the key rule; empty means derived from the label."""
    return forms.CharField(
        label=label,
        max_length=KEY_MAX,
        validators=[key_validator],
        help_text=help_text,
        required=False,
    )


class KeyProposalMixin:
    """A design form whose key the page proposes from its label as the user types
    (static/js/design_keys.js): `propose_keys(taken_id)` marks the inputs for the script."""

    key_source = "label"
    key_fallback = ""

    def propose_keys(self, taken_id: str) -> None:
        """Tie the key input to its label input and to the page's list of taken keys."""
        self.fields["key"].widget.attrs.update(
            {
                "data-key-from": self[self.key_source].auto_id,
                "data-key-taken": taken_id,
                "data-key-fallback": self.key_fallback,
                "autocomplete": "off",
            }
        )


def preset_choices() -> list[tuple[str, str]]:
    """The presets by their description, in the page's language (asked when the form renders)."""
    presets = [(key, gettext(text)) for key, (text, _levels) in SCALE_PRESETS.items()]
    return [*presets, (NO_SCALE, gettext("No scale: phase tracking only (add its phases next)"))]


class StudySettingsForm(forms.ModelForm):
    """Title, texts and participant-facing settings of a study."""

    class Meta:
        model = Study
        fields = list(STUDY_SETTINGS)
        labels = {
            "title": _("Title"),
            "description": _("Description"),
            "consent_text": _("Consent text"),
            "reveal_policy": _("What participants see of others' notes"),
            "show_codes_to_participants": _("Participants see each other's codes"),
            "withdrawal_policy": _("When a participant withdraws consent"),
            "timer_closes_notes": _("The timer closes notes when it runs out"),
            "language": _("Participants' language"),
        }
        help_texts = {
            "consent_text": _("Shown to participants before they join a session."),
            "show_codes_to_participants": _("Off by default: participants stay anonymous."),
            "withdrawal_policy": _(
                "Erase removes their notes; anonymise keeps them as counts only."
            ),
            "timer_closes_notes": _("Participants see the countdown and that notes close at zero."),
            "language": _(
                "Join, consent, form and board pages speak it, whatever the browser says; "
                "a new study's scale comes in it."
            ),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "consent_text": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A form posted without it (an older page, a script) keeps the study's current policy.
        self.fields["withdrawal_policy"].required = False
        self.fields["language"].required = False  # likewise, the current language

    def clean_withdrawal_policy(self) -> str:
        return self.cleaned_data.get("withdrawal_policy") or self.instance.withdrawal_policy

    def clean_language(self) -> str:
        return self.cleaned_data.get("language") or self.instance.language


class StudyCreateForm(StudySettingsForm):
    """A new study: its settings plus a scale preset to start from."""

    scale_preset = forms.ChoiceField(
        label=_("Scale"), choices=preset_choices, initial="paper", widget=forms.RadioSelect
    )

    class Meta(StudySettingsForm.Meta):
        pass


class StudyFromTemplateForm(forms.Form):
    """A new study copied from a template."""

    template = forms.ChoiceField(label=_("Template"), widget=forms.RadioSelect)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to keep the template's."),
    )
    language = forms.ChoiceField(
        label=_("Participants' language"),
        choices=settings.LANGUAGES,
        initial="en",
        help_text=_("The scale's levels come in it; the template's own texts stay as written."),
        required=False,  # a form posted without it (an older page, a script): English
    )

    def __init__(self, *args, templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [
            (t.key, f"{t.title}: {t.description}" if t.description else t.title) for t in templates
        ]
        if len(self.fields["template"].choices) == 1:
            self.fields["template"].initial = self.fields["template"].choices[0][0]

    def clean_language(self) -> str:
        return self.cleaned_data.get("language") or "en"


class ScalePresetForm(forms.Form):
    """Replace the whole scale with a preset."""

    preset = forms.ChoiceField(label=_("Preset"), choices=preset_choices)


class ScaleLevelForm(KeyProposalMixin, forms.Form):
    """One column of the board."""

    key_fallback = "level"

    label = forms.CharField(label=_("Label"), max_length=100)
    key = key_field()
    off_scale = forms.BooleanField(
        label=_('Off the agree-disagree axis (like "No opinion")'), required=False
    )


class StatementForm(KeyProposalMixin, forms.Form):
    """One statement participants react to."""

    key_source, key_fallback = "title", "S"

    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    key = key_field(
        help_text=format_lazy(
            _(
                "Proposed from the title, else S1, S2, …; leave it empty to have one derived. "
                "1-{max} letters, digits, '_' or '-'; unique within the study."
            ),
            max=KEY_MAX,
        )
    )
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))


class StatementPasteForm(forms.Form):
    """Many statements at once, one per line; the service names a refused line by its number."""

    lines = forms.CharField(
        label=_("Statements, one per line"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Blank lines are skipped; keys continue the S1, S2, … series. All are added, or none."
        ),
        error_messages={"required": _("Paste at least one statement, one per line.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The service checks each line and says which one holds a NUL; the field would not.
        field = self.fields["lines"]
        field.validators = [
            v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]


class ProfileFieldForm(KeyProposalMixin, forms.Form):
    """One question of the participant characterization form."""

    key_fallback = "field"

    label = forms.CharField(label=_("Label"), max_length=200)
    key = key_field()
    type = forms.ChoiceField(label=_("Type"), choices=FieldType.choices)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "data-required-for-type": FieldType.CHOICE}),
        help_text=_("Required for a Choice field: one choice per line. Leave empty otherwise."),
    )
    required = forms.BooleanField(label=_("Participants must answer"), required=False)

    def __init__(self, *args, initial=None, **kwargs):
        if initial and isinstance(initial.get("choices"), list):
            initial = {**initial, "choices": "\n".join(initial["choices"])}
        super().__init__(*args, initial=initial, **kwargs)
        # Its label says "(required for Choice)" rather than "(optional)" (_form_fields.html).
        self.fields["choices"].required_for = FieldType.CHOICE.label

    def clean_choices(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["choices"].splitlines()]
        return [line for line in lines if line]

    def clean(self):
        cleaned = super().clean()
        kind, choices = cleaned.get("type"), cleaned.get("choices") or []
        if kind == FieldType.CHOICE and not choices:
            self.add_error("choices", _("A Choice field needs at least one choice: one per line."))
        elif kind and kind != FieldType.CHOICE and choices:
            self.add_error("choices", _("Only a choice field has choices: empty this box."))
        elif len(set(choices)) != len(choices):
            self.add_error("choices", _("Each choice may appear only once."))
        return cleaned


class MemberInviteForm(forms.Form):
    """Invite an existing user into the study."""

    identifier = forms.CharField(label=_("Username or email"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.ANALYST)


class MemberRoleForm(forms.Form):
    """Change a member's role."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


ROLE_HELP = {
    Role.OWNER: _("designs the study, runs sessions and manages members"),
    Role.MODERATOR: _("runs sessions and sees their data"),
    Role.ANALYST: _("reads and exports everything, changes nothing"),
}
