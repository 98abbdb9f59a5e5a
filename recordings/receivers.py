"""What recordings does when a lower app announces a change: a withdrawn participant's voice."""

from __future__ import annotations

from django.dispatch import receiver

from sessions.models import Participant
from sessions.signals import participant_withdrawn

from .models import Speaker


@receiver(participant_withdrawn, dispatch_uid="recordings_participant_withdrawn")
def speakers_follow_withdrawal(sender, *, participant: Participant, erase: bool, **kwargs) -> int:
    """Erase the speakers mapped to the participant, or keep them under a neutral label."""
    speakers = list(Speaker.objects.filter(participant=participant))
    if erase:
        Speaker.objects.filter(pk__in=[s.pk for s in speakers]).delete()
    else:
        for speaker in speakers:
            speaker.label, speaker.participant = f"withdrawn-{speaker.pk}", None
        Speaker.objects.bulk_update(speakers, ["label", "participant"])
    return len(speakers)
