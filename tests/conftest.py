"""Shared fixtures: the owner, moderator, analyst and outsider of one study, used everywhere."""

from __future__ import annotations

import pytest

from .factories import make_study, make_user


@pytest.fixture
def owner(db):
    return make_user("owner")


@pytest.fixture
def moderator(db):
    return make_user("moderator")


@pytest.fixture
def analyst(db):
    return make_user("analyst")


@pytest.fixture
def outsider(db):
    """A signed-in researcher who is not a member of the study."""
    return make_user("outsider")


@pytest.fixture
def study(owner, moderator, analyst):
    return make_study(owner=owner, moderator=moderator, analyst=analyst)
