"""The design shortcuts' services.

Keys derived from labels when left empty, statements pasted one per line (all or none, the refused
line named), and a study's design duplicated."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation

from focusgroup.errors import DomainError
from sessions.models import Note, Participant, Session
from sessions.services import participant_create, session_create
from statements import services
from statements.models import FieldType, Membership, Role, Study
from tests.factories import make_user
from tests.statements.design_support import design_snapshot, make_note

pytestmark = pytest.mark.django_db


def keys(queryset) -> list[str]:
    return list(queryset.order_by("position", "id").values_list("key", flat=True))


def test_an_empty_key_is_derived_from_the_label_and_made_unique(study):
    assert services.scale_level_add(study=study, label="Somewhat agree").key == "somewhat_agree"
    assert services.scale_level_add(study=study, label="Somewhat agree!").key == "somewhat_agree-2"
    field = services.profile_field_add(study=study, key="  ", label="Years")
    assert field.key == "years-2"  # "years" is the study's already
    field = services.profile_field_add(study=study, label="Área de atuação")
    assert field.key == "area_de_atuacao"
    assert services.profile_field_add(study=study, label="???").key == "field"


def test_a_statement_key_comes_from_its_title_else_the_series(study):
    assert services.statement_add(study=study, title="Rollbacks", text="Easy.").key == "rollbacks"
    assert services.statement_add(study=study, text="No title.").key == "S4"
    assert services.statement_add(study=study, title="Rollbacks", text="Again.").key == (
        "rollbacks-2"
    )
    assert services.statement_add(study=study, key="S9", text="Given.").key == "S9"


def test_an_edit_that_empties_the_key_derives_it_from_the_new_label(study):
    field = study.profile_fields.get(key="job_title")
    services.profile_field_update(field=field, key="", label="Role in the team")
    field.refresh_from_db()
    assert field.key == "role_in_the_team"
    s2 = study.statements.get(key="S2")
    services.statement_update(statement=s2, key="", title="Statement 1")
    assert s2.key == "statement_1"
    level = study.scale_levels.get(key="no_opinion")
    services.scale_level_update(level=level, key="", label="No opinion")
    level.refresh_from_db()
    assert level.key == "no_opinion"  # its own key is not taken by itself


def test_pasted_lines_become_statements_in_order_skipping_blank_lines(study):
    added = services.statement_add_lines(
        study=study, lines="We deploy weekly.\r\n\r\n   Rollbacks are easy.  \n\t\nWe monitor.\n"
    )
    assert [s.key for s in added] == ["S4", "S5", "S6"]
    assert keys(study.statements) == ["S1", "S2", "S3", "S4", "S5", "S6"]
    texts = list(study.statements.order_by("position").values_list("text", flat=True))[3:]
    assert texts == ["We deploy weekly.", "Rollbacks are easy.", "We monitor."]


@pytest.mark.parametrize(
    ("lines", "code", "message"),
    [
        ("One.\r\n\r\nTh\x00ree.\nFour.", "bad_characters", "Line 3: "),
        ("One.\n" + "x\ud800", "bad_characters", "Line 2: "),
        ("\n  \n\t", "required", "Paste at least one statement, one per line."),
        ("\n".join(f"Statement {i}." for i in range(201)), "too_many", "Paste at most 200"),
    ],
)
def test_a_refused_paste_names_the_line_and_adds_nothing(study, lines, code, message):
    before = design_snapshot(study.pk)
    with pytest.raises(DomainError) as caught:
        services.statement_add_lines(study=study, lines=lines)
    assert caught.value.field == "lines"
    assert caught.value.code == code
    assert caught.value.message.startswith(message), caught.value.message
    assert design_snapshot(study.pk) == before


def test_a_line_with_a_nul_is_named_with_the_rule_it_breaks(study):
    with pytest.raises(DomainError) as caught:
        services.statement_add_lines(study=study, lines="Fine.\nBad\x00.")
    assert caught.value.message == (
        "Line 2: the statement contains a NUL character: U+0000 at position 3: "
        "remove it and try again."
    )


def _design(study: Study) -> dict:
    return {
        "levels": list(
            study.scale_levels.order_by("position").values_list("key", "label", "off_scale")
        ),
        "statements": list(
            study.statements.order_by("position").values_list("key", "title", "text")
        ),
        "fields": list(
            study.profile_fields.order_by("position").values_list(
                "key", "label", "type", "choices", "required"
            )
        ),
    }


def test_a_duplicate_has_the_design_and_settings_but_no_sessions_or_notes(study, owner, analyst):
    services.study_update(
        study=study,
        reveal_policy="live",
        timer_closes_notes=True,
        language="pt-br",
        description="About deployment.",
        withdrawal_policy="anonymise",
    )
    services.statement_move(statement=study.statements.get(key="S3"), direction="up")
    make_note(study)  # a session, a participant, a note: none of them is copied
    copy = services.study_duplicate(study=study, owner=analyst)
    study.refresh_from_db()
    assert copy.pk != study.pk
    assert copy.title == "Copy of A study"
    assert _design(copy) == _design(study)
    assert keys(copy.statements) == ["S1", "S3", "S2"]
    assert _design(copy)["fields"][1] == (
        "knowledge",
        "Knowledge",
        FieldType.CHOICE,
        ["Low", "Medium", "High"],
        False,
    )
    assert (copy.description, copy.consent_text) == ("About deployment.", "We record this session.")
    assert (copy.reveal_policy, copy.timer_closes_notes, copy.language) == ("live", True, "pt-br")
    assert (copy.withdrawal_policy, copy.is_template, copy.created_by) == (
        "anonymise",
        False,
        analyst,
    )
    assert list(Membership.objects.filter(study=copy).values_list("user", "role")) == [
        (analyst.pk, Role.OWNER)
    ]
    assert not Session.objects.filter(study=copy).exists()
    assert not Participant.objects.filter(study=copy).exists()
    assert not Note.objects.filter(session__study=copy).exists()
    services.scale_level_add(study=copy, label="Extra")  # the copy's scale is not in use
    assert Note.objects.filter(session__study=study).count() == 1


def test_a_second_copy_gets_a_numbered_title_and_a_long_title_still_fits(study, owner):
    assert services.study_duplicate(study=study, owner=owner).title == "Copy of A study"
    assert services.study_duplicate(study=study, owner=owner).title == "Copy of A study (2)"
    assert services.study_duplicate(study=study, owner=owner).title == "Copy of A study (3)"
    services.study_update(study=study, title="T" * 200)
    first = services.study_duplicate(study=study, owner=owner)
    second = services.study_duplicate(study=study, owner=owner)
    assert first.title == ("Copy of " + "T" * 200)[:200]
    assert second.title == ("Copy of " + "T" * 200)[:196] + " (2)"


@pytest.mark.parametrize(
    ("language", "title"), [("pt-br", "Cópia de A study"), ("es", "Copia de A study")]
)
def test_a_copy_is_titled_in_the_researchers_language(study, owner, language, title):
    with translation.override(language):  # as the view runs: the request's language
        assert services.study_duplicate(study=study, owner=owner).title == title
        assert services.study_duplicate(study=study, owner=owner).title == f"{title} (2)"
    assert services.study_duplicate(study=study, owner=owner).title == "Copy of A study"


def test_titles_of_other_peoples_studies_do_not_count(study, owner):
    stranger = make_user("stranger")
    services.study_create(title="Copy of A study", owner=stranger)
    assert services.study_duplicate(study=study, owner=owner).title == "Copy of A study"


def test_a_duplicate_of_an_answered_study_keeps_its_choices_free_to_change(study, owner):
    session = session_create(study=study, name="Group 1")
    participant_create(session=session, profile={"knowledge": "High"}, consented_at=timezone.now())
    copy = services.study_duplicate(study=study, owner=owner)
    services.profile_field_update(field=copy.profile_fields.get(key="knowledge"), choices=["A"])
    assert copy.profile_fields.get(key="knowledge").choices == ["A"]
