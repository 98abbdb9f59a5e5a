"""Shared fixtures: the owner, moderator, analyst and outsider of one study, used everywhere."""

from __future__ import annotations

import pytest
from django.conf import settings

from .factories import make_study, make_user

# The board writes in a thread pool of its own; persistent connections there would outlive each
# test and keep the test database from being dropped at the end of the run.
settings.DATABASES["default"]["CONN_MAX_AGE"] = 0


@pytest.fixture(autouse=True)
def _fast_password_hashing(request, settings):
    """Hash test passwords with MD5: PBKDF2 costs ~0.3 s a user on this machine. Not for browser
    tests: their live server runs in another process with the real hashers."""
    if request.node.get_closest_marker("browser") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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


@pytest.fixture
def people(owner, moderator, analyst, outsider):
    """The users of a permission matrix by role name; "anonymous" is None."""
    return {
        "owner": owner,
        "moderator": moderator,
        "analyst": analyst,
        "outsider": outsider,
        "anonymous": None,
    }
