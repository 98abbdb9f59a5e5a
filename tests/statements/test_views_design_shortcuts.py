"""The design pages' shortcuts.

The paste box, keys left empty, the key proposal's markup, the choices a Choice field needs, and the
Duplicate design button, each for good and bad input and for every role."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from statements.models import KEY_MAX, Role, Study
from tests.statements.design_support import ROLES, client_as, design_snapshot

pytestmark = pytest.mark.django_db


def url(name: str, study, **kwargs) -> str:
    return reverse(name, kwargs={"study_id": study.pk, **kwargs})


def test_pasted_statements_are_added_and_announced(study, owner):
    client = client_as(owner)
    response = client.post(
        url("statement-paste", study), {"lines": "We deploy weekly.\r\n\r\nRollbacks are easy."}
    )
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Added 2 statements: S4 to S5." in page
    assert list(study.statements.order_by("position").values_list("key", "text"))[3:] == [
        ("S4", "We deploy weekly."),
        ("S5", "Rollbacks are easy."),
    ]


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ("Fine.\r\n\r\nBad\x00.", "Line 3: the statement contains a NUL character"),
        ("   \r\n", "Paste at least one statement, one per line."),
        ("", "Paste at least one statement, one per line."),
    ],
)
def test_a_refused_paste_is_shown_on_the_paste_box_and_adds_nothing(study, owner, lines, message):
    before = design_snapshot(study.pk)
    response = client_as(owner).post(url("statement-paste", study), {"lines": lines})
    assert response.status_code == 400
    errors = response.context["paste_form"].errors["lines"]
    assert len(errors) == 1
    assert errors[0].startswith(message), errors
    assert message in response.content.decode()
    assert design_snapshot(study.pk) == before


@pytest.mark.parametrize("role", ["moderator", "analyst", "outsider", "anonymous"])
def test_only_owners_paste_statements(study, people, role):
    before = design_snapshot(study.pk)
    response = client_as(people[role]).post(url("statement-paste", study), {"lines": "New."})
    expected = {"moderator": 403, "analyst": 403, "outsider": 404, "anonymous": 302}[role]
    assert response.status_code == expected
    assert design_snapshot(study.pk) == before


@pytest.mark.parametrize(
    ("editor", "data", "key"),
    [
        ("scale", {"key": "", "label": "Somewhat agree"}, "somewhat_agree"),
        ("field", {"key": "", "label": "Years", "type": "integer"}, "years-2"),
        ("statement", {"key": "", "title": "Team size", "text": "Small."}, "team_size"),
        ("statement", {"key": "", "title": "", "text": "Untitled."}, "S4"),
        ("statement", {"key": "mine", "title": "Team size", "text": "Kept."}, "mine"),
    ],
)
def test_a_key_left_empty_is_derived_from_the_label(study, owner, editor, data, key):
    response = client_as(owner).post(url(f"{editor}-editor", study), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    model = {"scale": study.scale_levels, "field": study.profile_fields}.get(
        editor, study.statements
    )
    assert model.order_by("-position").first().key == key


def test_an_edit_with_an_empty_key_derives_it(study, owner):
    field = study.profile_fields.get(key="job_title")
    data = {"key": "", "label": "Role in the team", "type": "text", "choices": ""}
    response = client_as(owner).post(url("field-edit", study, pk=field.pk), data)
    assert response.status_code == 302
    field.refresh_from_db()
    assert field.key == "role_in_the_team"


def test_a_bad_key_is_still_refused_on_the_key_field(study, owner):
    before = design_snapshot(study.pk)
    response = client_as(owner).post(url("scale-editor", study), {"key": "a b", "label": "A B"})
    assert response.status_code == 400
    assert response.context["form"].errors["key"] == ["Use 1-40 letters, digits, '_' or '-'."]
    assert design_snapshot(study.pk) == before


@pytest.mark.parametrize(
    ("editor", "source"),
    [("scale", "id_label"), ("statement", "id_title"), ("field", "id_label")],
)
def test_the_add_form_ties_the_key_to_its_label_for_the_page_script(study, owner, editor, source):
    page = client_as(owner).get(url(f"{editor}-editor", study)).content.decode()
    key_input = re.search(r"<input[^>]*name=\"key\"[^>]*>", page).group()
    assert f'data-key-from="{source}"' in key_input
    assert 'data-key-taken="design-taken-keys"' in key_input
    # The script cuts its proposals to the key rule's length, which it reads from the input.
    assert re.findall(r'maxlength="([0-9]+)"', key_input) == [str(KEY_MAX)]
    taken = re.search(
        r'<script id="design-taken-keys" type="application/json">(.*?)</script>', page
    )
    expected = {
        "scale": [
            "strongly_agree",
            "partially_agree",
            "partially_disagree",
            "strongly_disagree",
            "no_opinion",
        ],
        "statement": ["S1", "S2", "S3"],
        "field": ["years", "knowledge", "job_title"],
    }[editor]
    assert json.loads(taken.group(1)) == expected
    assert re.search(r'<script type="module" src="[^"]*js/design_keys\.js"></script>', page)
    assert "<script>" not in page  # no inline script: the CSP allows none


def test_members_who_cannot_edit_get_neither_the_forms_nor_the_script(study, analyst):
    page = client_as(analyst).get(url("statement-editor", study)).content.decode()
    assert "design_keys.js" not in page
    assert "Paste statements" not in page
    assert "design-taken-keys" not in page


def test_the_paste_box_is_on_the_statements_page_only(study, owner):
    assert (
        "Paste statements" in client_as(owner).get(url("statement-editor", study)).content.decode()
    )
    assert (
        "Paste statements" not in client_as(owner).get(url("scale-editor", study)).content.decode()
    )


@pytest.mark.parametrize("page", ["field-editor", "field-edit"])
def test_a_choice_field_without_choices_is_refused_on_the_choices_field(study, owner, page):
    before = design_snapshot(study.pk)
    extra = {"pk": study.profile_fields.get(key="knowledge").pk} if page == "field-edit" else {}
    data = {"key": "level", "label": "Level", "type": "choice", "choices": " \r\n "}
    response = client_as(owner).post(url(page, study, **extra), data)
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "choices": ["A Choice field needs at least one choice: one per line."]
    }
    assert design_snapshot(study.pk) == before


def test_the_choices_label_says_when_they_are_required(study, owner):
    page = client_as(owner).get(url("field-editor", study)).content.decode()
    assert 'Choices <span class="muted">(required for Choice)</span>' in page
    assert 'Choices <span class="muted">(optional)</span>' not in page


@pytest.mark.parametrize("role", ["owner", "moderator", "analyst"])
def test_a_member_duplicates_the_design_into_a_study_of_their_own(study, people, role):
    user = people[role]
    client = client_as(user)
    response = client.post(url("study-duplicate", study))
    copy = Study.objects.get(title="Copy of A study")
    assert response.status_code == 302
    assert response.url == reverse("study-detail", kwargs={"study_id": copy.pk})
    assert list(copy.memberships.values_list("user", "role")) == [(user.pk, Role.OWNER)]
    page = client.get(response.url).content.decode()
    assert "Study “Copy of A study” created with the design of “A study”." in page
    assert list(copy.statements.values_list("key", flat=True)) == ["S1", "S2", "S3"]


@pytest.fixture
def _language_reset():
    """The test client leaves the request's language active in the thread: reset it after."""
    yield
    translation.deactivate()


