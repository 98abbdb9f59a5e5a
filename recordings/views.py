"""Pages of recordings: the session's recordings with upload, the transcript, audio and exports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from focusgroup.workers import worker_running
from sessions.access import get_session_for
from sessions.history import board_at
from sessions.models import Note, Step
from statements.access import get_study_for
from statements.models import Statement
from statements.permissions import CAN_MANAGE_RECORDINGS, CAN_READ_DATA, study_role

from . import exporters, selectors, services
from .access import get_recording_for, get_segment_for
from .forms import SpeakerForm, StartedAtForm, UploadForm
from .proposals import merged_voices_warning, speaker_summaries
from .ranges import range_response
from .upload import LimitedTemporaryUploadHandler, UploadRefused, max_bytes, too_large_message


def _wants_json(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


def status_payload(recording) -> dict:
    """What the page polls while a recording is transcribed."""
    return {
        "id": recording.pk,
        "status": recording.status,
        "status_label": recording.get_status_display(),
        "stage": recording.stage,  # raw, for scripts; the page shows stage_label
        "stage_label": recording.stage_label,
        "progress": round(recording.progress * 100),
        "error": recording.error_text,
        "url": reverse("recording-detail", args=[recording.pk]),
        "worker_running": worker_running(),
        "speakers_status": recording.speakers_status,
        "speakers_error": recording.speakers_error_text,
    }


@login_required
@require_GET
def recording_list(request: HttpRequest, study_id: int, session_id: int) -> HttpResponse:
    """The session's recordings with their transcription state, and the upload form."""
    session = get_session_for(request, study_id, session_id)
    role = study_role(request.user, session.study)
    return render(
        request,
        "focus_sessions/recordings/list.html",
        {
            "study": session.study,
            "session": session,
            "recordings": selectors.recordings_of_session(session=session),
            "can_manage": role in CAN_MANAGE_RECORDINGS,
            "form": UploadForm(),
            "max_bytes": max_bytes(),
            "worker_running": worker_running(),
        },
    )


@csrf_exempt
@login_required
@require_POST
def recording_upload(request: HttpRequest, study_id: int, session_id: int) -> HttpResponse:
    """Stream the upload to a temporary file that stops at the limit (set before the body is
    read, hence CSRF is checked after), then store and queue each recording."""
    session = get_session_for(request, study_id, session_id, CAN_MANAGE_RECORDINGS)
    handler = LimitedTemporaryUploadHandler(request)
    request.upload_handlers = [handler]
    return _upload(request, session, handler)


@csrf_protect
def _upload(request: HttpRequest, session, handler: LimitedTemporaryUploadHandler):
    back = reverse("recording-list", args=[session.study_id, session.pk])
    form = UploadForm(request.POST, request.FILES)
    errors: list[str] = []
    created = []
    if handler.too_large:
        errors.append(too_large_message(handler.limit))
    elif not request.FILES.getlist("file"):
        errors.append(_("Choose a recording to upload."))
    else:
        form.is_valid()
        started_at = form.cleaned_data.get("started_at") if hasattr(form, "cleaned_data") else None
        if "started_at" in form.errors:
            errors.append(_("The start time is not a valid date and time."))
        else:
            for uploaded in request.FILES.getlist("file"):
                try:
                    created.append(
                        services.recording_create(
                            session=session,
                            uploaded_file=uploaded,
                            uploaded_by=request.user,
                            started_at=started_at,
                        )
                    )
                except UploadRefused as exc:
                    errors.append(str(exc))
    status = 200 if created and not errors else (413 if handler.too_large else 400)
    for recording in created:  # shown on the page the script goes to next, too
        messages.success(
            request,
            _("“%(name)s” uploaded; transcription queued.") % {"name": recording.original_name},
        )
    if _wants_json(request):
        return JsonResponse(
            {
                "recordings": [status_payload(r) for r in created],
                "errors": errors,
                "redirect": back,
            },
            status=status if not created else 200,
        )
    for error in errors:
        messages.error(request, error)
    return redirect(back)


