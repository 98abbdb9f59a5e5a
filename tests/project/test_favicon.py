"""Every page has an icon: /favicon.ico no longer answers 404 (issue 10, bug 21)."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db


def test_favicon_ico_leads_to_the_icon_and_pages_link_it():
    client = Client()
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.url.endswith("favicon.svg")
    assert finders.find("favicon.svg") is not None
    login = client.get("/accounts/login/").content.decode()
    assert 'rel="icon"' in login
    assert "favicon.svg" in login
