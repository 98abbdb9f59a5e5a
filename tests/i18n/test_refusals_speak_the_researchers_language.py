"""Services' refusals reach researchers in their browser's language (issue 10, item 23).

The members and studies services' refusals reach researchers in their browser's language
(issue 10, item 23): the page shows the DomainError's message translated, placeholders filled."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from statements.models import Role
from tests.factories import make_study

pytestmark = pytest.mark.django_db


def signed_in(user, language: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("pt-BR", "Nenhum usuário tem o nome de usuário ou e-mail &#x27;nobody&#x27;."),
        ("es", "Ningún usuario tiene el nombre de usuario o correo &#x27;nobody&#x27;."),
    ],
)
def test_an_unknown_invitee_is_refused_in_the_researchers_language(owner, language, expected):
    study = make_study(owner=owner)
    url = reverse("member-list", kwargs={"study_id": study.pk})
    page = signed_in(owner, language).post(url, {"identifier": "nobody", "role": Role.ANALYST})
    assert page.status_code == 400
    assert expected in page.content.decode()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("pt-BR", "O último responsável não pode ser rebaixado; torne outra pessoa responsável"),
        ("es", "El último responsable no puede perder su rol; nombre antes a otra persona"),
    ],
)
def test_the_last_owners_demotion_is_refused_in_the_researchers_language(owner, language, expected):
    study = make_study(owner=owner)
    mine = study.memberships.get(user=owner)
    url = reverse("member-role", kwargs={"study_id": study.pk, "pk": mine.pk})
    page = signed_in(owner, language).post(url, {"role": Role.ANALYST}, follow=True)
    assert expected in page.content.decode()
    assert study.memberships.get(user=owner).role == Role.OWNER
