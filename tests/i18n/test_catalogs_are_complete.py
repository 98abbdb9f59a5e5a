"""Every string the pages and their scripts mark has a Portuguese and a Spanish translation.

Every string the participant, design, analysis, coding and phase pages and their scripts mark
(the recordings, console and design editors' scripts too) has a Portuguese and a Spanish
translation in the compiled catalogs, so has every string the Python of the service apps
(recordings, coding, phases, study files) marks, the refusals of their services and APIs among
them (issue 10, item 23), the catalogs are compiled from their .po files, `make
messages` extracts every script, and the scripts write no visible text without t() or tn() (or,
in upload.js and transcript.js, the catalog's gettext and ngettext)."""

from __future__ import annotations

import gettext
import re
import subprocess

import pytest

from .support import (
    ANALYSIS_SCRIPTS,
    BOARD_SCRIPTS,
    LANGUAGES,
    LOCALE,
    PAGE_SCRIPTS,
    ROOT,
    SERVICE_APPS,
    analysis_messages,
    compiled,
    design_messages,
    missing_translations,
    page_messages,
    script_messages,
    service_messages,
)

# Each area's pages: their strings, and a sign that the extraction did find those pages.
PAGES = {
    "participant": (page_messages, lambda found: len(found) > 50),
    "design": (
        design_messages,
        lambda found: ("study tab", "Design", None) in found or len(found) > 100,
    ),
    "analysis": (
        analysis_messages,
        lambda found: ("qualitative code", "Code", None) in found and len(found) > 300,
    ),
}
# Each area's scripts, and a string the extraction must find in them.
SCRIPTS = {
    "board": (BOARD_SCRIPTS, lambda found: "Add note in %(level)s" in {m for _c, m, _p in found}),
    "analysis": (ANALYSIS_SCRIPTS, lambda found: (None, "No code matches.", None) in found),
    # upload.js and transcript.js call the catalog's gettext and ngettext.
    "pages": (
        PAGE_SCRIPTS,
        lambda found: (
            (None, "Choose a recording to upload.", None) in found
            and (None, "%(shown)s of %(count)s line", "%(shown)s of %(count)s lines") in found
        ),
    ),
}
# Each service app, and a refusal (or word) the extraction must find in its Python.
SERVICES = {
    "recordings": (None, "This upload no longer exists.", None),
    "coding": (None, "The study has no codes to export.", None),
    "phases": (None, "This study already has phases.", None),
    "studyfiles": ("JSON type", "object", None),
}
ALL_SCRIPTS = BOARD_SCRIPTS + ANALYSIS_SCRIPTS + PAGE_SCRIPTS


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("area", PAGES)
def test_every_string_of_the_pages_is_translated(area, language):
    extract, found_the_pages = PAGES[area]
    messages = extract()
    assert found_the_pages(messages)
    assert missing_translations(messages, compiled(language, "django")) == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("area", SCRIPTS)
def test_every_string_of_the_scripts_is_translated(area, language):
    scripts, found_the_scripts = SCRIPTS[area]
    messages = script_messages(scripts)
    assert found_the_scripts(messages)
    assert missing_translations(messages, compiled(language, "djangojs")) == []


def test_the_service_apps_are_all_checked():
    assert set(SERVICES) == set(SERVICE_APPS)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("app", SERVICE_APPS)
def test_every_string_of_the_services_is_translated(app, language):
    messages = service_messages([ROOT / app])
    assert SERVICES[app] in messages
    assert missing_translations(messages, compiled(language, "django")) == []


