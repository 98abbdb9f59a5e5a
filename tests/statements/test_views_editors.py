"""The scale, statement and profile-field editors.

Good input saved, bad input refused with a message next to the field at fault and nothing
written."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.statements.design_support import client_as, design_snapshot, make_note

pytestmark = pytest.mark.django_db


def editor(name: str, study) -> str:
    return reverse(f"{name}-editor", kwargs={"study_id": study.pk})


def errors_of(response, field: str) -> list[str]:
    return list(response.context["form"].errors.get(field, []))


def test_the_statement_form_suggests_the_next_key(study, owner):
    response = client_as(owner).get(editor("statement", study))
    assert response.context["form"].initial["key"] == "S4"
    assert 'value="S4"' in response.content.decode()


def test_a_statement_is_added_at_the_end_of_the_board(study, owner):
    response = client_as(owner).post(
        editor("statement", study), {"key": "S4", "title": "Monitoring", "text": "We monitor."}
    )
    assert response.status_code == 302
    keys = list(study.statements.order_by("position").values_list("key", flat=True))
    assert keys == ["S1", "S2", "S3", "S4"]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"key": "S1", "text": "Again"}, "key", "already exists"),
        ({"key": "S 1", "text": "Spaces"}, "key", "letters, digits"),
        ({"key": "x" * 41, "text": "Long key"}, "key", "at most 40"),
        ({"key": "S7", "text": ""}, "text", "required"),
        ({"key": "S7", "text": "   "}, "text", "required"),
    ],
)
def test_a_bad_statement_is_refused_with_a_message_on_its_field(study, owner, data, field, message):
    before = design_snapshot(study.pk)
    response = client_as(owner).post(editor("statement", study), data)
    assert response.status_code == 400
    assert any(message in error for error in errors_of(response, field)), errors_of(response, field)
    assert design_snapshot(study.pk) == before


def test_editing_a_statement_to_a_taken_key_is_refused(study, owner):
    s2 = study.statements.get(key="S2")
    url = reverse("statement-edit", kwargs={"study_id": study.pk, "pk": s2.pk})
    response = client_as(owner).post(url, {"key": "S1", "text": "x"})
    assert response.status_code == 400
    assert "already exists" in errors_of(response, "key")[0]
    s2.refresh_from_db()
    assert (s2.key, s2.text) == ("S2", "Statement text 2.")


def test_statements_move_up_and_down_with_plain_buttons(study, owner):
    client = client_as(owner)
    s3 = study.statements.get(key="S3")
    client.post(
        reverse("statement-move", kwargs={"study_id": study.pk, "pk": s3.pk}), {"direction": "up"}
    )
    assert list(study.statements.order_by("position").values_list("key", flat=True)) == [
        "S1",
        "S3",
        "S2",
    ]
    s1 = study.statements.get(key="S1")
    client.post(
        reverse("statement-move", kwargs={"study_id": study.pk, "pk": s1.pk}), {"direction": "up"}
    )
    client.post(
        reverse("statement-move", kwargs={"study_id": study.pk, "pk": s1.pk}), {"direction": "down"}
    )
    assert list(study.statements.order_by("position").values_list("key", flat=True)) == [
        "S3",
        "S1",
        "S2",
    ]


def test_a_move_in_an_unknown_direction_changes_nothing_and_says_so(study, owner):
    s2 = study.statements.get(key="S2")
    url = reverse("statement-move", kwargs={"study_id": study.pk, "pk": s2.pk})
    response = client_as(owner).post(url, {"direction": "sideways"}, follow=True)
    assert "Move &#x27;up&#x27; or &#x27;down&#x27;" in response.content.decode()
    assert list(study.statements.order_by("position").values_list("key", flat=True)) == [
        "S1",
        "S2",
        "S3",
    ]


def test_a_statement_with_notes_cannot_be_deleted(study, owner):
    note = make_note(study)
    url = reverse("statement-delete", kwargs={"study_id": study.pk, "pk": note.statement_id})
    response = client_as(owner).post(url, follow=True)
    assert "has 1 note(s) and cannot be deleted" in response.content.decode()
    assert study.statements.filter(pk=note.statement_id).exists()


def test_a_choice_field_is_added_with_one_choice_per_line(study, owner):
    response = client_as(owner).post(
        editor("field", study),
        {"key": "role", "label": "Role", "type": "choice", "choices": "Engineer\n\n Manager \n"},
    )
    assert response.status_code == 302
    assert study.profile_fields.get(key="role").choices == ["Engineer", "Manager"]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"key": "role", "label": "Role", "type": "choice", "choices": ""},
            "choices",
            "needs at least one",
        ),
        (
            {"key": "age", "label": "Age", "type": "integer", "choices": "1\n2"},
            "choices",
            "Only a choice",
        ),
        ({"key": "c", "label": "C", "type": "choice", "choices": "A\nA"}, "choices", "only once"),
        ({"key": "years", "label": "Years", "type": "integer"}, "key", "already exists"),
        ({"key": "bad key", "label": "L", "type": "text"}, "key", "letters, digits"),
        ({"key": "k", "label": "", "type": "text"}, "label", "required"),
        ({"key": "k", "label": "L", "type": "date"}, "type", "valid choice"),
    ],
)
def test_a_bad_profile_field_is_refused_with_a_message_on_its_field(
    study, owner, data, field, message
):
    before = design_snapshot(study.pk)
    response = client_as(owner).post(editor("field", study), data)
    assert response.status_code == 400
    assert any(message in error for error in errors_of(response, field)), errors_of(response, field)
    assert design_snapshot(study.pk) == before


def test_a_scale_level_is_added_and_a_duplicate_key_refused(study, owner):
    client = client_as(owner)
    assert (
        client.post(editor("scale", study), {"key": "undecided", "label": "Undecided"}).status_code
        == 302
    )
    response = client.post(editor("scale", study), {"key": "undecided", "label": "Again"})
    assert response.status_code == 400
    assert "already exists" in errors_of(response, "key")[0]
    assert study.scale_levels.filter(key="undecided").count() == 1


def test_a_scale_keeps_between_two_and_eleven_levels(study, owner):
    client = client_as(owner)
    levels = list(study.scale_levels.order_by("position"))
    for level in levels[:3]:
        client.post(reverse("scale-delete", kwargs={"study_id": study.pk, "pk": level.pk}))
    assert study.scale_levels.count() == 2
    last = study.scale_levels.first()
    response = client.post(
        reverse("scale-delete", kwargs={"study_id": study.pk, "pk": last.pk}), follow=True
    )
    assert "A scale has 2 to 11 levels, not 1." in response.content.decode()
    assert study.scale_levels.count() == 2


def test_a_preset_replaces_the_scale(study, owner):
    response = client_as(owner).post(
        reverse("scale-preset", kwargs={"study_id": study.pk}), {"preset": "likert7"}
    )
    assert response.status_code == 302
    assert study.scale_levels.count() == 7


@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        ("scale-preset", {"preset": "likert5"}),
        ("scale-editor", {"key": "extra", "label": "Extra"}),
        ("scale-delete", {}),
        ("scale-move", {"direction": "down"}),
        ("scale-edit", {"key": "renamed", "label": "Strongly agree"}),
    ],
)
def test_the_scale_cannot_change_once_notes_use_it(study, owner, url_name, data):
    make_note(study)
    kwargs = {"study_id": study.pk}
    if url_name in ("scale-delete", "scale-move", "scale-edit"):
        kwargs["pk"] = study.scale_levels.get(key="strongly_agree").pk
    before = design_snapshot(study.pk)
    response = client_as(owner).post(reverse(url_name, kwargs=kwargs), data, follow=True)
    assert "notes already use its levels" in response.content.decode()
    assert design_snapshot(study.pk) == before


def test_a_level_label_can_still_be_corrected_once_notes_use_the_scale(study, owner):
    make_note(study)
    level = study.scale_levels.get(key="strongly_agree")
    url = reverse("scale-edit", kwargs={"study_id": study.pk, "pk": level.pk})
    response = client_as(owner).post(url, {"key": "strongly_agree", "label": "Fully agree"})
    assert response.status_code == 302
    level.refresh_from_db()
    assert level.label == "Fully agree"


def test_the_scale_page_warns_when_notes_fix_the_scale(study, owner):
    make_note(study)
    page = client_as(owner).get(editor("scale", study)).content.decode()
    assert "Notes already use this scale" in page


def test_members_who_are_not_owners_see_the_editors_without_forms(study, analyst):
    page = client_as(analyst).get(editor("statement", study)).content.decode()
    assert "Statement text 1." in page
    assert "Add a statement" not in page
    assert "Move S1 up" not in page
    assert "only the study's owners change it" in page
