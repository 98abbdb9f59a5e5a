"""The console opens on the invite: the link, the join code, and a server-rendered QR code."""

from __future__ import annotations

import re

import pytest
import segno
from django.test import Client
from django.urls import reverse

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
