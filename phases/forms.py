"""Forms of the phase-log pages; the services check the rules and name the field at fault."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from .models import MAX_REASON, PhaseEntry
from .selectors import phases_list, scenarios_list
from .services import MAX_CSV_BYTES


class EntryForm(forms.Form):
    """Log or correct one entry: main, visited, minutes, reason, scenario, when, who."""

    main = forms.ChoiceField(label=_("Main phase (the focus)"))
    visited = forms.ChoiceField(label=_("Phase worked on"))
    minutes = forms.FloatField(label=_("Minutes"), min_value=0.01, max_value=100_000)
    scenario = forms.ChoiceField(label=_("Scenario"), required=False)
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=MAX_REASON, widget=forms.Textarea({"rows": 2})
    )
    at = forms.DateTimeField(
        label=_("When"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    by = forms.CharField(label=_("Who"), required=False, max_length=80)

    def __init__(self, *args, study, entry: PhaseEntry | None, is_owner: bool, **kwargs):
        if entry is not None and not args[0]:
            kwargs["initial"] = {
                "main": entry.main.key,
                "visited": entry.visited.key,
                "minutes": entry.minutes,
                "scenario": entry.scenario.name if entry.scenario else "",
                "reason": entry.reason,
                "at": entry.at,
                "by": entry.by,
            }
        elif entry is None:
            kwargs["initial"] = {"at": timezone.localtime().replace(second=0, microsecond=0)}
        super().__init__(*args, **kwargs)
        choices = [(p.key, p.name) for p in phases_list(study)]
        self.fields["main"].choices = choices
        self.fields["visited"].choices = choices
        names = sorted({sc.name for sc in scenarios_list(study)})
        self.fields["scenario"].choices = [
            ("", pgettext("scenario", "None")),
            *((n, n) for n in names),
        ]
        if not is_owner:
            del self.fields["by"]  # members log their own entries

    def service_data(self, user) -> dict:
        data = dict(self.cleaned_data)
        data["by"] = data.get("by") or user.get_username()
        return data


class CsvImportForm(forms.Form):
    file = forms.FileField(label=_("CSV log"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:
            raise ValidationError(gettext("The file is larger than 50 MB."))
        return upload
