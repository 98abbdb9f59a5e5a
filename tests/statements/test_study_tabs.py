"""Every study page draws the same study tab bar.

Every tab its viewer's role may open, in one order, with the page's own tab current."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from sessions.services import session_create
from statements.models import Role
from statements.permissions import study_tabs

pytestmark = pytest.mark.django_db

ALL_TABS = ["design", "sessions", "analysis", "phases", "coding"]
TAB_BAR = re.compile(r'<nav class="tabs" [^>]*>(.*?)</nav>', re.DOTALL)
TAB = re.compile(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>')

# Each study page (by URL name, with the session's id where it needs one) and its current tab.
PAGES = [
    ("study-detail", False, "Design"),
    ("scale-editor", False, "Design"),
    ("statement-editor", False, "Design"),
    ("field-editor", False, "Design"),
    ("member-list", False, "Design"),
    ("session-list", False, "Sessions"),
    ("session-console", True, "Sessions"),
    ("recording-list", True, "Sessions"),
    ("analysis-session-wrapup", True, "Sessions"),
    ("analysis-study", False, "Analysis"),
    ("phase-setup", False, "Phases"),
    ("phase-timer", False, "Phases"),
    ("phase-log", False, "Phases"),
    ("phase-analysis", False, "Phases"),
    ("coding-overview", False, "Coding"),
    ("coding-disagreements", False, "Coding"),
    ("coding-memos", False, "Coding"),
]


@pytest.fixture
def session(study):
    return session_create(study=study, name="Morning")


@pytest.mark.parametrize("member", ["owner", "moderator", "analyst"])
@pytest.mark.parametrize(("page", "with_session", "current"), PAGES)
def test_every_study_page_draws_the_whole_tab_bar(
    people, study, session, member, page, with_session, current
):
    client = Client()
    client.force_login(people[member])
    args = [study.pk, session.pk] if with_session else [study.pk]
    response = client.get(reverse(page, args=args))
    assert response.status_code == 200
    bars = TAB_BAR.findall(response.content.decode())
    assert len(bars) == 1
    tabs = TAB.findall(bars[0])
    assert [(href, label) for href, _, label in tabs] == [
        (f"/studies/{study.pk}/", "Design"),
        (f"/studies/{study.pk}/sessions/", "Sessions"),
        (f"/studies/{study.pk}/analysis/", "Analysis"),
        (f"/studies/{study.pk}/phases/", "Phases"),
        (f"/studies/{study.pk}/coding/", "Coding"),
    ]
    assert [label for _, is_current, label in tabs if is_current] == [current]


def test_the_bar_is_in_the_viewers_language(study, owner):
    client = Client(headers={"accept-language": "pt-br"})
    client.force_login(owner)
    bar = TAB_BAR.findall(client.get(reverse("coding-overview", args=[study.pk])).content.decode())
    assert [label for _, _, label in TAB.findall(bar[0] if bar else "")] == [
        "Desenho",
        "Sessões",
        "Análise",
        "Fases",
        "Codificação",
    ]


@pytest.mark.parametrize("role", [Role.OWNER, Role.MODERATOR, Role.ANALYST])
def test_every_member_may_open_every_tab(role):
    assert study_tabs(role) == ALL_TABS


def test_a_non_member_has_no_tab():
    assert study_tabs(None) == []
