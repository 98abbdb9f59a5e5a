"""Creating a study (from a preset or a template), its overview, settings and deletion."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from statements.models import Study
from statements.services import SCALE_PRESETS
from tests.statements.design_support import client_as, make_note

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("preset", list(SCALE_PRESETS))
def test_a_study_is_created_with_the_chosen_preset_scale(owner, preset):
    response = client_as(owner).post(
        reverse("study-create"),
        {
            "title": "Deployment study",
            "description": "Why teams deploy",
            "consent_text": "We record.",
            "reveal_policy": "live",
            "show_codes_to_participants": "on",
            "scale_preset": preset,
        },
    )
    study = Study.objects.get(title="Deployment study")
    assert response.status_code == 302
    assert response.url == reverse("statement-editor", kwargs={"study_id": study.pk})
    expected = [level.key for level in SCALE_PRESETS[preset][1]]
    assert list(study.scale_levels.order_by("position").values_list("key", flat=True)) == expected
    assert (study.reveal_policy, study.show_codes_to_participants) == ("live", True)
    assert study.consent_text == "We record."


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "", "reveal_policy": "live", "scale_preset": "paper"}, "title"),
        ({"title": "T", "reveal_policy": "live", "scale_preset": "nine"}, "scale_preset"),
        ({"title": "T", "reveal_policy": "secret", "scale_preset": "paper"}, "reveal_policy"),
        ({"title": "x" * 201, "reveal_policy": "live", "scale_preset": "paper"}, "title"),
    ],
)
def test_a_bad_new_study_is_refused_with_a_message_on_its_field(owner, data, field):
    response = client_as(owner).post(reverse("study-create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Study.objects.exists()


def test_the_create_page_offers_the_presets_and_the_mlops_template(owner):
    page = client_as(owner).get(reverse("study-create")).content.decode()
    for description, _levels in SCALE_PRESETS.values():
        assert escape(description) in page
    assert "Araujo et al., ICEIS 2024" in page


def test_a_study_is_created_from_the_mlops_template(owner):
    response = client_as(owner).post(
        reverse("study-create-from-template"),
        {"template": "mlops-araujo2024", "title": "Our MLOps replication"},
    )
    assert response.status_code == 302
    study = Study.objects.get(title="Our MLOps replication")
    assert study.memberships.get().user == owner
    assert study.statements.count() == 6
    assert study.scale_levels.filter(off_scale=True).count() == 1
    assert study.profile_fields.exists()
    assert not study.sessions.exists()


def test_an_unknown_template_is_refused(owner):
    response = client_as(owner).post(
        reverse("study-create-from-template"), {"template": "nope", "title": ""}
    )
    assert response.status_code == 400
    assert response.context["template_form"].errors["template"]
    assert not Study.objects.exists()


def test_the_overview_shows_the_whole_design_with_links_for_the_owner(study, owner):
    page = client_as(owner).get(reverse("study-detail", kwargs={"study_id": study.pk}))
    html = page.content.decode()
    for text in ("Strongly agree", "No opinion", "Statement text 2.", "Years of experience"):
        assert text in html
    for name in ("study-edit", "study-delete", "study-export-json"):
        assert reverse(name, kwargs={"study_id": study.pk}) in html
    assert reverse("session-list", kwargs={"study_id": study.pk}) in html
    assert reverse("analysis-study", kwargs={"study_id": study.pk}) in html


def test_the_overview_has_no_edit_links_for_an_analyst(study, analyst):
    html = client_as(analyst).get(reverse("study-detail", kwargs={"study_id": study.pk})).content
    assert reverse("study-edit", kwargs={"study_id": study.pk}).encode() not in html
    assert reverse("study-delete", kwargs={"study_id": study.pk}).encode() not in html


def test_the_study_list_page_needs_a_bounded_number_of_queries(
    owner, django_assert_max_num_queries
):
    from tests.factories import make_study

    for i in range(6):
        make_study(owner=owner, title=f"Study {i}", statements=2)
    client = client_as(owner)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("study-list"))
    assert response.content.decode().count("2 statements") == 6


def test_settings_are_saved(study, owner):
    url = reverse("study-edit", kwargs={"study_id": study.pk})
    response = client_as(owner).post(
        url, {"title": "New title", "consent_text": "New consent", "reveal_policy": "live"}
    )
    assert response.status_code == 302
    study.refresh_from_db()
    assert (study.title, study.consent_text, study.reveal_policy) == (
        "New title",
        "New consent",
        "live",
    )


def test_an_empty_title_is_refused_on_the_settings_form(study, owner):
    url = reverse("study-edit", kwargs={"study_id": study.pk})
    response = client_as(owner).post(url, {"title": "", "reveal_policy": "live"})
    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    study.refresh_from_db()
    assert (study.title, study.reveal_policy) == ("A study", "own_only")


def test_deleting_needs_the_title_typed_and_takes_everything_with_it(study, owner):
    make_note(study)
    url = reverse("study-delete", kwargs={"study_id": study.pk})
    client = client_as(owner)
    response = client.post(url, {"confirm_title": "A stud"})
    assert response.status_code == 400
    assert escape("Type the study's title exactly") in response.content.decode()
    assert Study.objects.filter(pk=study.pk).exists()
    response = client.post(url, {"confirm_title": "A study"})
    assert response.status_code == 302
    assert not Study.objects.filter(pk=study.pk).exists()


@pytest.mark.parametrize("url_name", ["study-detail", "statement-editor", "member-list"])
def test_design_pages_need_a_bounded_number_of_queries(
    owner, django_assert_max_num_queries, url_name
):
    from tests.factories import make_study

    study = make_study(owner=owner, statements=40)
    client = client_as(owner)
    with django_assert_max_num_queries(14):
        response = client.get(reverse(url_name, kwargs={"study_id": study.pk}))
    assert response.status_code == 200


def test_the_imported_mlops_study_shows_its_fixed_scale_and_answered_fields(owner):
    from studyfiles.studyfile import study_import

    data = settings.BASE_DIR / "studyfiles" / "data" / "araujo2024-mlops-focus-groups.json"
    study = study_import(data=data.read_bytes(), owner=owner)
    client = client_as(owner)
    overview = client.get(reverse("study-detail", kwargs={"study_id": study.pk})).content.decode()
    assert "Notes use this scale: it is fixed." in overview
    assert overview.count('<span class="key">S') == 6
    fields_page = client.get(reverse("field-editor", kwargs={"study_id": study.pk}))
    field = study.profile_fields.first()
    url = reverse("field-delete", kwargs={"study_id": study.pk, "pk": field.pk})
    response = client.post(url, follow=True)
    assert fields_page.status_code == 200
    assert "it cannot be deleted" in response.content.decode()
