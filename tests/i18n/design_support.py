"""The files of the study design, members, import and creation pages and the strings they mark
for translation (extracted as `make messages` does), for the translation tests of those pages."""

from __future__ import annotations

from .analysis_support import template_messages
from .support import ROOT, Message

DESIGN_TEMPLATES = sorted((ROOT / "templates" / "statements").glob("*.html"))
# What the pages show: forms, choices (models), messages of the views, presets' descriptions.
DESIGN_PYTHON = [
    ROOT / name
    for name in (
        "statements/forms.py",
        "statements/models.py",
        "statements/services/design.py",
        "statements/services/presets.py",
        "statements/services/validation.py",
        "statements/views.py",
        "statements/views_design.py",
        "statements/views_members.py",
        "studyfiles/forms.py",
        "studyfiles/views.py",
    )
]


def design_messages() -> list[Message]:
    """The strings of the design pages and of the Python that words them."""
    return template_messages(DESIGN_TEMPLATES, DESIGN_PYTHON)