@login_required
@require_GET
def recording_detail(request: HttpRequest, recording_id: int) -> HttpResponse:
    """The transcript beside the audio player."""
    recording = get_recording_for(request, recording_id)
    recording.refresh_from_db()
    role = study_role(request.user, recording.session.study_id)
    speakers = list(selectors.speakers_of_recording(recording=recording))
    speaker_form = SpeakerForm(recording=recording)
    segments = list(selectors.segments_of_recording(recording=recording))
    return render(
        request,
        "focus_sessions/recordings/detail.html",
        {
            "recording": recording,
            "session": recording.session,
            "study": recording.session.study,
            "segments": segments,
            "speakers": speakers,
            "speaker_form": speaker_form,
            "summaries": speaker_summaries(recording=recording),
            "speakers_warning": merged_voices_warning(recording=recording),
            "start_form": StartedAtForm(initial={"started_at": recording.started_at}),
            "can_manage": role in CAN_MANAGE_RECORDINGS,
            "formats": list(exporters.FORMATS),
            "status": status_payload(recording),
        },
    )


@login_required
@require_GET
def recording_status(request: HttpRequest, recording_id: int) -> JsonResponse:
    recording = get_recording_for(request, recording_id)
    return JsonResponse(status_payload(recording))


@login_required
@require_GET
def recording_audio(request: HttpRequest, recording_id: int) -> HttpResponse:
    """The audio file, only through this permission check, with HTTP Range for seeking."""
    recording = get_recording_for(request, recording_id)
    path = Path(recording.file.path)
    if not path.is_file():
        raise Http404("The recording's file is missing.")
    return range_response(request, path, content_type=recording.content_type or "audio/mpeg")


@login_required
@require_GET
def recording_export(request: HttpRequest, recording_id: int, fmt: str) -> HttpResponse:
    """TXT, SRT, WebVTT, JSON or DOCX of the transcript."""
    recording = get_recording_for(request, recording_id)
    if fmt not in exporters.FORMATS:
        raise Http404("Unknown export format.")
    lines = selectors.export_lines(recording=recording)
    title = (
        f"{recording.session.study.title} — {recording.session.name} — {recording.original_name}"
    )
    body = exporters.render(
        fmt,
        lines,
        title=title,
        meta={
            "recording": recording.original_name,
            "session": recording.session.name,
            "started_at": recording.started_at.isoformat() if recording.started_at else None,
            "engine": recording.engine,
            "duration": recording.duration,
        },
    )
    response = HttpResponse(body, content_type=exporters.FORMATS[fmt])
    stem = slugify(Path(recording.original_name).stem) or "transcript"
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


@login_required
@require_GET
def segment_board(request: HttpRequest, recording_id: int, segment_id: int) -> HttpResponse:
    """The board as it stood when a line had been said: statement, step and notes then."""
    segment = get_segment_for(request, recording_id, segment_id)
    recording = segment.recording
    board = None
    if recording.started_at is not None:
        moment = recording.started_at + dt.timedelta(seconds=max(segment.end, 0))
        board = board_at(session=recording.session, moment=moment)
    return render(
        request,
        "focus_sessions/recordings/segment_board.html",
        {
            "segment": segment,
            "recording": recording,
            "study": recording.session.study,
            "board": board,
            "step_label": dict(Step.choices).get(board.step, board.step) if board else "",
        },
    )


@login_required
@require_GET
def statement_transcript(request: HttpRequest, study_id: int, statement_id: int) -> HttpResponse:
    """Every part of every transcript said while the statement was on the board."""
    study = get_study_for(request, study_id, CAN_READ_DATA)
    statement = get_object_or_404(Statement, pk=statement_id, study=study)
    return render(
        request,
        "focus_sessions/recordings/statement_transcript.html",
        {
            "study": study,
            "statement": statement,
            "segments": selectors.segments_discussing(statement=statement),
        },
    )


@login_required
@require_GET
def note_transcript(request: HttpRequest, note_id) -> HttpResponse:
    """Jump from a note to the transcript line said when it was written."""
    note = get_object_or_404(Note.objects.select_related("session"), pk=note_id)
    get_study_for(request, note.session.study_id, CAN_READ_DATA)
    segment = selectors.segment_near_note(note=note)
    if segment is None:
        messages.info(request, _("No transcript covers this note's statement yet."))
        return redirect("statement-transcript", note.session.study_id, note.statement_id)
    url = reverse("recording-detail", args=[segment.recording_id])
    return redirect(f"{url}?line={segment.pk}#seg-{segment.pk}")
