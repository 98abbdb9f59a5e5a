"""Fixtures of coding tests: a coded study with an owner, a moderator and two analysts."""

from __future__ import annotations

import pytest

from tests.factories import make_user

from .support import coding_study, notes_of


@pytest.fixture
def analyst2(db):
    return make_user("analyst2")


@pytest.fixture
def cstudy(owner, moderator, analyst, analyst2):
    return coding_study(
        owner=owner, members={"moderator": moderator, "analyst": [analyst, analyst2]}
    )


@pytest.fixture
def notes(cstudy):
    return notes_of(cstudy)
