"""Fixtures of the translation tests."""

from __future__ import annotations

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _language_reset():
    """A request's language stays active in the thread after the test client returns (the
    locale middleware never deactivates it): leave no language behind for the next tests."""
    yield
    translation.deactivate()
