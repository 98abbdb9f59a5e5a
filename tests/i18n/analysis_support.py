"""The files of the analysis, coding and phase-tracking pages and the strings they mark for
translation (extracted as `make messages` does), for the translation tests of those pages."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.utils.translation.template import templatize

from .support import PYTHON_KEYWORDS, ROOT, SCRIPT_KEYWORDS, Message, _xgettext

TEMPLATE_DIRECTORIES = ("analysis", "coding", "phases")
ANALYSIS_TEMPLATES = sorted(
    path for name in TEMPLATE_DIRECTORIES for path in (ROOT / "templates" / name).glob("*.html")
)
# What the pages of the three areas show, and the exports' labels and headings they offer.
ANALYSIS_PYTHON = [
    ROOT / name
    for name in (
        "analysis/charts.py",
        "analysis/exporters/__init__.py",
        "analysis/filters.py",
        "analysis/html.py",
        "analysis/summary.py",
        "analysis/views.py",
        "analysis/views_wrapup.py",
        "coding/exporters.py",
        "coding/filters.py",
        "coding/models.py",
        "coding/reports.py",
        "coding/services/codebook.py",
        "coding/services/codings.py",
        "coding/views.py",
        "coding/views_codebook.py",
        "phases/exports.py",
        "phases/forms.py",
        "phases/selectors.py",
        "phases/services/entries.py",
        "phases/services/structure.py",
        "phases/services/timer.py",
        "phases/services/validation.py",
        "phases/views.py",
        "phases/views_setup.py",
    )
]
ANALYSIS_SCRIPTS = [
    ROOT / "static" / "js" / name
    for name in (
        "analysis.js",
        "coding/api.js",
        "coding/coding.js",
        "coding/memos.js",
        "coding/picker.js",
        "phase_analysis.js",
        "phase_timer.js",
    )
]


def template_messages(templates: list[Path], python: list[Path]) -> list[Message]:
    """The strings the templates (as makemessages reads them) and the Python files mark."""
    with tempfile.TemporaryDirectory() as tmp:
        converted = []
        for template in templates:
            target = Path(tmp) / f"{template.parent.name}_{template.name}.py"
            target.write_text(templatize(template.read_text(encoding="utf-8")), encoding="utf-8")
            converted.append(target)
        return _xgettext(converted + python, "Python", PYTHON_KEYWORDS)


def analysis_messages() -> list[Message]:
    """The strings of the analysis, coding and phase pages and of the Python that words them."""
    return template_messages(ANALYSIS_TEMPLATES, ANALYSIS_PYTHON)


def analysis_script_messages() -> list[Message]:
    """The strings the pages' scripts pass to t() and tn() (or the catalog's gettext)."""
    return _xgettext(ANALYSIS_SCRIPTS, "JavaScript", SCRIPT_KEYWORDS)
