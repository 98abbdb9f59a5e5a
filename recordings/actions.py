"""Form posts of the recordings pages.

Delete, re-transcribe, start time, line edits, speakers (one by one, all confirmed at once, lines by
range, detection again)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from focusgroup.errors import DomainError
from statements.permissions import CAN_MANAGE_RECORDINGS

from . import services, speakers
from .access import get_recording_for, get_segment_for
from .engines import ENGINES
from .errors import SpeakerError
from .forms import MODERATOR, SpeakerForm, StartedAtForm
from .models import Speaker


def _back(recording) -> str:
    return reverse("recording-detail", args=[recording.pk])


@login_required
@require_POST
def recording_delete(request: HttpRequest, recording_id: int) -> HttpResponse:
    """Delete the recording, its file and its transcript."""
    recording = get_recording_for(request, recording_id, CAN_MANAGE_RECORDINGS)
    session = recording.session
    name = recording.original_name
    services.recording_delete(recording=recording, actor=request.user)
    messages.success(request, _("“%(name)s” and its transcript were deleted.") % {"name": name})
    return redirect("recording-list", session.study_id, session.pk)


@login_required
@require_POST
def recording_retranscribe(request: HttpRequest, recording_id: int) -> HttpResponse:
    """Queue a new transcription; the current transcript stays until the new one is complete."""
    recording = get_recording_for(request, recording_id, CAN_MANAGE_RECORDINGS)
    engine = request.POST.get("engine", "")
    if engine and engine not in ENGINES:
        messages.error(request, _("Unknown engine “%(engine)s”.") % {"engine": engine})
    else:
        services.recording_transcribe_request(
            recording=recording, engine=engine, actor=request.user
        )
        messages.success(request, _("Transcription queued."))
    return redirect(_back(recording))


@login_required
@require_POST
def recording_started_at(request: HttpRequest, recording_id: int) -> HttpResponse:
    """Correct the recording's start time, which re-aligns the transcript with the board."""
    recording = get_recording_for(request, recording_id, CAN_MANAGE_RECORDINGS)
    form = StartedAtForm(request.POST)
    if form.is_valid():
        services.recording_started_at_set(
            recording=recording, started_at=form.cleaned_data["started_at"]
        )
        messages.success(request, _("Start time saved; the transcript is aligned with the board."))
    else:
        messages.error(request, _("The start time is not a valid date and time."))
    return redirect(_back(recording))


@login_required
@require_POST
def segment_edit(request: HttpRequest, recording_id: int, segment_id: int) -> HttpResponse:
    """Correct a line's text and/or speaker; answers JSON to the page's script."""
    segment = get_segment_for(request, recording_id, segment_id, CAN_MANAGE_RECORDINGS)
    speaker, clear = None, False
    if "speaker" in request.POST:
        speaker_id = request.POST["speaker"]
        if speaker_id:
            speaker = Speaker.objects.filter(pk=speaker_id, recording=segment.recording).first()
            if speaker is None:
                return _answer(request, segment, error=_("That speaker is not in this recording."))
        else:
            clear = True
    text = request.POST.get("text")
    try:
        services.segment_update(segment=segment, text=text, speaker=speaker, clear_speaker=clear)
    except DomainError as exc:  # a LineError, or a TextError for its characters
        return _answer(request, segment, error=exc.message)
    return _answer(request, segment)


def _answer(request, segment, *, error: str = "") -> HttpResponse:
    if request.headers.get("X-Requested-With") == "XMLHttpRequest":
        return JsonResponse(
            {
                "id": segment.pk,
                "text": segment.text,
                "original_text": segment.original_text,
                "speaker": segment.speaker.code if segment.speaker else "",
                "error": error,
            },
            status=400 if error else 200,
        )
    if error:
        messages.error(request, error)
    return redirect(f"{_back(segment.recording)}#seg-{segment.pk}")


@login_required
@require_POST
def speaker_save(request: HttpRequest, recording_id: int) -> HttpResponse:
    """Add (or, with `speaker_id`, update) a speaker mapped to a participant or the moderator."""
    recording = get_recording_for(request, recording_id, CAN_MANAGE_RECORDINGS)
    form = SpeakerForm(request.POST, recording=recording)
    existing = None
    if request.POST.get("speaker_id"):
        existing = Speaker.objects.filter(
            pk=request.POST["speaker_id"], recording=recording
        ).first()
    if form.is_valid():
        participant, is_moderator = form.mapping()
        try:
            speaker = services.speaker_save(
                recording=recording,
                label=form.cleaned_data["label"],
                participant=participant,
                is_moderator=is_moderator,
                speaker=existing,
            )
            messages.success(
                request,
                _("Speaker “%(label)s” saved as %(code)s.")
                % {"label": speaker.label, "code": speaker.code},
            )
        except DomainError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Give the speaker a label and choose who it is."))
    return redirect(_back(recording))


@login_required
@require_POST
def speakers_confirm(request: HttpRequest, recording_id: int) -> HttpResponse:
    """Map every speaker at once (`who-<speaker id>`: a participant id, moderator, or empty)."""
    recording = get_recording_for(request, recording_id, CAN_MANAGE_RECORDINGS)
    choices = SpeakerForm(recording=recording)
    mapping = {}
    for speaker in Speaker.objects.filter(recording=recording):
        who = request.POST.get(f"who-{speaker.pk}")
        if who is None:
            continue
        if who and who != MODERATOR and who not in choices.participants:
            messages.error(
                request,
                _("“%(label)s”: choose a participant of this session.") % {"label": speaker.label},
            )
            return redirect(_back(recording))
        mapping[speaker.pk] = (choices.participants.get(who), who == MODERATOR)
    try:
        saved = speakers.speakers_confirm(recording=recording, mapping=mapping)
    except SpeakerError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(count)s speakers saved; every line follows its speaker.") % {"count": saved},
        )
    return redirect(_back(recording))


@login_required
@require_POST
def segments_reassign(request: HttpRequest, recording_id: int) -> HttpResponse:
    """Give a range of lines (`first`..`last`, as numbered on the page) one speaker."""
    recording = get_recording_for(request, recording_id, CAN_MANAGE_RECORDINGS)
    speaker = None
    try:
        first, last = int(request.POST.get("first", "")), int(request.POST.get("last", ""))
        if request.POST.get("speaker"):
            speaker = Speaker.objects.filter(
                pk=int(request.POST["speaker"]), recording=recording
            ).first()
            if speaker is None:
                raise SpeakerError(_("That speaker is not in this recording."), field="speaker")
        changed = speakers.segments_reassign(
            recording=recording, first=first, last=last, speaker=speaker
        )
    except ValueError:  # a line number that is not a whole number
        messages.error(request, _("Give the first and last line as whole numbers."))
    except SpeakerError as exc:
        messages.error(request, exc.message)
    else:
        who = speaker.code if speaker else _("no speaker")
        messages.success(
            request,
            _("Lines %(first)s to %(last)s (%(changed)s) now have %(who)s.")
            % {"first": first, "last": last, "changed": changed, "who": who},
        )
    return redirect(_back(recording))


@login_required
@require_POST
def speakers_redetect(request: HttpRequest, recording_id: int) -> HttpResponse:
    """Run speaker detection again (after a failure, or to start over); lines set by hand stay."""
    recording = get_recording_for(request, recording_id, CAN_MANAGE_RECORDINGS)
    try:
        speakers.speakers_redetect(recording=recording)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Speaker detection queued."))
    return redirect(_back(recording))
