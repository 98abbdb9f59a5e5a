"""The study design pages show no text that no translation produced.

The study design pages (scale, statements, profile fields, their edit pages), members, creation,
import and deletion show no text that no translation produced (their catalogs' completeness is
checked in test_catalogs_are_complete).

As for the participant pages, the pt-BR catalog is swapped for a pseudo-translation of every
marked string (each shown as ⟦string⟧) and the pages are read through their real views by an
owner whose browser asks for Portuguese.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from statements.models import Study
from studyfiles.study_templates import TEMPLATES
from tests.factories import make_study

from .support import design_messages, page_messages
from .test_participant_pages_have_no_untranslated_text import study_data
from .text_scan import untranslated, write_pseudo_catalog

pytestmark = pytest.mark.django_db
# Names that stay as they are: the role keys' column, the file format, sizes' units.
KEPT = {"JSON", "MB", "KB"}


@pytest.fixture
def pseudo_pt_br(tmp_path, settings):
    write_pseudo_catalog([*page_messages(), *design_messages()], tmp_path / "pt_BR" / "LC_MESSAGES")
    settings.LOCALE_PATHS = [tmp_path]


def design_data(study: Study, *extra: str) -> set[str]:
    """The study's own words: its design, and the members' names."""
    data = study_data(study, *KEPT, *extra)
    data |= {s for st in study.statements.all() for s in (st.key, st.title, st.text)}
    data |= {s for level in study.scale_levels.all() for s in (level.key, level.label)}
    data |= {field.key for field in study.profile_fields.all()}
    data |= {m.user.username for m in study.memberships.select_related("user")}
    data |= {m.user.email for m in study.memberships.select_related("user")}
    data |= {name for _code, name in settings.LANGUAGES}  # each in its own language
    data |= {f"{t.title}: {t.description}" for t in TEMPLATES}  # the template's own words
    return {value for value in data if value}


def pages_of_an_owner(study: Study, owner) -> list[tuple[str, str]]:
    """(name, html) of the design, members, creation, import and deletion pages, and of the
    messages an addition, an edit and a paste leave on the next page."""
    browser = Client(HTTP_ACCEPT_LANGUAGE="pt-BR,pt;q=0.9")
    browser.force_login(owner)
    pk = study.pk
    level, statement = study.scale_levels.first(), study.statements.first()
    field = study.profile_fields.first()
    gets = {
        "scale": reverse("scale-editor", args=[pk]),
        "statements": reverse("statement-editor", args=[pk]),
        "profile": reverse("field-editor", args=[pk]),
        "edit a level": reverse("scale-edit", args=[pk, level.pk]),
        "edit a statement": reverse("statement-edit", args=[pk, statement.pk]),
        "edit a field": reverse("field-edit", args=[pk, field.pk]),
        "members": reverse("member-list", args=[pk]),
        "new study": reverse("study-create"),
        "import": reverse("study-import"),
        "delete": reverse("study-delete", args=[pk]),
    }
    pages = [(name, browser.get(url)) for name, url in gets.items()]
    posts = {
        "statement added": (gets["statements"], {"text": "Nova afirmação", "key": "N1"}),
        "statements pasted": (reverse("statement-paste", args=[pk]), {"lines": "Uma\nDuas"}),
        "level saved": (gets["edit a level"], {"label": level.label, "key": level.key}),
        "delete refused": (gets["delete"], {"confirm_title": "errado"}),
        "key refused": (gets["statements"], {"text": "Outra", "key": statement.key}),
        "level refused": (gets["edit a level"], {"label": "Novo", "key": "!"}),
    }
    for name, (url, data) in posts.items():
        pages.append((name, browser.post(url, data, follow=True)))
    for name, response in pages:
        assert response.status_code in {200, 400}, (name, response.status_code)
    return [(name, response.content.decode()) for name, response in pages]


def test_every_design_page_is_translated_text_and_study_data(pseudo_pt_br, owner):
    study = make_study(owner=owner, title="Estudo de desenho")
    pages = pages_of_an_owner(study, owner)
    assert len(pages) == 16
    data = design_data(study, "Nova afirmação", "Uma", "Duas", "Outra", "Novo")
    found = {name: untranslated(html, data) for name, html in pages}
    assert {name: words for name, words in found.items() if words} == {}
    assert all("⟦" in html for _name, html in pages)  # they did go through the catalog


def test_the_scan_of_these_pages_catches_a_forgotten_heading(pseudo_pt_br, owner):
    study = make_study(owner=owner, title="Estudo de desenho")
    html = dict(pages_of_an_owner(study, owner))["statements"]
    forgotten = html.replace("⟦Paste statements⟧", "Paste statements")
    assert untranslated(forgotten, design_data(study)) == ["Paste statements"]
