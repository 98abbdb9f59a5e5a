"""Forms of the recordings pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sessions.models import Participant

from .models import Recording, Speaker
from .upload import ALLOWED_SUFFIXES

MODERATOR = "moderator"


class UploadForm(forms.Form):
    """One or more recordings; the start time is optional (the session's start by default)."""

    file = forms.FileField(
        label=_("Recording"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_SUFFIXES)}),
    )
    started_at = forms.DateTimeField(
        label=_("Recording started at (UTC)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": "1"}),
        help_text=_("Leave empty to use the session's start."),
    )


class StartedAtForm(forms.Form):
    started_at = forms.DateTimeField(
        label=_("Recording started at (UTC)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": "1"}),
    )


class SegmentForm(forms.Form):
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    speaker = forms.CharField(label=_("Speaker"), required=False)


class SpeakerForm(forms.Form):
    """A speaker label and who it is: a participant of the session, the moderator, or unknown."""

    label = forms.CharField(label=_("Speaker label"), max_length=60)
    who = forms.ChoiceField(label=_("Is"), required=False)

    def __init__(self, *args, recording: Recording, **kwargs):
        super().__init__(*args, **kwargs)
        participants = Participant.objects.filter(
            session=recording.session, withdrawn_at__isnull=True
        ).order_by("number")
        self.participants = {str(p.pk): p for p in participants}
        self.fields["who"].choices = [
            ("", _("Not mapped")),
            (MODERATOR, _("The moderator")),
            *[
                (pk, _("Participant %(code)s") % {"code": p.code})
                for pk, p in self.participants.items()
            ],
        ]

    def mapping(self) -> tuple[Participant | None, bool]:
        who = self.cleaned_data.get("who") or ""
        return self.participants.get(who), who == MODERATOR


def speaker_choices(speakers: list[Speaker]) -> list[tuple[str, str]]:
    return [("", "—")] + [(str(s.pk), s.code) for s in speakers]