@pytest.mark.usefixtures("_language_reset")
def test_a_researcher_reading_portuguese_gets_a_portuguese_copy(study, owner):
    client = Client(HTTP_ACCEPT_LANGUAGE="pt-BR,pt;q=0.9")
    client.force_login(owner)
    response = client.post(url("study-duplicate", study))
    copy = Study.objects.get(title="Cópia de A study")
    assert response.url == reverse("study-detail", kwargs={"study_id": copy.pk})
    page = client.get(response.url).content.decode()
    assert "Estudo “Cópia de A study” criado com o desenho de “A study”." in page
    assert "Copy of" not in page


@pytest.mark.parametrize(("role", "status"), [("outsider", 404), ("anonymous", 302)])
def test_others_cannot_duplicate_a_study(study, people, role, status):
    before = Study.objects.count()
    response = client_as(people[role]).post(url("study-duplicate", study))
    assert response.status_code == status
    if role == "anonymous":
        assert response.url.startswith(reverse("login"))
    assert Study.objects.count() == before


def test_duplicate_answers_only_a_post(study, owner):
    assert client_as(owner).get(url("study-duplicate", study)).status_code == 405
    assert not Study.objects.filter(title__startswith="Copy of").exists()


@pytest.mark.parametrize("role", ROLES)
def test_the_study_page_offers_duplicate_to_members_only(study, people, role):
    response = client_as(people[role]).get(url("study-detail", study))
    if role in ("outsider", "anonymous"):
        assert response.status_code in (302, 404)
        return
    assert "Duplicate design</button>" in response.content.decode()
