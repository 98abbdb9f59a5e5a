"""Schemathesis over the published OpenAPI schema: no request gets a server error.

The schema is /api/schema/; requests carry an owner's API token, a bounded number are generated
per operation, and a server error means any 5xx.

The requests run in process through the WSGI application, in the test's transaction. Cases are
drawn with Hypothesis from each operation's strategy (schemathesis' pytest plugin does not run on
this pytest version)."""

from __future__ import annotations

import collections
import contextlib

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from focusgroup.wsgi import application
from sessions.services import participant_create, session_create

pytestmark = [pytest.mark.django_db, pytest.mark.heavy]

EXAMPLES = 12


@pytest.fixture
def owner_token(study, owner):
    """An owner's token, with a study that has a session and a participant to find."""
    session = session_create(study=study, name="Fuzzed")
    participant_create(session=session, profile={"years": 2})
    return Token.objects.create(user=owner).key


def _strategies(operation, study_id: int):
    """Valid and invalid requests, and valid ones aimed at the real study where there is one."""
    found = [operation.as_strategy(GenerationMode.POSITIVE)]
    with contextlib.suppress(Exception):  # some operations have nothing to make invalid
        found.append(operation.as_strategy(GenerationMode.NEGATIVE))
    if "{study_id}" in operation.path:
        path = {"study_id": study_id}
        found.append(operation.as_strategy(GenerationMode.POSITIVE, path_parameters=path))
    return st.one_of(found)


@pytest.fixture
def in_process():
    """Like Django's test client: the request signals must not close the test's connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield application
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_no_generated_request_gets_a_server_error(study, owner_token, in_process):
    headers = {"Authorization": f"Token {owner_token}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/", in_process, headers=headers)
    failures: list[str] = []
    statuses: collections.Counter[int] = collections.Counter()
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=_strategies(operation, study.pk))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def check(case):
            try:
                response = case.call_and_validate(headers=headers, checks=[not_a_server_error])
                statuses[response.status_code // 100] += 1
            except Exception as exc:  # every failing operation is listed, not just the first
                failures.append(f"{case.method} {case.path}: {str(exc)[:300]}")
                raise

        try:
            check()
        except Exception:  # noqa: S112 - recorded above; go on with the other operations
            continue
    assert operations > 30
    assert failures == []
    assert statuses[2] > 0  # the token works: some requests succeed, not only 4xx
