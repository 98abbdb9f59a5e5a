"""The participant pages show no text that no translation produced.

The pt-BR catalog is swapped for a pseudo-translation of every string the pages mark (each shown
as ⟦string⟧), then the pages are walked through their real views as a participant does. Any word
left outside the markers, other than the study's own data, is English written straight into a
template or a form: a string someone forgot to mark, or marked without running `make messages`.
"""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils.translation import get_language_info

from focusgroup.i18n import LANGUAGE_CODES
from sessions.services import session_create
from statements.models import Study
from tests.factories import make_study

from .support import page_messages
from .text_scan import untranslated, write_pseudo_catalog

pytestmark = pytest.mark.django_db
BROWSER = {"HTTP_ACCEPT_LANGUAGE": "pt-BR,pt;q=0.9"}


@pytest.fixture
def pseudo_pt_br(tmp_path, settings):
    write_pseudo_catalog(page_messages(), tmp_path / "pt_BR" / "LC_MESSAGES")
    settings.LOCALE_PATHS = [tmp_path]


@pytest.fixture
def pt_study(owner) -> Study:
    study = make_study(owner=owner, title="Estudo piloto")
    Study.objects.filter(pk=study.pk).update(language="pt-br")
    study.refresh_from_db()
    return study


def study_data(study: Study, *extra: str) -> set[str]:
    """What the study itself says (its researcher's words), and names that stay as they are."""
    data = {study.title, study.consent_text, "focusgroup", "API", *extra}
    names = [get_language_info(code)["name_local"] for code in LANGUAGE_CODES]
    data |= {name[:1].upper() + name[1:] for name in names}  # the language switch's options
    for field in study.profile_fields.all():
        data |= {field.label, *field.choices}
    return data


def pages_of_a_participant(study: Study) -> list[tuple[str, str]]:
    """(name, html) of every page a participant meets, from the code to the withdrawal."""
    session = session_create(study=study, name="Sessão 1")
    browser = Client(**BROWSER)
    pages = [("join code", browser.get(reverse("join-code")))]
    pages.append(("wrong code", browser.post(reverse("join-code"), {"code": "ZZZZZZ"})))
    consent = reverse("join-consent", args=[session.invite_token])
    pages.append(("consent", browser.get(consent)))
    pages.append(("consent refused", browser.post(consent, {})))
    browser.post(consent, {"accept": "on"})
    profile = reverse("join-profile", args=[session.invite_token])
    pages.append(("profile", browser.get(profile)))
    browser.post(profile, {"years": "4", "knowledge": "Low"})
    pages.append(("board", browser.get(reverse("board", args=[session.pk]))))
    withdraw = reverse("board-withdraw", args=[session.pk])
    pages.append(("withdraw, erase", browser.get(withdraw)))
    Study.objects.filter(pk=study.pk).update(withdrawal_policy="anonymise")
    pages.append(("withdraw, anonymise", browser.get(withdraw)))
    pages.append(("withdrawn", browser.post(withdraw)))
    stranger = Client(**BROWSER)
    pages.append(("not joined", stranger.get(reverse("board", args=[session.pk]))))
    pages.append(("closed invite", stranger.get(reverse("join-consent", args=["no-such"]))))
    pages.append(("closed personal link", stranger.get(reverse("join-personal", args=["x"]))))
    return [(name, response.content.decode()) for name, response in pages]


def test_every_participant_page_is_made_of_translated_text_and_study_data(pseudo_pt_br, pt_study):
    pages = pages_of_a_participant(pt_study)
    assert len(pages) == 12
    data = study_data(pt_study, "Sessão 1")
    found = {name: untranslated(html, data) for name, html in pages}
    assert {name: words for name, words in found.items() if words} == {}
    # The pages did go through the pseudo-translation (a marker per page, at least).
    assert all("⟦" in html for _name, html in pages)


def test_the_scan_catches_a_sentence_left_out_of_the_translation_tags(pseudo_pt_br, pt_study):
    html = Template(
        "{% load i18n %}{% language 'pt-br' %}<h1>{% translate 'Join the board' %}</h1>"
        "<p>{{ title }}</p><p>Forgotten sentence.</p>"
        '<button aria-label="Close the dialog">-</button>{% endlanguage %}'
    ).render(Context({"title": pt_study.title}))
    assert untranslated(html, study_data(pt_study)) == ["Forgotten sentence.", "Close the dialog"]


def test_the_scan_catches_a_marked_string_missing_from_the_catalogs(pseudo_pt_br, pt_study):
    html = Template(
        "{% load i18n %}{% language 'pt-br' %}<p>{% translate 'A string nobody extracted' %}</p>"
        "{% endlanguage %}"
    ).render(Context())
    assert untranslated(html, study_data(pt_study)) == ["A string nobody extracted"]
