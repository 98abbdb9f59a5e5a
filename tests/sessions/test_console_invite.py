"""The console opens on the invite.

The link, the join code, and a server-rendered QR code; it and its messages are in the moderator's
language."""

from __future__ import annotations

import re

import pytest
import segno
from django.test import Client
from django.urls import reverse
from django.utils import translation

from sessions.services import session_create, session_invites_set

pytestmark = pytest.mark.django_db


def console(client, study, session) -> str:
    return client.get(reverse("session-console", args=[study.pk, session.pk])).content.decode()


def test_the_console_shows_the_invite_with_a_qr_code_of_the_invite_link(study, moderator):
    session = session_create(study=study, name="S1")
    client = Client()
    client.force_login(moderator)
    body = console(client, study, session)
    invite = "http://testserver" + reverse("join-consent", args=[session.invite_token])
    assert f'value="{invite}"' in body
    assert session.join_code in body
    svg = re.search(r"<svg role=\"img\".*?</svg>", body, re.S).group(0)
    assert 'class="qr"' in svg
    assert "<title>Invite link QR code</title>" in svg
    # The same modules segno draws for the link (the QR code encodes the invite, nothing else).
    expected = segno.make(invite, error="m").svg_inline(scale=5, border=2, light="#fff")
    path = re.compile(r' d="([^"]+)"')
    assert path.findall(svg) == path.findall(expected)
    assert '<details class="card invite-panel" open>' in body


def test_closed_invites_show_no_qr_code_and_an_analyst_sees_no_invite(study, analyst):
    session = session_create(study=study, name="S1")
    session_invites_set(session=session, open=False)
    client = Client()
    client.force_login(analyst)
    body = console(client, study, session)
    assert "<svg" not in body
    assert session.invite_token not in body


@pytest.fixture
def _language_reset():
    """The test client leaves the request's language active in the thread: reset it after."""
    yield
    translation.deactivate()


CONSOLE_TEXT = {
    "pt-BR": {
        "qr": "<title>QR code do link de convite</title>",
        "close": "O link de convite está fechado: ninguém novo pode entrar.",
        "add": "Cadastro de P1 concluído: entregue o link pessoal a essa pessoa.",
    },
    "es": {
        "qr": "<title>Código QR del enlace de invitación</title>",
        "close": "El enlace de invitación está cerrado: nadie nuevo puede entrar.",
        "add": "Registro de P1 completado: entréguele su enlace personal.",
    },
}


@pytest.mark.usefixtures("_language_reset")
@pytest.mark.parametrize("language", CONSOLE_TEXT)
def test_the_console_and_its_messages_speak_the_moderators_language(study, moderator, language):
    session = session_create(study=study, name="S1")
    client = Client(HTTP_ACCEPT_LANGUAGE=f"{language},en;q=0.5")
    client.force_login(moderator)
    expected = CONSOLE_TEXT[language]
    assert expected["qr"] in console(client, study, session)
    added = client.post(
        reverse("session-participant-add", args=[study.pk, session.pk]), follow=True
    )
    assert expected["add"] in added.content.decode()
    closed = client.post(
        reverse("session-invites", args=[study.pk, session.pk]), {"action": "close"}, follow=True
    )
    body = closed.content.decode()
    assert expected["close"] in body
    assert "Invite link QR code" not in body
    assert "The invite link is closed" not in body
