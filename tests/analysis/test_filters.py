"""Filter parameters: checked against the study, with a message naming the wrong one."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from analysis.filters import AnalysisFilters, FilterError, parse_filters

CHOICES = {"sessions": ["Focus group 1", "Focus group 2"], "profile_fields": ["job_title"]}


def test_no_parameters_mean_no_filter():
    assert parse_filters({}, **CHOICES).is_empty()


def test_valid_parameters_are_parsed():
    filters = parse_filters(
        {
            "session": "Focus group 2",
            "field": "job_title",
            "value": " ML Engineer ",
            "since": "2023-08-10",
            "until": "2023-08-24T18:00:00Z",
        },
        **CHOICES,
    )
    assert filters == AnalysisFilters(
        session="Focus group 2",
        profile_field="job_title",
        profile_value="ML Engineer",
        since=datetime(2023, 8, 10, tzinfo=UTC),
        until=datetime(2023, 8, 24, 18, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    ("params", "param", "message"),
    [
        ({"session": "Focus group 9"}, "session", "no session named 'Focus group 9'"),
        ({"field": "shoe_size", "value": "42"}, "field", "no profile field 'shoe_size'"),
        ({"value": "ML Engineer"}, "value", "needs the profile field"),
        ({"field": "job_title"}, "value", "give the value of 'job_title'"),
        ({"since": "last tuesday"}, "since", "'last tuesday' is not a date"),
        ({"since": "2023-08-24", "until": "2023-08-10"}, "until", "before its start"),
    ],
)
def test_bad_parameters_are_refused_naming_the_parameter(params, param, message):
    with pytest.raises(FilterError, match=message) as caught:
        parse_filters(params, **CHOICES)
    assert caught.value.param == param
