"""The Spanish catalogs address everyone as *usted* (issue 10, item 23).

The Spanish catalogs address participants and researchers alike as *usted* (issue 10, item
23): a research tool speaks to adults it does not know, as Spanish consent forms do, and one
register reads as one voice. A translation with a *tú* form fails here."""

from __future__ import annotations

import re

import pytest

from .support import compiled

# Pronouns and verb forms that only *tú* uses (no third-person look-alikes such as "pide").
TU_FORMS = re.compile(
    r"\b(tú|tu|tus|te|ti|contigo|eres|puedes|tienes|quieres|vuelvas|inténtalo|compruébalo|"
    r"hazlo|déjalo|déjala|acórtala|cópialo|sales|abriste|reescribas)\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_no_spanish_translation_uses_a_tu_form(domain):
    catalog = compiled("es", domain)
    offending = sorted(
        text for text in catalog.values() if isinstance(text, str) and TU_FORMS.search(text)
    )
    assert offending == [], "Spanish uses usted; these use tú:\n" + "\n".join(offending)


def test_the_check_knows_a_tu_form_when_it_sees_one():
    assert TU_FORMS.search("Pulsa Tab para escribir tu nota.")
    assert not TU_FORMS.search("Pulse Tab para escribir su nota.")
