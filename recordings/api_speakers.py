"""REST API of a recording's speakers, as actions of /api/recordings/{id}/.

The detected voices with talk share and proposals, the mapping confirmed in one call, a range of
lines given one speaker, detection run again. The same services as the page (speakers.py,
proposals.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from sessions.models import Participant
from statements.permissions import CAN_MANAGE_RECORDINGS, has_study_permission

from . import speakers
from .errors import SpeakerError
from .forms import MODERATOR
from .models import Recording, Speaker
from .proposals import SpeakerSummary, merged_voices_warning, speaker_summaries


class ClipOutput(serializers.Serializer):
    start = serializers.FloatField()
    end = serializers.FloatField()


class ProposalOutput(serializers.Serializer):
    who = serializers.ChoiceField(choices=["", "moderator", "participant"])
    participant = serializers.IntegerField(allow_null=True)
    participant_code = serializers.CharField()
    reason = serializers.CharField()


class SpeakerSummaryOutput(serializers.Serializer):
    """A speaker with its talk time, a clip of its longest line and who it probably is."""

    id = serializers.IntegerField(source="speaker.pk")
    label = serializers.CharField(source="speaker.label")
    code = serializers.CharField(source="speaker.code")
    participant = serializers.IntegerField(source="speaker.participant_id", allow_null=True)
    is_moderator = serializers.BooleanField(source="speaker.is_moderator")
    detected = serializers.BooleanField(source="speaker.detected")
    confirmed = serializers.BooleanField(source="speaker.confirmed")
    seconds = serializers.FloatField()
    share = serializers.FloatField(help_text="Share of the recording's talk time, 0..1.")
    clip = serializers.SerializerMethodField()
    proposal = serializers.SerializerMethodField()

    @extend_schema_field(ClipOutput(allow_null=True))
    def get_clip(self, summary: SpeakerSummary) -> dict | None:
        if summary.clip is None:
            return None
        return ClipOutput({"start": summary.clip[0], "end": summary.clip[1]}).data

    @extend_schema_field(ProposalOutput)
    def get_proposal(self, summary: SpeakerSummary) -> dict:
        value = summary.proposal
        participant = self.context.get("participants", {}).get(value)
        who = "moderator" if value == MODERATOR else ("participant" if participant else "")
        return ProposalOutput(
            {
                "who": who,
                "participant": participant.pk if participant else None,
                "participant_code": participant.code if participant else "",
                "reason": summary.reason,
            }
        ).data


class SpeakersOutput(serializers.Serializer):
    recording = serializers.IntegerField()
    speakers_status = serializers.CharField()
    speakers_error = serializers.CharField(
        help_text="Why detection failed, in the reader's language."
    )
    speakers_warning = serializers.CharField(
        help_text="Set when fewer voices were detected than the session has participants."
    )
    speakers = SpeakerSummaryOutput(many=True)


class MappingItem(serializers.Serializer):
    speaker = serializers.IntegerField()
    participant = serializers.IntegerField(required=False, allow_null=True)
    moderator = serializers.BooleanField(required=False, default=False)

    def validate(self, attrs):
        if attrs.get("participant") is not None and attrs["moderator"]:
            raise serializers.ValidationError(
                _("A speaker is either a participant or the moderator, not both.")
            )
        return attrs


class ConfirmInput(serializers.Serializer):
    mapping = MappingItem(many=True, allow_empty=False)


class ReassignInput(serializers.Serializer):
    first = serializers.IntegerField(min_value=1, help_text="First line, numbered from 1.")
    last = serializers.IntegerField(min_value=1, help_text="Last line, included.")
    speaker = serializers.IntegerField(required=False, allow_null=True)


class ReassignOutput(serializers.Serializer):
    first = serializers.IntegerField()
    last = serializers.IntegerField()
    speaker = serializers.IntegerField(allow_null=True)
    changed = serializers.IntegerField()


class DetectOutput(serializers.Serializer):
    speakers_status = serializers.CharField()


class SpeakerActionsMixin:
    """The speaker actions of RecordingViewSet."""

    def _managed(self) -> Recording:
        recording = self.get_object()
        if not has_study_permission(
            self.request.user, recording.session.study_id, CAN_MANAGE_RECORDINGS
        ):
            raise PermissionDenied(_("Only the study's owner or a moderator may change speakers."))
        return recording

    def _speakers_payload(self, recording: Recording) -> dict:
        participants = {
            str(p.pk): p for p in Participant.objects.filter(session_id=recording.session_id)
        }
        return {
            "recording": recording.pk,
            "speakers_status": recording.speakers_status,
            "speakers_error": recording.speakers_error_text,
            "speakers_warning": merged_voices_warning(recording=recording),
            "speakers": SpeakerSummaryOutput(
                speaker_summaries(recording=recording),
                many=True,
                context={"participants": participants},
            ).data,
        }

    @extend_schema(request=None, responses=SpeakersOutput)
    @action(detail=True, methods=["get"], url_path="speakers")
    def speakers(self, request: Request, pk=None) -> Response:
        """The speakers with their share of talk time, a clip and a proposed mapping."""
        return Response(self._speakers_payload(self.get_object()))

    @extend_schema(request=ConfirmInput, responses=SpeakersOutput)
    @action(detail=True, methods=["post"], url_path="speakers/confirm")
    def speakers_confirm(self, request: Request, pk=None) -> Response:
        """Map every listed speaker to a participant, the moderator or nobody, in one step."""
        recording = self._managed()
        data = ConfirmInput(data=request.data)
        data.is_valid(raise_exception=True)
        items = data.validated_data["mapping"]
        wanted = {item["participant"] for item in items if item.get("participant") is not None}
        found = {
            p.pk: p
            for p in Participant.objects.filter(pk__in=wanted, session_id=recording.session_id)
        }
        mapping = {}
        for position, item in enumerate(items):
            where = f"mapping[{position}]"
            if item["speaker"] in mapping:
                raise SpeakerError(
                    _("Speaker %(speaker)s is listed twice.") % {"speaker": item["speaker"]},
                    pointer=f"{where}.speaker",
                )
            participant_id = item.get("participant")
            if participant_id is not None and participant_id not in found:
                raise SpeakerError(
                    _("Participant %(participant)s did not take part in this session.")
                    % {"participant": participant_id},
                    pointer=f"{where}.participant",
                )
            mapping[item["speaker"]] = (found.get(participant_id), item["moderator"])
        speakers.speakers_confirm(recording=recording, mapping=mapping)
        return Response(self._speakers_payload(recording))

    @extend_schema(request=ReassignInput, responses=ReassignOutput)
    @action(detail=True, methods=["post"], url_path="lines/reassign")
    def lines_reassign(self, request: Request, pk=None) -> Response:
        """Give lines first..last (as numbered on the page, from 1) one speaker, or none."""
        recording = self._managed()
        data = ReassignInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        speaker = None
        if values.get("speaker") is not None:
            speaker = Speaker.objects.filter(pk=values["speaker"], recording=recording).first()
            if speaker is None:
                raise SpeakerError(
                    _("Speaker %(speaker)s is not in this recording.")
                    % {"speaker": values["speaker"]},
                    field="speaker",
                )
        changed = speakers.segments_reassign(
            recording=recording, first=values["first"], last=values["last"], speaker=speaker
        )
        return Response(
            ReassignOutput(
                {
                    "first": values["first"],
                    "last": values["last"],
                    "speaker": speaker.pk if speaker else None,
                    "changed": changed,
                }
            ).data
        )

    @extend_schema(request=None, responses={202: DetectOutput})
    @action(detail=True, methods=["post"], url_path="speakers/detect")
    def speakers_detect(self, request: Request, pk=None) -> Response:
        """Queue speaker detection again; lines set by hand keep their speaker."""
        speakers.speakers_redetect(recording=self._managed())
        return Response({"speakers_status": "processing"}, status=status.HTTP_202_ACCEPTED)
