"""Scale presets offered to a new study: the paper's five columns, 5- and 7-point Likert.

Level labels are marked for translation: a study whose participants speak Portuguese or Spanish
gets them in its language (`preset_levels`), stored as plain text the researcher may edit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import (
    gettext_noop,  # descriptions: plain text, translated where shown
)


@dataclass(frozen=True)
class LevelSpec:
    key: str
    label: str  # or a lazy translation, in a preset
    off_scale: bool = False


# A study of phase tracking alone has no scale (and no statements).
NO_SCALE = "none"

SCALE_PRESETS: dict[str, tuple[str, list[LevelSpec]]] = {
    "paper": (
        gettext_noop("The paper's five columns (four agreement levels and No opinion)"),
        [
            LevelSpec("strongly_agree", _("Strongly agree")),
            LevelSpec("partially_agree", _("Partially agree")),
            LevelSpec("partially_disagree", _("Partially disagree")),
            LevelSpec("strongly_disagree", _("Strongly disagree")),
            LevelSpec("no_opinion", _("No opinion"), off_scale=True),
        ],
    ),
    "likert5": (
        gettext_noop("Classic 5-point Likert"),
        [
            LevelSpec("strongly_agree", _("Strongly agree")),
            LevelSpec("agree", _("Agree")),
            LevelSpec("neutral", _("Neither agree nor disagree")),
            LevelSpec("disagree", _("Disagree")),
            LevelSpec("strongly_disagree", _("Strongly disagree")),
        ],
    ),
    "likert7": (
        gettext_noop("Classic 7-point Likert"),
        [
            LevelSpec("strongly_agree", _("Strongly agree")),
            LevelSpec("agree", _("Agree")),
            LevelSpec("somewhat_agree", _("Somewhat agree")),
            LevelSpec("neutral", _("Neither agree nor disagree")),
            LevelSpec("somewhat_disagree", _("Somewhat disagree")),
            LevelSpec("disagree", _("Disagree")),
            LevelSpec("strongly_disagree", _("Strongly disagree")),
        ],
    ),
}


def preset_levels(preset: str, language: str) -> list[LevelSpec]:
    """The preset's levels with their labels in the language (a code of settings.LANGUAGES)."""
    with translation.override(language):
        return [replace(level, label=str(level.label)) for level in SCALE_PRESETS[preset][1]]


def preset_label(label: str, language: str) -> str:
    """A preset level's English label in the language (a study file or template written in
    English gets the presets' translations); any other label comes back as it is."""
    with translation.override("en"):
        known = {str(lv.label): lv.label for _d, levels in SCALE_PRESETS.values() for lv in levels}
    if label not in known:
        return label
    with translation.override(language):
        return str(known[label])
