"""The phase-tracking API: who reads and writes what, entries of one's own, the matrix shape."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from phases.models import PhaseEntry
from statements.models import Role

from .support import EXPECTED_MATRIX, log_by_hand

pytestmark = pytest.mark.django_db
MEMBERS = ["owner", "moderator", "analyst"]


def api_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def base(study) -> str:
    return f"/api/studies/{study.pk}"


def entry(client, study, **extra):
    body = {"main": "define", "visited": "acquire", "minutes": 12.5, "reason": "Check data"}
    return client.post(f"{base(study)}/phase-entries/", body | extra, format="json")


@pytest.mark.parametrize("role", MEMBERS)
def test_every_member_reads_phases_scenarios_entries_and_the_matrix(request, tracked, role):
    client = api_for(request.getfixturevalue(role))
    for path in ("phases/", "phase-scenarios/", "phase-entries/", "phase-memos/", "phase-matrix/"):
        assert client.get(f"{base(tracked)}/{path}").status_code == 200, path


def test_outsiders_and_anonymous_callers_see_nothing(tracked, outsider):
    for path in ("phases/", "phase-entries/", "phase-matrix/", "phase-timer/"):
        assert api_for(outsider).get(f"{base(tracked)}/{path}").status_code == 404, path
        assert api_for(None).get(f"{base(tracked)}/{path}").status_code in {401, 403}, path
    assert entry(api_for(outsider), tracked).status_code == 404
    assert not PhaseEntry.objects.exists()


def test_a_participants_access_token_opens_nothing(tracked):
    from sessions.services import participant_create, session_create

    participant = participant_create(session=session_create(study=tracked, name="Workshop"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {participant.access_token}")
    for path in ("phases/", "phase-entries/", "phase-matrix/", "phase-timer/"):
        assert client.get(f"{base(tracked)}/{path}").status_code in {401, 403}, path
    assert entry(client, tracked).status_code in {401, 403}
    assert not PhaseEntry.objects.exists()


@pytest.mark.parametrize("role", MEMBERS)
def test_every_member_logs_their_own_entry(request, tracked, role):
    user = request.getfixturevalue(role)
    answer = entry(api_for(user), tracked)
    assert answer.status_code == 201, answer.json()
    assert answer.json()["direction"] == "forward"
    assert PhaseEntry.objects.get().user == user


def test_members_correct_only_their_own_entries_and_owners_anyones(
    tracked, owner, analyst, moderator
):
    mine = entry(api_for(analyst), tracked).json()["id"]
    url = f"{base(tracked)}/phase-entries/{mine}/"
    assert api_for(moderator).patch(url, {"minutes": 3}, format="json").status_code == 403
    assert api_for(moderator).delete(url).status_code == 403
    assert api_for(analyst).patch(url, {"minutes": 3}, format="json").status_code == 200
    assert api_for(owner).patch(url, {"minutes": 4}, format="json").status_code == 200
    assert PhaseEntry.objects.get().minutes == 4
    assert api_for(analyst).delete(url).status_code == 204


def test_only_owners_log_for_someone_else(tracked, owner, analyst):
    assert entry(api_for(analyst), tracked, by="owner").status_code == 403
    answer = entry(api_for(owner), tracked, by="analyst")
    assert answer.status_code == 201
    assert PhaseEntry.objects.get().user == analyst


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("main", "nowhere", "Unknown phase 'nowhere'"),
        ("minutes", 0, "more than 0"),
        ("minutes", -3, "more than 0"),
        ("minutes", 100_001, "at most 100,000"),
        ("reason", "x" * 2001, "at most 2,000"),
        ("scenario", "Missing data", "No scenario 'Missing data'"),
    ],
)
def test_bad_entries_are_refused_naming_the_field(tracked, owner, field, value, message):
    answer = entry(api_for(owner), tracked, **{field: value})
    assert answer.status_code == 400
    body = answer.json()
    assert (body["code"], body["field"]) == ("phase_refused", field)
    assert message in body["message"]
    assert not PhaseEntry.objects.exists()


def test_a_phase_of_another_study_is_refused(tracked, owner):
    from phases.services import phase_add
    from statements.services import study_create

    other = study_create(title="Other", owner=owner, scale="none")
    phase_add(study=other, key="elsewhere", name="Elsewhere")
    answer = entry(api_for(owner), tracked, visited="elsewhere")
    assert answer.status_code == 400
    assert answer.json()["field"] == "visited"
    assert "not a phase of this study" in answer.json()["message"]


def test_the_matrix_endpoint_gives_the_issues_shape(tracked, owner, analyst):
    log_by_hand(tracked, owner)
    body = api_for(analyst).get(f"{base(tracked)}/phase-matrix/").json()
    assert body["matrix"] == EXPECTED_MATRIX
    csv_answer = api_for(analyst).get(f"{base(tracked)}/phase-matrix/?export=csv")
    assert csv_answer.content.decode().startswith("main,define,acquire,prepare,deploy,minutes")
    bad = api_for(analyst).get(f"{base(tracked)}/phase-matrix/?from=yesterday")
    assert bad.status_code == 400


@pytest.mark.parametrize(("role", "status"), [("owner", 201), ("moderator", 403), ("analyst", 403)])
def test_owners_alone_change_the_phases(request, tracked, role, status):
    client = api_for(request.getfixturevalue(role))
    answer = client.post(f"{base(tracked)}/phases/", {"key": "monitor", "name": "Monitor"})
    assert answer.status_code == status


@pytest.mark.parametrize(("role", "status"), [("owner", 201), ("moderator", 403), ("analyst", 201)])
def test_owners_and_analysts_shape_scenarios(request, tracked, role, status):
    client = api_for(request.getfixturevalue(role))
    body = {"main": "prepare", "visited": "define", "name": f"Rethink by {role}"}
    assert client.post(f"{base(tracked)}/phase-scenarios/", body).status_code == status


def test_reordering_with_entries_needs_confirmation(tracked, owner):
    entry(api_for(owner), tracked)
    url = f"{base(tracked)}/phases/reorder/"
    keys = ["deploy", "prepare", "acquire", "define"]
    refused = api_for(owner).post(url, {"keys": keys}, format="json")
    assert refused.status_code == 400
    assert refused.json()["field"] == "confirm"
    assert "Confirm" in refused.json()["message"]
    assert (
        api_for(owner).post(url, {"keys": keys, "confirm": True}, format="json").status_code == 200
    )
    matrix = api_for(owner).get(f"{base(tracked)}/phase-matrix/").json()
    assert matrix["phases"] == keys
    assert matrix["directions"]["define"]["acquire"] == "backtracking"


def test_the_mlops_template_gives_nine_phases_and_74_scenarios(owner):
    from statements.services import study_create

    study = study_create(title="MLOps", owner=owner, scale="none")
    answer = api_for(owner).post(f"/api/studies/{study.pk}/phases/template/")
    assert answer.status_code == 201
    assert [p["key"] for p in answer.json()][:2] == ["problem_definition", "data_acquisition"]
    assert len(answer.json()) == 9
    assert study.phase_scenarios.count() == 74
    assert api_for(owner).post(f"/api/studies/{study.pk}/phases/template/").status_code == 400


def test_memberships_of_another_role_are_unchanged(tracked, analyst):
    assert tracked.memberships.get(user=analyst).role == Role.ANALYST


def test_scenarios_are_renamed_merged_and_assigned_by_reason(tracked, owner, analyst):
    client = api_for(analyst)
    url = f"{base(tracked)}/phase-scenarios/"
    first = client.post(url, {"main": "prepare", "visited": "acquire", "name": "Gaps"}).json()
    for reason in ("Labels missing", " labels MISSING ", "Other"):
        entry(api_for(owner), tracked, main="prepare", visited="acquire", reason=reason)
    assigned = client.post(f"{url}{first['id']}/assign/", {"reason": "labels missing"})
    assert assigned.json() == {"count": 2}
    missing = tracked.phase_scenarios.get(name="Missing data")
    merged = client.post(f"{url}{first['id']}/merge/", {"into": missing.pk})
    assert merged.json() == {"count": 2}
    assert PhaseEntry.objects.filter(scenario=missing).count() == 2
    renamed = client.patch(f"{url}{missing.pk}/", {"name": "Data gaps"}, format="json")
    assert renamed.json()["name"] == "Data gaps"
    other_shift = tracked.phase_scenarios.get(name="Stakeholder alignment")
    refused = client.post(f"{url}{missing.pk}/merge/", {"into": other_shift.pk})
    assert refused.status_code == 400
    assert refused.json()["field"] == "into"
    assert "same shift" in refused.json()["message"]
    unknown = client.post(f"{url}{missing.pk}/merge/", {"into": 10**9})
    assert unknown.status_code == 400
    assert unknown.json() == {
        "code": "phase_refused",
        "message": "No such scenario in this study.",
        "field": "into",
    }


@pytest.mark.parametrize(("role", "status"), [("owner", 201), ("moderator", 403), ("analyst", 201)])
def test_owners_and_analysts_write_recommendations_about_a_phase(request, tracked, role, status):
    client = api_for(request.getfixturevalue(role))
    body = {"phase": "prepare", "text": "Profile the data before cleaning it."}
    answer = client.post(f"{base(tracked)}/phase-memos/", body)
    assert answer.status_code == status
    if status == 201:
        assert answer.json()["phase"] == "prepare"
        assert answer.json()["author"] == role
    empty = client.post(f"{base(tracked)}/phase-memos/", {"phase": "prepare", "text": " "})
    assert empty.status_code in {400, 403}
