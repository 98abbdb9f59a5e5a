"""Every analysis export, from the page or the API, is one audited attachment."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from statements.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db


def test_page_and_api_exports_are_audited_alike(client, analysed, analyst):
    client.force_login(analyst)
    page = client.get(reverse("analysis-export", args=[analysed.pk, "md"]))
    api = APIClient()
    api.force_authenticate(analyst)
    via_api = api.get(f"/api/studies/{analysed.pk}/analysis/export/md/")
    assert page.status_code == via_api.status_code == 200
    assert page["Content-Disposition"] == via_api["Content-Disposition"]
    assert page.content == via_api.content
    entries = AuditEntry.objects.filter(study=analysed, action=AuditAction.ANALYSIS_EXPORT)
    assert sorted(e.details["via"] for e in entries) == ["api", "page"]
    assert {e.details["format"] for e in entries} == {"md"}
