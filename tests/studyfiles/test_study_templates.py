"""Study templates: the MLOps design without its sessions, for the study-creation page."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sessions.models import Session
from statements.models import Role
from statements.permissions import study_role
from studyfiles.study_templates import TEMPLATES, study_create_from_template
from studyfiles.studyfile import study_export

from .studyfile_support import paper_document, row_counts


def test_the_mlops_study_is_listed_with_a_title_and_description():
    keys = [template.key for template in TEMPLATES]
    assert "mlops-araujo2024" in keys
    for template in TEMPLATES:
        assert template.title
        assert template.description


def test_a_study_from_the_template_has_the_design_and_no_sessions(owner):
    study = study_create_from_template(key="mlops-araujo2024", owner=owner)
    expected = paper_document()
    del expected["study"]["sessions"]
    assert study_export(study=study) == expected
    assert not Session.objects.filter(study=study).exists()
    assert study_role(owner, study) == Role.OWNER


def test_the_title_can_be_chosen(owner):
    study = study_create_from_template(key="mlops-araujo2024", owner=owner, title="Our replication")
    assert study.title == "Our replication"
    assert study.statements.count() == 6


def test_two_studies_from_one_template_are_independent(owner):
    first = study_create_from_template(key="mlops-araujo2024", owner=owner)
    second = study_create_from_template(key="mlops-araujo2024", owner=owner)
    assert first.pk != second.pk
    assert second.statements.count() == 6


def test_an_unknown_template_raises_a_clear_key_error(owner):
    with pytest.raises(KeyError, match="No study template 'nope'; templates: mlops-araujo2024"):
        study_create_from_template(key="nope", owner=owner)


@pytest.mark.parametrize("title", ["  ", "T" * 201])
def test_a_bad_title_is_refused_as_a_field_error_and_nothing_is_written(owner, title):
    before = row_counts()
    with pytest.raises(ValidationError) as caught:
        study_create_from_template(key="mlops-araujo2024", owner=owner, title=title)
    assert caught.value.message_dict == {"title": ["A title has 1 to 200 characters."]}
    assert row_counts() == before
