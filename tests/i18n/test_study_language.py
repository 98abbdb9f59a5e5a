"""A study chooses its participants' language; researchers get their own.

A study chooses its participants' language; researchers get theirs from the browser or the
language switch; the presets' levels come in the study's language."""

from __future__ import annotations

import json
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from focusgroup.errors import DomainError
from sessions.services import session_create
from statements.models import ScaleLevel, Study
from statements.services import scale_preset_apply, study_create, study_update
from tests.factories import make_study

pytestmark = pytest.mark.django_db
REFUSALS = (ValidationError, DomainError)  # the services are moving to DomainError
PAPER_LEVELS = {
    "en": ["Strongly agree", "Partially agree", "Partially disagree", "Strongly disagree",
           "No opinion"],
    "pt-br": ["Concordo totalmente", "Concordo parcialmente", "Discordo parcialmente",
              "Discordo totalmente", "Sem opinião"],
    "es": ["Totalmente de acuerdo", "Parcialmente de acuerdo", "Parcialmente en desacuerdo",
           "Totalmente en desacuerdo", "Sin opinión"],
}  # fmt: skip


def a_session(owner, language: str):
    study = make_study(owner=owner)
    study_update(study=study, language=language)
    return session_create(study=study, name="Session 1")


@pytest.mark.parametrize(
    ("language", "consent_label", "continue_button"),
    [
        ("pt-br", "Li o texto acima e concordo em participar.", "Continuar"),
        ("es", "He leído el texto anterior y acepto participar.", "Continuar"),
        ("en", "I have read the text above and I agree to take part.", "Continue"),
    ],
)
def test_the_consent_page_speaks_the_studys_language_whatever_the_browser_says(
    owner, language, consent_label, continue_button
):
    session = a_session(owner, language)
    other = "en" if language != "en" else "pt-BR"
    page = Client(HTTP_ACCEPT_LANGUAGE=other).get(
        reverse("join-consent", args=[session.invite_token])
    )
    html = page.content.decode()
    assert f'<html lang="{language}">' in html
    assert consent_label in html
    assert f">{continue_button}</button>" in html
    assert page["Content-Language"] == language
    assert f'src="/jsi18n/{language}/"' in html  # the board script's strings follow the page
    assert 'name="language"' not in html  # no language switch on a participant's page


def test_a_refused_consent_and_the_profile_form_speak_portuguese(owner):
    session = a_session(owner, "pt-br")
    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    consent = reverse("join-consent", args=[session.invite_token])
    refused = browser.post(consent, {}).content.decode()
    assert "Você precisa concordar antes de entrar." in refused
    browser.post(consent, {"accept": "on"})
    profile = reverse("join-profile", args=[session.invite_token])
    form = browser.get(profile).content.decode()
    assert "Sobre você" in form
    assert ">Escolha…</option>" in form
    assert "(opcional)" in form
    # Django's own messages come in the study's language too.
    refused = browser.post(profile, {"years": "", "knowledge": "Low"}).content.decode()
    assert "Este campo é obrigatório." in refused
    browser.post(profile, {"years": "3", "knowledge": "Low"})
    board = browser.get(reverse("board", args=[session.pk]))
    assert "Retirar consentimento" in board.content.decode()
    assert board["Content-Language"] == "pt-br"


def test_the_withdrawal_pages_speak_spanish(owner):
    session = a_session(owner, "es")
    browser = Client(HTTP_ACCEPT_LANGUAGE="pt-BR")
    consent = reverse("join-consent", args=[session.invite_token])
    browser.post(consent, {"accept": "on"})
    browser.post(reverse("join-profile", args=[session.invite_token]), {"years": "3"})
    withdraw = reverse("board-withdraw", args=[session.pk])
    assert "Retirar su consentimiento" in browser.get(withdraw).content.decode()
    assert "Su consentimiento ha sido retirado" in browser.post(withdraw).content.decode()


def test_a_page_without_a_study_follows_the_browser_and_the_language_switch(owner):
    browser = Client(HTTP_ACCEPT_LANGUAGE="es")
    assert "Entrar en una sesión" in browser.get(reverse("join-code")).content.decode()
    switched = browser.post(reverse("set_language"), {"language": "pt-br", "next": "/join/"})
    assert switched.status_code == 302
    page = browser.get(reverse("join-code"))
    assert "Entrar em uma sessão" in page.content.decode()
    assert page["Content-Language"] == "pt-br"


@pytest.mark.parametrize(
    ("language", "expected"), [("pt-br", "Adicionar nota"), ("es", "Añadir nota")]
)
def test_the_javascript_catalog_of_a_language_holds_the_board_strings(language, expected):
    catalog = Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/jsi18n/{language}/")
    assert catalog.status_code == 200
    assert json.dumps(expected)[1:-1] in catalog.content.decode()  # written as JSON


def test_a_javascript_catalog_of_an_unknown_language_is_refused_by_name():
    page = Client().get("/jsi18n/xx/")
    assert page.status_code == 404


@pytest.mark.parametrize("language", ["en", "pt-br", "es"])
def test_a_new_study_gets_the_papers_levels_in_its_language(owner, language):
    study = study_create(title="T", owner=owner, language=language)
    labels = list(study.scale_levels.order_by("position").values_list("label", flat=True))
    assert labels == PAPER_LEVELS[language]
    assert study.language == language


