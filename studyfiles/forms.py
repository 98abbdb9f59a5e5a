"""The upload form of the study-file import page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .parse import human_size


class StudyImportForm(forms.Form):
    """One study file (JSON, spec/study-format.md) to import as a new study."""

    file = forms.FileField(
        label=_("Study file"),
        help_text=_(
            "A focusgroup study file (.json), such as one exported by another installation."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )

    def __init__(self, *args, limit: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        at_most = gettext("At most %(size)s.") % {"size": human_size(limit)}
        self.fields["file"].help_text = f"{self.fields['file'].help_text} {at_most}"
