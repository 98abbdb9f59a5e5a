"""One rule for the answers to a study's characterization form.

The rule is statements/profile.py's: the participant services refuse what the REST API and the
study file refuse, naming the answer and writing nothing, and the join form takes the same
limits."""

from __future__ import annotations

import pytest

from focusgroup.errors import DomainError
from sessions.forms import ProfileForm
from sessions.models import Participant
from sessions.services import participant_create, session_create
from statements.profile import PROFILE_INTEGER_MAX

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = "Years of experience must be a whole number from 0 to 9007199254740991."


@pytest.fixture
def session(study):
    """The study's fields (tests/factories.py): years (whole number, required), knowledge (a
    choice of Low, Medium, High) and job_title (text)."""
    return session_create(study=study, name="S1")


@pytest.mark.parametrize(
    ("profile", "field", "message"),
    [
        ({"years": -1}, "profile.years", OUT_OF_RANGE),
        ({"years": PROFILE_INTEGER_MAX + 1}, "profile.years", OUT_OF_RANGE),
        ({"years": "3"}, "profile.years", "Years of experience must be a whole number."),
        ({"years": True}, "profile.years", "Years of experience must be a whole number."),
        (
            {"job_title": "x" * 201},
            "profile.job_title",
            "Job title must be at most 200 characters long (it has 201).",
        ),
        ({"job_title": ["a list"]}, "profile.job_title", "Job title must be text."),
        (
            {"knowledge": "Expert"},
            "profile.knowledge",
            "Knowledge must be one of: Low, Medium, High.",
        ),
        ({"age": 30}, "profile.age", "“age” is not a profile field of this study."),
    ],
)
def test_the_service_refuses_an_answer_that_breaks_the_rule_and_writes_nothing(
    session, profile, field, message
):
    with pytest.raises(DomainError) as caught:
        participant_create(session=session, profile=profile)
    refused = caught.value
    assert (refused.code, refused.field, refused.message) == ("invalid_profile", field, message)
    assert not Participant.objects.filter(session=session).exists()


def test_the_edges_of_the_rule_and_unanswered_fields_pass(session):
    low = participant_create(session=session, profile={"years": 0, "job_title": "x" * 200})
    high = participant_create(
        session=session, profile={"years": PROFILE_INTEGER_MAX, "knowledge": "High"}
    )
    assert (low.profile["years"], high.profile["years"]) == (0, PROFILE_INTEGER_MAX)
    assert participant_create(session=session).profile == {}  # pre-registered: nothing yet


@pytest.mark.parametrize(
    ("answers", "valid"),
    [
        ({"years": "150"}, True),  # the form once stopped at 100; the rule does not
        ({"years": "-1"}, False),
        ({"years": str(PROFILE_INTEGER_MAX + 1)}, False),
        ({"job_title": "x" * 200}, True),
        ({"job_title": "x" * 201}, False),
    ],
)
def test_the_join_form_takes_the_same_limits(session, answers, valid):
    form = ProfileForm(data={"years": "3", **answers}, study=session.study)  # years is required
    assert form.is_valid() is valid, form.errors
