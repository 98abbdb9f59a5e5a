"""Researchers read their pages in their browser's language.

Researchers read the console, the sessions and the study pages in their browser's language (or
the one chosen in the footer); the study's participant language does not change them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sessions.services import session_create
from statements.services import study_update
from tests.factories import make_study

pytestmark = pytest.mark.django_db


def signed_in(user, language: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def test_the_sign_in_page_speaks_spanish_to_a_spanish_browser():
    page = Client(HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9").get(reverse("login"))
    html = page.content.decode()
    assert "<h1>Iniciar sesión</h1>" in html
    assert ">Contraseña</label>" in html
    assert page["Content-Language"] == "es"


def test_the_console_and_session_list_follow_the_researcher_not_the_study(owner):
    study = make_study(owner=owner)
    study_update(study=study, language="es")  # the participants speak Spanish
    session = session_create(study=study, name="Sessão 1")
    browser = signed_in(owner, "pt-BR")
    console = browser.get(reverse("session-console", args=[study.pk, session.pk]))
    html = console.content.decode()
    assert '<html lang="pt-br">' in html
    assert "Conduzir a sessão" in html
    assert "Convidar participantes" in html
    assert 'src="/jsi18n/pt-br/"' in html  # the console's script speaks the researcher's language
    listing = browser.get(reverse("session-list", args=[study.pk])).content.decode()
    assert "Nova sessão" in listing
    assert "Não iniciada" in listing
    assert "0 gravações" in listing


def test_a_duplicate_session_name_is_refused_in_the_researchers_language(owner):
    study = make_study(owner=owner)
    session_create(study=study, name="Sessão 1")
    browser = signed_in(owner, "es")
    refused = browser.post(reverse("session-list", args=[study.pk]), {"name": "Sessão 1"})
    assert "Este estudio ya tiene una sesión con ese nombre." in refused.content.decode()


def test_the_footer_switch_overrides_the_browser(owner):
    browser = signed_in(owner, "es")
    assert "Nuevo estudio" in browser.get(reverse("study-list")).content.decode()
    browser.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "New study" in browser.get(reverse("study-list")).content.decode()
