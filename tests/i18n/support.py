"""Helpers of the translation tests.

Which files make the participant, design and analysis pages (and which apps' Python refuses in the
researcher's language), the strings they mark for translation (extracted with xgettext as `make
messages` does), and the compiled catalogs."""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "locale"
LANGUAGES = ("pt_BR", "es")  # directory names of the translations

# Everything a participant reads: the pages, what they include, and the Python that words them.
PARTICIPANT_TEMPLATES = [
    ROOT / "templates" / name
    for name in (
        "base.html",
        "focus_sessions/_board_app.html",
        "focus_sessions/board.html",
        "focus_sessions/join_closed.html",
        "focus_sessions/join_code.html",
        "focus_sessions/join_consent.html",
        "focus_sessions/join_profile.html",
        "focus_sessions/withdraw_confirm.html",
        "focus_sessions/withdrawn.html",
    )
]
PARTICIPANT_PYTHON = [
    ROOT / name
    for name in (
        "focusgroup/ratelimit.py",  # the join page's "too many tries"
        "sessions/forms.py",
        "sessions/views_join.py",
        "sessions/views_withdrawal.py",
        "statements/services/presets.py",
    )
]
BOARD_SCRIPTS = sorted((ROOT / "static" / "js" / "board").glob("*.js"))

# The study design, members, import and creation pages.
DESIGN_TEMPLATES = sorted((ROOT / "templates" / "statements").glob("*.html"))
# What the pages show: forms, choices (models), messages of the views, presets' descriptions.
DESIGN_PYTHON = [
    ROOT / name
    for name in (
        "statements/audit_display.py",
        "statements/forms.py",
        "statements/models.py",
        "statements/services/design.py",
        "statements/services/duplicate.py",  # the copy's title
        "statements/services/members.py",
        "statements/services/presets.py",
        "statements/services/studies.py",
        "statements/services/validation.py",
        "statements/views.py",
        "statements/views_design.py",
        "statements/views_members.py",
        "studyfiles/study_templates.py",  # the templates' descriptions and refusals
        "studyfiles/forms.py",
        "studyfiles/views.py",
    )
]

# The analysis, coding and phase-tracking pages.
ANALYSIS_TEMPLATES = sorted(
    path
    for name in ("analysis", "coding", "phases")
    for path in (ROOT / "templates" / name).glob("*.html")
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
        "phases/chart_parts.py",
        "phases/charts.py",
        "phases/chord.py",
        "phases/exports.py",
        "phases/forms.py",
        "phases/selectors.py",
        "phases/services/entries.py",
        "phases/services/structure.py",
        "phases/services/timer.py",
        "phases/services/validation.py",
        "phases/views.py",
        "phases/views_setup.py",
        "statements/models.py",  # the key rule's refusal, which the codebook's services give
    )
]
ANALYSIS_SCRIPTS = [
    ROOT / "static" / "js" / name
    for name in (
        "analysis.js",
        "chart_theme.js",
        "coding/api.js",
        "coding/coding.js",
        "coding/memos.js",
        "coding/picker.js",
        "phase_analysis.js",
        "phase_timer.js",
    )
]
# The other pages' scripts: recordings (upload, transcript), the console's helpers, the forms that
# confirm, the design editors' keys, and the helpers t() and tn() themselves.
PAGE_SCRIPTS = [
    ROOT / "static" / "js" / name
    for name in (
        "confirm.js",
        "console_page.js",
        "design_keys.js",
        "i18n.js",
        "transcript.js",
        "upload.js",
    )
]

# The apps whose services refuse in the researcher's language (issue 10, item 23): every string
# their Python marks (services, API, tasks, exports) is read, whichever page or API shows it.
SERVICE_APPS = ("recordings", "coding", "phases", "studyfiles")

# Django's keywords (makemessages) and the board's helpers t() and tn() (the Makefile's); xgettext
# knows gettext() and ngettext() of JavaScript already (upload.js and transcript.js call the
# catalog's).
PYTHON_KEYWORDS = [
    "gettext_noop",
    "gettext_lazy",
    "ngettext_lazy:1,2",
    "pgettext:1c,2",
    "npgettext:1c,2,3",
    "pgettext_lazy:1c,2",
    "npgettext_lazy:1c,2,3",
]
SCRIPT_KEYWORDS = ["t", "tn:1,2"]

