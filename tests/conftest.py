"""Shared fixtures: the owner, moderator, analyst and outsider of one study, used everywhere."""

from __future__ import annotations

import inspect

import pytest

from sessions import note_loop

from .factories import make_study, make_user


@pytest.fixture(autouse=True)
def _fast_password_hashing(request, settings):
    """Hash test passwords with MD5: PBKDF2 costs ~0.3 s a user on this machine. Not for browser
    tests: their live server runs in another process with the real hashers."""
    if request.node.get_closest_marker("browser") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _board_loop_pool_closed(request):
    """An async test's event loop closes the pool of PostgreSQL connections it opened to write
    notes (sessions/note_loop.py) before it ends: every async test has a loop of its own. Sync
    tests are left alone (the browser tests' Playwright keeps a loop of its own in their thread)."""
    if inspect.iscoroutinefunction(getattr(request, "function", None)):
        request.getfixturevalue("board_loop_pool_closed")


@pytest.fixture
async def board_loop_pool_closed():
    yield
    await note_loop.close_pool()


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


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Before the test database is dropped, end the connections that threads of the ASGI stack
    (Channels' database threads, the board's writer pool) still hold to it."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
