"""Every study and design endpoint of the REST API, for every role.

The roles are the owner, a moderator, an analyst, an outsider and anonymous; the rules are the
pages' (non-members get 404, only owners write)."""

from __future__ import annotations

import pytest

from tests.factories import make_user
from tests.statements.design_support import ROLES, client_as, design_snapshot

pytestmark = pytest.mark.django_db

ANONYMOUS = {401, 403}


def first(study, part: str) -> int:
    items = {
        "scale-levels": study.scale_levels.order_by("position"),
        "statements": study.statements.order_by("position"),
        "profile-fields": study.profile_fields.order_by("position"),
        "memberships": study.memberships.exclude(role="owner").order_by("id"),
    }
    return items[part][1].pk


# (method, path template, body) of every read; {s} is the study, {i} an item of the part.
READS = [
    ("get", "/api/studies/{s}/", None),
    *[("get", f"/api/studies/{{s}}/{part}/", None) for part in ("scale-levels", "statements")],
    *[("get", f"/api/studies/{{s}}/{part}/", None) for part in ("profile-fields", "memberships")],
    *[
        ("get", f"/api/studies/{{s}}/{part}/{{i:{part}}}/", None)
        for part in ("scale-levels", "statements", "profile-fields", "memberships")
    ],
]

# Every write, with a valid body: the owner's must succeed and change the design.
WRITES = [
    ("patch", "/api/studies/{s}/", {"title": "Renamed"}),
    ("delete", "/api/studies/{s}/", None),
    ("post", "/api/studies/{s}/scale-levels/", {"key": "extra", "label": "Extra"}),
    ("patch", "/api/studies/{s}/scale-levels/{i:scale-levels}/", {"label": "Agree somewhat"}),
    ("put", "/api/studies/{s}/scale-levels/{i:scale-levels}/", {"key": "k", "label": "K"}),
    ("delete", "/api/studies/{s}/scale-levels/{i:scale-levels}/", None),
    ("post", "/api/studies/{s}/scale-levels/{i:scale-levels}/move/", {"direction": "up"}),
    ("post", "/api/studies/{s}/scale-levels/preset/", {"preset": "likert7"}),
    ("post", "/api/studies/{s}/statements/", {"key": "S9", "text": "New."}),
    ("patch", "/api/studies/{s}/statements/{i:statements}/", {"text": "Changed."}),
    ("delete", "/api/studies/{s}/statements/{i:statements}/", None),
    ("post", "/api/studies/{s}/statements/{i:statements}/move/", {"direction": "down"}),
    ("post", "/api/studies/{s}/profile-fields/", {"key": "team", "label": "Team"}),
    ("patch", "/api/studies/{s}/profile-fields/{i:profile-fields}/", {"required": True}),
    ("delete", "/api/studies/{s}/profile-fields/{i:profile-fields}/", None),
    ("post", "/api/studies/{s}/profile-fields/{i:profile-fields}/move/", {"direction": "up"}),
    ("post", "/api/studies/{s}/memberships/", {"user": "newcomer", "role": "analyst"}),
    ("patch", "/api/studies/{s}/memberships/{i:memberships}/", {"role": "moderator"}),
    ("delete", "/api/studies/{s}/memberships/{i:memberships}/", None),
]


def resolve(template: str, study) -> str:
    path = template.replace("{s}", str(study.pk))
    for part in ("scale-levels", "statements", "profile-fields", "memberships"):
        path = path.replace(f"{{i:{part}}}", str(first(study, part)))
    return path


def call(client, method: str, path: str, body):
    return getattr(client, method)(path, body, format="json")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "template", "body"), READS)
def test_members_read_every_design_endpoint_and_others_cannot(
    study, people, role, method, template, body
):
    response = call(client_as(people[role], api=True), method, resolve(template, study), body)
    if role == "anonymous":
        assert response.status_code in ANONYMOUS
    elif role == "outsider":
        assert response.status_code == 404
        assert "A study" not in response.content.decode()
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "template", "body"), WRITES)
def test_only_the_owner_writes_through_the_api(study, people, role, method, template, body):
    make_user("newcomer")
    path = resolve(template, study)
    before = design_snapshot(study.pk)
    response = call(client_as(people[role], api=True), method, path, body)
    after = design_snapshot(study.pk)
    if role == "owner":
        assert response.status_code in (200, 201, 204), response.content
        assert after != before
        return
    assert after == before
    if role == "anonymous":
        assert response.status_code in ANONYMOUS
    else:
        assert response.status_code == (404 if role == "outsider" else 403)


def test_the_study_list_holds_only_the_users_studies_with_their_role(study, people):
    for role in ("owner", "moderator", "analyst"):
        results = client_as(people[role], api=True).get("/api/studies/").json()["results"]
        assert [(r["id"], r["my_role"]) for r in results] == [(study.pk, role)]
    assert client_as(people["outsider"], api=True).get("/api/studies/").json()["results"] == []
    assert client_as(None, api=True).get("/api/studies/").status_code in ANONYMOUS


def test_an_item_of_another_study_is_not_reachable_through_this_study(study, owner):
    from tests.factories import make_study

    other = make_study(owner=make_user("stranger"), title="Other")
    statement = other.statements.first()
    client = client_as(owner, api=True)
    assert client.get(f"/api/studies/{study.pk}/statements/{statement.pk}/").status_code == 404
    response = client.delete(f"/api/studies/{study.pk}/statements/{statement.pk}/")
    assert response.status_code == 404
    assert other.statements.filter(pk=statement.pk).exists()
