"""The focus timer over a simulated clock: each stretch is logged on the phase it was spent on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from phases.errors import PhaseError
from phases.models import PhaseEntry, PhaseTimer
from phases.selectors import phase_matrix
from phases.services import timer_shift, timer_start, timer_stop

pytestmark = pytest.mark.django_db
T0 = datetime(2024, 2, 1, 9, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_a_morning_on_the_timer_logs_minutes_per_phase_visited(tracked, analyst):
    timer_start(study=tracked, user=analyst, main="prepare", now=at(0))
    timer_shift(
        study=tracked,
        user=analyst,
        visited="acquire",
        scenario="Missing data",
        reason="A column is empty",
        now=at(30),
    )
    _timer, logged = timer_shift(study=tracked, user=analyst, visited="prepare", now=at(45))
    assert (logged.visited.key, logged.minutes, logged.scenario.name) == (
        "acquire",
        15,
        "Missing data",
    )
    timer_shift(study=tracked, user=analyst, visited="deploy", now=at(85))
    last = timer_stop(study=tracked, user=analyst, now=at(95))
    assert last.minutes == 10
    rows = list(
        PhaseEntry.objects.order_by("id").values_list("visited__key", "minutes", "reason", "at")
    )
    assert rows == [
        ("prepare", 30, "", at(0)),
        ("acquire", 15, "A column is empty", at(30)),
        ("prepare", 40, "", at(45)),
        ("deploy", 10, "", at(85)),
    ]
    assert set(PhaseEntry.objects.values_list("by", flat=True)) == {"analyst"}
    doc = phase_matrix(tracked).as_json("t")
    assert doc["minutes"]["prepare"] == 95
    assert doc["matrix"]["prepare"] == {
        "define": 0.0,
        "acquire": 0.1579,
        "prepare": 0.7368,
        "deploy": 0.1053,
    }
    assert not PhaseTimer.objects.exists()


def test_a_scenario_of_another_shift_is_refused_and_the_timer_runs_on(tracked, analyst):
    timer_start(study=tracked, user=analyst, main="define", now=at(0))
    with pytest.raises(PhaseError, match="No scenario"):
        timer_shift(
            study=tracked, user=analyst, visited="acquire", scenario="Missing data", now=at(5)
        )
    assert not PhaseEntry.objects.exists()
    assert timer_stop(study=tracked, user=analyst, now=at(7)).minutes == 7


def test_stop_without_a_timer_and_a_clock_going_back_are_refused(tracked, analyst):
    with pytest.raises(PhaseError, match="No timer is running"):
        timer_stop(study=tracked, user=analyst, now=at(1))
    timer_start(study=tracked, user=analyst, main="define", now=at(10))
    with pytest.raises(PhaseError, match="backwards"):
        timer_stop(study=tracked, user=analyst, now=at(5))


def test_starting_again_logs_the_running_timer_first(tracked, analyst):
    timer_start(study=tracked, user=analyst, main="define", now=at(0))
    timer_start(study=tracked, user=analyst, main="deploy", now=at(20))
    assert PhaseEntry.objects.get().minutes == 20
    assert PhaseTimer.objects.get().main.key == "deploy"


def test_the_timer_works_over_the_rest_api(tracked, moderator, outsider):
    client = APIClient()
    client.force_authenticate(moderator)
    url = f"/api/studies/{tracked.pk}/phase-timer/"
    assert client.get(url).json()["running"] is False
    started = client.post(f"{url}start/", {"main": "define"}, format="json").json()
    assert (started["running"], started["main"], started["visited"]) == (True, "define", "define")
    hour_ago = timezone.now() - timedelta(hours=1)
    PhaseTimer.objects.update(since=hour_ago)  # an hour of work, without waiting an hour
    shifted = client.post(
        f"{url}shift/", {"visited": "deploy", "scenario": "Stakeholder alignment"}, format="json"
    ).json()
    assert shifted["logged"]["visited"] == "define"
    assert shifted["scenario"] == "Stakeholder alignment"
    PhaseTimer.objects.update(since=timezone.now() - timedelta(minutes=5))
    stopped = client.post(f"{url}stop/", {}, format="json").json()
    assert stopped["running"] is False
    assert stopped["logged"]["direction"] == "forward"
    bad = client.post(f"{url}start/", {"main": "nowhere"}, format="json")
    assert bad.status_code == 400
    assert bad.json()["field"] == "main"
    assert "Unknown phase" in bad.json()["message"]
    other = APIClient()
    other.force_authenticate(outsider)
    assert other.post(f"{url}start/", {"main": "define"}, format="json").status_code == 404
