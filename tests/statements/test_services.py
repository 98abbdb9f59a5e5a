"""The design services validate every write and say what is wrong and where."""

from __future__ import annotations

import pytest
from django.utils import timezone

from focusgroup.errors import DomainError
from sessions.services import participant_create, session_create
from statements import services
from statements.models import FieldType, Role
from statements.selectors import statement_key_suggest
from tests.statements.design_support import make_note

pytestmark = pytest.mark.django_db


def keys(queryset) -> list[str]:
    return list(queryset.order_by("position", "id").values_list("key", flat=True))


def refused(field: str | None = None):
    """Expect a DomainError; with a field, one that names it (none: a refusal of the whole)."""

    class Check:
        def __enter__(self):
            self.raises = pytest.raises(DomainError)
            self.info = self.raises.__enter__()
            return self.info

        def __exit__(self, *exc):
            handled = self.raises.__exit__(*exc)
            assert self.info.value.field == field, self.info.value
            assert self.info.value.code
            assert self.info.value.message
            return handled

    return Check()


def test_a_study_needs_a_title_and_a_known_preset(owner):
    with refused("title"):
        services.study_create(title="  ", owner=owner)
    with refused("scale"):
        services.study_create(title="T", owner=owner, scale="nine-point")


def test_study_update_refuses_unknown_settings_and_an_empty_title(study):
    with refused():
        services.study_update(study=study, is_template=True)
    with refused("title"):
        services.study_update(study=study, title="")
    with refused("reveal_policy"):
        services.study_update(study=study, reveal_policy="sometimes")
    study.refresh_from_db()
    assert (study.title, study.is_template) == ("A study", False)


def test_statement_keys_are_suggested_after_the_highest_number(study):
    assert statement_key_suggest(study) == "S4"
    services.statement_add(study=study, key="S10", text="Ten")
    services.statement_add(study=study, key="extra", text="Not numbered")
    assert statement_key_suggest(study) == "S11"


def test_a_statement_added_after_a_deletion_goes_last(study):
    services.statement_delete(statement=study.statements.get(key="S1"))
    statement = services.statement_add(study=study, key="S4", text="Four")
    assert keys(study.statements) == ["S2", "S3", "S4"]
    assert statement.position > study.statements.get(key="S3").position


def test_moving_renumbers_positions_and_stops_at_the_ends(study):
    first = study.statements.get(key="S1")
    services.statement_move(statement=first, direction="up")
    assert keys(study.statements) == ["S1", "S2", "S3"]
    services.statement_move(statement=first, direction="down")
    services.statement_move(statement=first, direction="down")
    services.statement_move(statement=first, direction="down")
    assert keys(study.statements) == ["S2", "S3", "S1"]
    assert list(study.statements.order_by("position").values_list("position", flat=True)) == [
        0,
        1,
        2,
    ]


def test_a_scale_with_duplicate_or_bad_keys_or_too_few_levels_is_refused(study):
    level = services.LevelSpec
    with refused("key"):
        services.scale_levels_set(study=study, levels=[level("a", "A"), level("a", "B")])
    with refused("key"):
        services.scale_levels_set(study=study, levels=[level("a b", "A"), level("c", "C")])
    with refused():
        services.scale_levels_set(study=study, levels=[level("a", "A")])
    with refused():
        services.scale_levels_set(study=study, levels=[level(f"l{i}", "L") for i in range(12)])
    assert len(keys(study.scale_levels)) == 5


def test_a_scale_used_by_notes_is_fixed_but_labels_can_change(study):
    make_note(study)
    level = study.scale_levels.get(key="no_opinion")
    for change in (
        lambda: services.scale_preset_apply(study=study, preset="likert5"),
        lambda: services.scale_level_add(study=study, key="x", label="X"),
        lambda: services.scale_level_delete(level=level),
        lambda: services.scale_level_move(level=level, direction="up"),
        lambda: services.scale_level_update(level=level, off_scale=False),
    ):
        with pytest.raises(DomainError, match="notes already use its levels"):
            change()
    services.scale_level_update(level=level, label="Don't know")
    level.refresh_from_db()
    assert (level.label, level.off_scale) == ("Don't know", True)


def test_choice_rules_of_profile_fields(study):
    with refused("choices"):
        services.profile_field_add(study=study, key="c", label="C", type=FieldType.CHOICE)
    with refused("choices"):
        services.profile_field_add(
            study=study, key="n", label="N", type=FieldType.INTEGER, choices=["1"]
        )
    with refused("type"):
        services.profile_field_add(study=study, key="d", label="D", type="date")
    with refused("key"):
        services.profile_field_add(study=study, key="years", label="Again")
    assert keys(study.profile_fields) == ["years", "knowledge", "job_title"]


def test_an_answered_profile_field_keeps_its_key_type_and_used_choices(study):
    session = session_create(study=study, name="Group 1")
    participant_create(
        session=session,
        profile={"years": 3, "knowledge": "High"},
        consented_at=timezone.now(),
    )
    knowledge = study.profile_fields.get(key="knowledge")
    with refused("key"):
        services.profile_field_update(field=knowledge, key="know")
    with refused("type"):
        services.profile_field_update(field=knowledge, type=FieldType.TEXT, choices=[])
    with pytest.raises(DomainError, match="Participants chose High"):
        services.profile_field_update(field=knowledge, choices=["Low", "Medium"])
    with pytest.raises(DomainError, match="cannot be deleted"):
        services.profile_field_delete(field=knowledge)
    services.profile_field_update(field=knowledge, label="ML knowledge", choices=["High", "None"])
    knowledge.refresh_from_db()
    assert (knowledge.label, knowledge.choices) == ("ML knowledge", ["High", "None"])
    services.profile_field_delete(field=study.profile_fields.get(key="job_title"))
    assert keys(study.profile_fields) == ["years", "knowledge"]


def test_membership_rules(study, owner, analyst):
    with refused("role"):
        services.membership_set(study=study, user=analyst, role="admin")
    with refused("role"):
        services.membership_set(study=study, user=owner, role=Role.ANALYST)
    with refused("role"):
        services.membership_remove(membership=study.memberships.get(user=owner))
    with refused("user"):
        services.membership_invite(study=study, identifier="", role=Role.ANALYST)
    services.membership_set(study=study, user=analyst, role=Role.OWNER)
    services.membership_remove(membership=study.memberships.get(user=owner))
    assert list(study.memberships.filter(role=Role.OWNER).values_list("user", flat=True)) == [
        analyst.pk
    ]


def test_deleting_a_study_takes_its_notes_and_sessions(study):
    note = make_note(study)
    services.study_delete(study=study)
    from sessions.models import Note, Session

    assert not Note.objects.filter(pk=note.pk).exists()
    assert not Session.objects.filter(pk=note.session_id).exists()
