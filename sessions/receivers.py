"""What sessions does when a lower app announces a change: open boards follow a study's rules."""

from __future__ import annotations

from django.dispatch import receiver

from statements.signals import study_rules_changed

from . import events


@receiver(study_rules_changed, dispatch_uid="sessions_study_rules_changed")
def boards_follow_study_rules(sender, *, study_id: int, **kwargs) -> None:
    """Tell the open boards of the study's running sessions to reload its visibility rules."""
    events.study_rules_changed(study_id)