def test_applying_a_preset_later_uses_the_studys_language_not_the_researchers(owner):
    study = study_create(title="T", owner=owner, scale="none", language="es")
    scale_preset_apply(study=study, preset="likert5")
    labels = list(study.scale_levels.order_by("position").values_list("label", flat=True))
    assert labels == ["Totalmente de acuerdo", "De acuerdo", "Ni de acuerdo ni en desacuerdo",
                      "En desacuerdo", "Totalmente en desacuerdo"]  # fmt: skip


def test_an_unknown_language_is_refused_by_name_and_nothing_is_written(owner):
    with pytest.raises(REFUSALS) as refused:
        study_create(title="T", owner=owner, language="fr")
    assert "Unknown language 'fr'; languages: en, pt-br, es." in str(refused.value)
    assert not Study.objects.exists()
    assert not ScaleLevel.objects.exists()
    study = study_create(title="T", owner=owner)
    with pytest.raises(REFUSALS):
        study_update(study=study, language="xx")
    study.refresh_from_db()
    assert study.language == "en"


def test_the_study_settings_page_sets_the_participants_language(owner):
    study = make_study(owner=owner)
    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    browser.force_login(owner)
    edit = reverse("study-edit", args=[study.pk])
    assert 'name="language"' in browser.get(edit).content.decode()
    fields = {"title": study.title, "reveal_policy": study.reveal_policy, "language": "pt-br"}
    assert browser.post(edit, fields).status_code == 302
    study.refresh_from_db()
    assert study.language == "pt-br"
    detail = browser.get(reverse("study-detail", args=[study.pk])).content.decode()
    assert "<dt>Participants' language</dt><dd>Português Brasileiro</dd>" in detail
    fields["language"] = "klingon"
    refused = browser.post(edit, fields)
    assert refused.status_code == 200
    assert "klingon" in refused.content.decode()
    study.refresh_from_db()
    assert study.language == "pt-br"


def test_too_many_wrong_codes_are_refused_in_the_browsers_language(settings):
    settings.AUTH_FAILURES_ALLOWED = 2
    # A fresh address: the failure counters live in the shared cache across runs.
    address = f"198.51.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250 + 1}"
    browser = Client(HTTP_ACCEPT_LANGUAGE="es", REMOTE_ADDR=address)
    code = uuid.uuid4().hex[:6].upper()
    for _ in range(3):
        page = browser.post(reverse("join-code"), {"code": code})
    assert page.status_code == 429
    assert "Demasiados intentos fallidos desde su dirección" in page.content.decode()


@pytest.mark.parametrize("language", ["pt-br", "es", "en"])
def test_a_study_from_the_template_gets_its_levels_in_the_chosen_language(owner, language):
    browser = Client()
    browser.force_login(owner)
    page = browser.post(
        reverse("study-create-from-template"),
        {"template": "mlops-araujo2024", "title": "", "language": language},
    )
    study = Study.objects.get(memberships__user=owner)
    assert page.status_code == 302
    assert study.language == language
    labels = list(study.scale_levels.order_by("position").values_list("label", flat=True))
    assert labels == PAPER_LEVELS[language]


def test_a_template_in_an_unknown_language_is_refused_and_nothing_is_created(owner):
    browser = Client()
    browser.force_login(owner)
    page = browser.post(
        reverse("study-create-from-template"),
        {"template": "mlops-araujo2024", "title": "", "language": "fr"},
    )
    assert page.status_code == 400
    assert "Select a valid choice. fr is not one of the available choices." in page.content.decode()
    assert not Study.objects.exists()


def test_the_template_service_names_an_unknown_language_and_writes_nothing(owner):
    from studyfiles.study_templates import study_create_from_template

    with pytest.raises(ValidationError) as refused:
        study_create_from_template(key="mlops-araujo2024", owner=owner, language="fr")
    assert refused.value.message_dict == {
        "language": ["Unknown language 'fr'; languages: en, pt-br, es."]
    }
    assert not Study.objects.exists()


@pytest.mark.parametrize(
    ("language", "description", "statement"),
    [
        ("pt-BR", "Seis afirmações sobre os benefícios e as limitações de MLOps", "MLOps"),
        ("es", "Seis afirmaciones sobre los beneficios y las limitaciones de MLOps", "MLOps"),
    ],
)
def test_the_templates_description_is_translated_and_its_design_stays_as_written(
    owner, language, description, statement
):
    """The template's description is ours (translated); the design it copies is the paper's
    instrument, the researcher's to edit: its statements keep the file's words."""
    browser = Client(HTTP_ACCEPT_LANGUAGE=language)
    browser.force_login(owner)
    assert description in browser.get(reverse("study-create")).content.decode()
    browser.post(
        reverse("study-create-from-template"),
        {"template": "mlops-araujo2024", "title": "", "language": "es"},
    )
    study = Study.objects.get(memberships__user=owner)
    texts = list(study.statements.order_by("position").values_list("text", flat=True))
    assert texts[0].isascii()  # the paper's English, not a translation
    assert statement in " ".join(texts)