Message = tuple[str | None, str, str | None]  # context, msgid, plural msgid


def _unquote(text: str) -> str:
    """A C-quoted .po string's text (\\n, \\t, \\" and \\\\ are the escapes gettext writes)."""
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def parse_po(text: str) -> list[Message]:
    """The (context, msgid, plural) of every entry of a .po/.pot text, the header left out."""
    entries: list[Message] = []
    current: dict[str, str] = {}
    field = None

    def close() -> None:
        if current.get("msgid"):
            entries.append((current.get("msgctxt"), current["msgid"], current.get("msgid_plural")))
        current.clear()

    for line in text.splitlines():
        line = line.strip()
        match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$', line)
        if match:
            field = match.group(1)
            if field == "msgctxt" or (field == "msgid" and "msgid" in current):
                close()
            current[field] = _unquote(match.group(2))
        elif line.startswith('"') and field:
            current[field] += _unquote(line[1:-1])
    close()
    return entries


def extracted(files: list[Path], language: str, keywords: list[str]) -> list[Message]:
    """The messages xgettext finds in the files, read as the language with those keywords."""
    assert shutil.which("xgettext"), "xgettext is missing: `make system-deps` installs gettext"
    args = ["xgettext", f"--language={language}", "--from-code=UTF-8", "--output=-"]
    args += [f"--keyword={k}" for k in keywords]
    result = subprocess.run([*args, *map(str, files)], capture_output=True, text=True, check=True)
    return parse_po(result.stdout)


def template_messages(templates: list[Path], python: list[Path]) -> list[Message]:
    """The strings the templates (as makemessages reads them) and the Python files mark."""
    with tempfile.TemporaryDirectory() as tmp:
        converted = []
        for template in templates:
            target = Path(tmp) / f"{template.parent.name}_{template.name}.py"
            target.write_text(templatize(template.read_text(encoding="utf-8")), encoding="utf-8")
            converted.append(target)
        return extracted(converted + python, "Python", PYTHON_KEYWORDS)


def page_messages() -> list[Message]:
    """The strings the participant pages mark: templates and the Python that words them."""
    return template_messages(PARTICIPANT_TEMPLATES, PARTICIPANT_PYTHON)


def design_messages() -> list[Message]:
    """The strings of the design pages and of the Python that words them."""
    return template_messages(DESIGN_TEMPLATES, DESIGN_PYTHON)


def analysis_messages() -> list[Message]:
    """The strings of the analysis, coding and phase pages and of the Python that words them."""
    return template_messages(ANALYSIS_TEMPLATES, ANALYSIS_PYTHON)


def app_python(apps: list[Path]) -> list[Path]:
    """Every Python file of the apps' directories (as makemessages finds them)."""
    return sorted(path for app in apps for path in app.rglob("*.py"))


def service_messages(apps: list[Path] | None = None) -> list[Message]:
    """The strings the Python of the service apps (SERVICE_APPS unless told) marks."""
    files = app_python(apps if apps is not None else [ROOT / name for name in SERVICE_APPS])
    return extracted(files, "Python", PYTHON_KEYWORDS)


def script_messages(scripts: list[Path]) -> list[Message]:
    """The strings the scripts pass to t() and tn() (or the catalog's gettext)."""
    return extracted(scripts, "JavaScript", SCRIPT_KEYWORDS)


def compiled(language: str, domain: str) -> dict:
    """The committed .mo catalog (fuzzy entries are never compiled into it)."""
    path = LOCALE / language / "LC_MESSAGES" / f"{domain}.mo"
    with path.open("rb") as handle:
        return gettext.GNUTranslations(handle)._catalog


def missing_translations(messages: list[Message], catalog: dict) -> list[str]:
    """The messages without a non-empty translation (every plural form) in the catalog."""
    missing = []
    for context, msgid, plural in messages:
        key = f"{context}\x04{msgid}" if context else msgid
        if plural:
            forms = [catalog.get((key, n)) for n in range(2)]
            if not all(forms):
                missing.append(msgid)
        elif not catalog.get(key):
            missing.append(msgid)
    return missing
