"""Phase tracking: phases, scenarios, the log, recommendations and the focus timer.

A study's phases are ordered; scenarios are named, each for a shift between two phases; the log
holds the minutes spent on a phase while another was the focus; recommendations are memos about
a phase; each member has a running focus timer. The revisit matrix is derived, never stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from statements.models import Study, key_validator

MAX_MINUTES = 100_000
MAX_REASON = 2_000
MAX_LABEL = 80
MAX_MEMO = 20_000


class Phase(models.Model):
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="phases")
    key = models.CharField(max_length=40, validators=[key_validator])
    name = models.CharField(max_length=200)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["study", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["study", "key"], name="phase_key_unique"),
            models.CheckConstraint(condition=~Q(key=""), name="phase_key_not_empty"),
            models.CheckConstraint(condition=~Q(name=""), name="phase_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name


class PhaseScenario(models.Model):
    """A named reason why the work shifted from a main phase to another phase."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="phase_scenarios")
    main = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="scenarios_from")
    visited = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="scenarios_to")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["main__position", "visited__position", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["main", "visited", "name"], name="phase_scenario_name_unique"
            ),
            models.CheckConstraint(
                condition=~Q(main=F("visited")), name="phase_scenario_two_phases"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="phase_scenario_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name


class PhaseEntry(models.Model):
    """Minutes spent on `visited` while `main` was the focus (visited == main: on the focus)."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="phase_entries")
    main = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="entries_as_main")
    visited = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="entries_visited")
    minutes = models.FloatField()
    reason = models.CharField(max_length=MAX_REASON, blank=True)
    scenario = models.ForeignKey(
        PhaseScenario, null=True, blank=True, on_delete=models.SET_NULL, related_name="entries"
    )
    at = models.DateTimeField(null=True, blank=True)
    by = models.CharField(max_length=MAX_LABEL, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="phase_entries",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["study", "at", "id"]
        indexes = [models.Index(fields=["study", "main", "visited"], name="phase_entry_cell")]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gt=0) & Q(minutes__lte=MAX_MINUTES),
                name="phase_entry_minutes_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.minutes} min on {self.visited_id} during {self.main_id}"


class PhaseMemo(models.Model):
    """A recommendation (or any memo) about one phase of the study."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="phase_memos")
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="memos")
    text = models.TextField()
    author = models.CharField(max_length=MAX_LABEL, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["phase__position", "created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="phase_memo_text_not_empty"),
        ]

    def __str__(self) -> str:
        return self.text[:40]


class PhaseTimer(models.Model):
    """A member's running focus timer: the main phase, the phase worked on since `since`."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="phase_timers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="phase_timers"
    )
    main = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="+")
    visited = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="+")
    scenario = models.ForeignKey(
        PhaseScenario, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=MAX_REASON, blank=True)
    started_at = models.DateTimeField()
    since = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["study", "user"], name="phase_timer_one_per_member"),
        ]

    def __str__(self) -> str:
        return f"Timer of {self.user_id} on {self.main_id}"
