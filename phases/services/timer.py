"""The focus timer, which logs the minutes of each stretch on a phase.

A member picks the main phase and starts; each shift to another phase (and back) logs the stretch
that just ended; stop logs the last stretch. The clock is a parameter (`now`), so the same code
runs live and under a simulated clock in tests."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from statements.models import Study

from ..errors import PhaseError
from ..models import MAX_MINUTES, PhaseEntry, PhaseTimer
from .entries import entry_from_values
from .validation import StudyPhases, entry_values

# A stretch shorter than this (a mis-tap) is not logged.
MIN_LOGGED_MINUTES = 0.01


def _running(study: Study, user: AbstractBaseUser) -> PhaseTimer:
    timer = PhaseTimer.objects.select_for_update().filter(study=study, user=user).first()
    if timer is None:
        raise PhaseError(_("No timer is running: pick a main phase and start."), field="timer")
    return timer


def _log_stretch(timer: PhaseTimer, user: AbstractBaseUser, now: datetime) -> PhaseEntry | None:
    minutes = round((now - timer.since).total_seconds() / 60, 4)
    if minutes < MIN_LOGGED_MINUTES:
        return None
    values = entry_values(
        StudyPhases(timer.study),
        main=timer.main,
        visited=timer.visited,
        minutes=min(minutes, MAX_MINUTES),
        reason=timer.reason,
        scenario=timer.scenario,
        at=timer.since,
        by=user.get_username(),
    )
    entry = entry_from_values(timer.study, values, user.pk)
    entry.save(force_insert=True)
    return entry


@transaction.atomic
def timer_start(
    *, study: Study, user: AbstractBaseUser, main, now: datetime | None = None
) -> PhaseTimer:
    """Start timing work on `main`; a timer already running is stopped (and logged) first."""
    now = now or timezone.now()
    main_phase = StudyPhases(study).phase(main, "main")
    if PhaseTimer.objects.filter(study=study, user=user).exists():
        timer_stop(study=study, user=user, now=now)
    return PhaseTimer.objects.create(
        study=study, user=user, main=main_phase, visited=main_phase, started_at=now, since=now
    )


@transaction.atomic
def timer_shift(
    *,
    study: Study,
    user: AbstractBaseUser,
    visited,
    scenario=None,
    reason: str = "",
    now: datetime | None = None,
) -> tuple[PhaseTimer, PhaseEntry | None]:
    """The work shifts to `visited` (the main phase to come back): log the stretch just ended."""
    now = now or timezone.now()
    timer = _running(study, user)
    timer.study = study
    phases = StudyPhases(study)
    target = phases.phase(visited, "visited")
    checked = entry_values(
        phases, main=timer.main, visited=target, minutes=1, reason=reason, scenario=scenario
    )
    if now < timer.since:
        raise PhaseError(_("The clock went backwards."), field="now")
    logged = _log_stretch(timer, user, now)
    timer.visited = target
    timer.scenario = checked.scenario if target.pk != timer.main_id else None
    timer.reason = checked.reason if target.pk != timer.main_id else ""
    timer.since = now
    timer.save()
    return timer, logged


@transaction.atomic
def timer_stop(
    *, study: Study, user: AbstractBaseUser, now: datetime | None = None
) -> PhaseEntry | None:
    """Stop the timer and log the last stretch."""
    now = now or timezone.now()
    timer = _running(study, user)
    timer.study = study
    if now < timer.since:
        raise PhaseError(_("The clock went backwards."), field="now")
    logged = _log_stretch(timer, user, now)
    timer.delete()
    return logged
