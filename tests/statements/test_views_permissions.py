"""Every design page and form, for the owner, a moderator, an analyst, an outsider and anonymous.

Members read; only owners write (others get 403 and nothing changes); outsiders get 404, so
a study's existence never leaks; anonymous users are sent to the login page.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.statements.design_support import ROLES, client_as, design_snapshot

pytestmark = pytest.mark.django_db

READ_PAGES = ["study-detail", "scale-editor", "statement-editor", "field-editor", "member-list"]


def item_kwargs(study, url_name: str) -> dict:
    """URL kwargs of a page about one item of the study."""
    kwargs = {"study_id": study.pk}
    prefix = url_name.split("-")[0]
    items = {
        "scale": study.scale_levels,
        "statement": study.statements,
        "field": study.profile_fields,
        "member": study.memberships.exclude(role="owner"),
    }
    if prefix in items and not url_name.endswith(("editor", "list", "preset")):
        kwargs["pk"] = items[prefix].order_by("position" if prefix != "member" else "id")[1].pk
    return kwargs


def assert_login_redirect(response) -> None:
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", READ_PAGES)
def test_members_read_every_design_page_and_others_cannot(study, people, role, url_name):
    response = client_as(people[role]).get(reverse(url_name, kwargs={"study_id": study.pk}))
    if role == "anonymous":
        assert_login_redirect(response)
    elif role == "outsider":
        assert response.status_code == 404
        assert study.title not in response.content.decode()
    else:
        assert response.status_code == 200
        assert study.title in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "url_name", ["study-edit", "study-delete", "scale-edit", "statement-edit", "field-edit"]
)
def test_only_the_owner_opens_the_edit_forms(study, people, role, url_name):
    url = reverse(url_name, kwargs=item_kwargs(study, url_name))
    response = client_as(people[role]).get(url)
    expected = {"owner": 200, "moderator": 403, "analyst": 403, "outsider": 404}
    if role == "anonymous":
        assert_login_redirect(response)
    else:
        assert response.status_code == expected[role]


# Each write: its URL name and the form it posts (all valid: the owner's must succeed).
WRITES = {
    "study-edit": {"title": "Renamed", "description": "d", "reveal_policy": "live"},
    "study-delete": {"confirm_title": "A study"},
    "scale-editor": {"key": "extra", "label": "Extra"},
    "scale-edit": {"key": "agree_partly", "label": "Agree partly"},
    "scale-move": {"direction": "up"},
    "scale-delete": {},
    "scale-preset": {"preset": "likert7"},
    "statement-editor": {"key": "S9", "title": "New", "text": "A new statement."},
    "statement-edit": {"key": "S2", "title": "Changed", "text": "Changed text."},
    "statement-move": {"direction": "up"},
    "statement-delete": {},
    "field-editor": {"key": "team", "label": "Team", "type": "text"},
    "field-edit": {"key": "knowledge", "label": "Know-how", "type": "choice", "choices": "Lo\nHi"},
    "field-move": {"direction": "up"},
    "field-delete": {},
    "member-list": {"identifier": "newcomer", "role": "analyst"},
    "member-role": {"role": "moderator"},
    "member-remove": {},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", list(WRITES))
def test_only_the_owner_changes_the_design(study, people, role, url_name):
    from tests.factories import make_user

    make_user("newcomer")
    url = reverse(url_name, kwargs=item_kwargs(study, url_name))
    before = design_snapshot(study.pk)
    response = client_as(people[role]).post(url, WRITES[url_name])
    after = design_snapshot(study.pk)
    if role == "owner":
        assert response.status_code == 302, response.content.decode()[:2000]
        assert after != before, f"{url_name} changed nothing"
        return
    assert after == before
    if role == "anonymous":
        assert_login_redirect(response)
    else:
        assert response.status_code == (404 if role == "outsider" else 403)


@pytest.mark.parametrize("role", ["owner", "moderator", "analyst", "outsider"])
def test_any_signed_in_researcher_creates_a_study_and_owns_it(people, role):
    response = client_as(people[role]).post(
        reverse("study-create"),
        {"title": f"{role}'s study", "reveal_policy": "own_only", "scale_preset": "likert5"},
    )
    assert response.status_code == 302
    study = people[role].study_memberships.get(study__title=f"{role}'s study").study
    assert study.memberships.get().role == "owner"
    assert list(study.scale_levels.values_list("key", flat=True))[2] == "neutral"


def test_anonymous_users_are_sent_to_login_instead_of_creating_a_study(db):
    from statements.models import Study

    for name in ("study-create", "study-list"):
        assert_login_redirect(client_as(None).get(reverse(name)))
    response = client_as(None).post(reverse("study-create"), {"title": "x"})
    assert_login_redirect(response)
    assert not Study.objects.exists()


def test_the_study_list_shows_only_the_users_studies(study, people):
    for role in ("owner", "moderator", "analyst"):
        assert study.title in client_as(people[role]).get("/").content.decode()
    assert study.title not in client_as(people["outsider"]).get("/").content.decode()


def test_an_item_of_another_study_is_not_found_even_for_an_owner(study, owner):
    from tests.factories import make_study, make_user

    other = make_study(owner=make_user("stranger"), title="Other")
    statement = other.statements.first()
    url = reverse("statement-edit", kwargs={"study_id": study.pk, "pk": statement.pk})
    assert client_as(owner).get(url).status_code == 404
    url = reverse("statement-delete", kwargs={"study_id": study.pk, "pk": statement.pk})
    assert client_as(owner).post(url).status_code == 404
    assert other.statements.filter(pk=statement.pk).exists()