SERVICE_SOURCE = """
from django.utils.translation import gettext as _, gettext_noop, ngettext, pgettext

class Refused(Exception):
    pass

GONE = gettext_noop("A refusal nobody translated yet.")

def refuse(count):
    if count:
        raise Refused(ngettext("%(count)s upload nobody counted", "%(count)s uploads", count))
    raise Refused(_("This study already has phases.") + pgettext("report column", "nowhere"))
"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_refusal_of_a_service_without_translation_is_reported(language, tmp_path):
    app = tmp_path / "someapp"
    (app / "services").mkdir(parents=True)
    (app / "services" / "refusals.py").write_text(SERVICE_SOURCE, encoding="utf-8")
    messages = service_messages([app])
    assert len(messages) == 4  # found in a module of a package of the app
    assert missing_translations(messages, compiled(language, "django")) == [
        "A refusal nobody translated yet.",
        "%(count)s upload nobody counted",
        "nowhere",
    ]


def test_make_messages_extracts_the_scripts():
    shown = "show-js-sources: ; @echo $(JS_SOURCES)"  # the scripts xgettext reads
    make = ["make", "--silent", "--no-print-directory", f"--eval={shown}", "show-js-sources"]
    listed = subprocess.run(make, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    extracted = set(listed.split())
    for script in ALL_SCRIPTS:
        assert str(script.relative_to(ROOT)) in extracted


def test_every_script_is_read_by_these_tests():
    """A new script joins one of the lists of tests/i18n/support.py, so its text is checked."""
    scripts = ROOT / "static" / "js"
    ours = {path for path in scripts.glob("**/*.js") if "vendor" not in path.parts}
    assert sorted(ours - set(ALL_SCRIPTS)) == []


def test_a_string_without_translation_is_reported():
    catalog = {"Save": "Salvar", ("%(count)s note", 0): "%(count)s nota"}
    messages = [
        (None, "Save", None),
        (None, "Edit", None),
        (None, "%(count)s note", "%(count)s notes"),
    ]
    assert missing_translations(messages, catalog) == ["Edit", "%(count)s note"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_committed_catalogs_are_compiled_from_their_po_files(language, domain, tmp_path):
    source = LOCALE / language / "LC_MESSAGES" / f"{domain}.po"
    fresh = tmp_path / f"{domain}.mo"
    subprocess.run(
        ["msgfmt", "--check", "-o", str(fresh), str(source)],
        check=True,
        capture_output=True,
    )
    with fresh.open("rb") as handle:
        expected = gettext.GNUTranslations(handle)._catalog
    assert compiled(language, domain) == expected, "run `make messages` and commit the .mo"
    assert "#, fuzzy\nmsgid" not in source.read_text(encoding="utf-8")  # no guess left to check


# A literal with a word, where the board puts text people read or hear.
SHOWN_LITERAL = re.compile(
    r"""(?:\b(?:text|title|placeholder|alt|"aria-label")\s*:\s*|"""
    r"""\.(?:textContent|ariaLabel)\s*=\s*|"""
    r"""\b(?:notice|announce|confirm|alert)\(\s*|"""
    r"""\b(?:setConn|onStatus)\(\s*[^,()]+,\s*|"""  # (kind, message): the message
    r"""\bshowErrors\(\s*[^,()]+,\s*\[\s*)"""  # (list, [messages]): the upload page's errors
    r"""(["'`])((?:(?!\1).)*)\1"""
)
WORD = re.compile(r"[A-Za-z]{2,}")


def shown_literals(source: str) -> list[str]:
    """Literals the script shows as they are: their words are English whatever the page says."""
    found = []
    for match in SHOWN_LITERAL.finditer(source):
        literal = re.sub(r"\$\{[^}]*\}", "", match.group(2))  # a template's ${…} is code
        if WORD.search(literal):
            found.append(match.group(2))
    return found


@pytest.mark.parametrize("script", ALL_SCRIPTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_the_scripts_show_no_literal_text(script):
    assert shown_literals(script.read_text(encoding="utf-8")) == []


def test_a_literal_text_on_the_board_is_found():
    source = (
        'el("span", { text: "Saved" }); node.textContent = `${count} notes`;'
        ' this.notice("Try again"); el("b", { text: t("Saved") });'
        ' el("i", { text: `🔒 ${t("x")}` });'
        ' setConn("online", "Connected"); setConn("online", t("Connected"));'
    )
    assert shown_literals(source) == ["Saved", "${count} notes", "Try again", "Connected"]


def test_a_literal_error_of_the_upload_page_is_found():
    source = (
        'showErrors(errors, ["Choose a recording to upload."]);'
        ' showErrors(errors, [gettext("Choose a recording to upload.")]); showErrors(errors, []);'
    )
    assert shown_literals(source) == ["Choose a recording to upload."]
