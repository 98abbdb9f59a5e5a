"""The audit trail's page reads in the owner's language (issue 10, item 23).

The action, the target, the actor and the details of each entry are rendered translated, while the
stored entry (and the API) keeps its stable English words."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sessions.withdrawal import participant_withdraw
from statements.models import AuditEntry, Role
from statements.services import membership_set
from tests.factories import make_study, make_user
from tests.sessions.board_support import make_board

pytestmark = pytest.mark.django_db

EXPECTED = {
    "pt-BR": [
        "<strong>Registrou uma retirada de consentimento</strong>"
        " · participante P1 da sessão Grupo 1",
        "por participante P1",
        "política: apagar",
        "pedido por: o próprio participante",
        "mudanças de opinião: 0",
        "<strong>Deu ou mudou o papel de um membro</strong> · usuário ana",
        "papel: Analista",
    ],
    "es": [
        "<strong>Registró una retirada del consentimiento</strong>"
        " · participante P1 de la sesión Grupo 1",
        "por participante P1",
        "política: borrar",
        "pedido por: el propio participante",
        "cambios de opinión: 0",
        "<strong>Asignó o cambió el rol de un miembro</strong> · usuario ana",
        "rol: Analista",
    ],
}


@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_the_trail_page_renders_each_entry_in_the_owners_language(owner, language):
    study = make_study(owner=owner)
    membership_set(study=study, user=make_user("ana"), role=Role.ANALYST, actor=owner)
    session, (first, *_others), _statement = make_board(study)
    session.name = "Grupo 1"
    session.save(update_fields=["name"])
    participant_withdraw(participant=first, by_participant=True)

    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(owner)
    page = client.get(reverse("study-audit", args=[study.pk])).content.decode()
    for text in EXPECTED[language]:
        assert text in page
    stored = AuditEntry.objects.get(study=study, action="participant.withdraw")
    assert (stored.target, stored.actor_label) == (
        "participant P1 of session Grupo 1",
        "participant P1",
    )
