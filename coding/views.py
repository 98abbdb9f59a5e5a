"""Pages of coding.

The overview (codebook, agreement, exports), the coding views of a statement and of a transcript,
disagreements unit by unit, memos, and report downloads.

Read by owners, moderators and analysts; owners and analysts code. Anyone else gets 404.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from focusgroup.naming import download_name
from statements.access import get_study_for
from statements.models import Statement
from statements.permissions import study_role

from .errors import CodingError
from .exporters import REPORT_FORMATS
from .filters import CodingFilters, filters_parse
from .models import FINAL_CODER, MemoAbout
from .permissions import CAN_CODE, CAN_READ_CODING
from .reports import REPORT_LABELS, REPORTS
from .selectors import (
    code_tree,
    filter_choices,
    known_values,
    memo_list,
    statement_view,
    study_agreement,
    transcript_view,
)
from .services import coder_label
from .units import Note, Recording, TranscriptSegment


def _filters(request: HttpRequest, study, choices=None) -> tuple[CodingFilters, str | None]:
    try:
        return filters_parse(request.GET, known=known_values(study, choices)), None
    except CodingError as exc:
        return CodingFilters(), str(exc)


def _context(request: HttpRequest, study, **extra) -> dict:
    can_code = study_role(request.user, study) in CAN_CODE
    extra.setdefault("tree", code_tree(study))
    return {"study": study, "can_code": can_code, **extra}


@require_GET
@login_required
def coding_overview(request: HttpRequest, study_id: int) -> HttpResponse:
    """The codebook, agreement per code and overall, the statements and transcripts to code,
    exports and imports."""
    study = get_study_for(request, study_id, CAN_READ_CODING)
    agreement = study_agreement(study)
    document = agreement.as_document(study.title)
    tree = code_tree(study)
    names = {node.code.key: node.code.name for node in tree}
    rows = [
        {"key": key, "name": names.get(key, key), **figures}
        for key, figures in document["codes"].items()
    ]
    recordings = Recording.objects.filter(session__study=study, segments__isnull=False).distinct()
    return render(
        request,
        "coding/overview.html",
        _context(
            request,
            study,
            tab="overview",
            agreement=document,
            agreement_rows=rows,
            overall=agreement.overall_percent(),
            statements=Statement.objects.filter(study=study).order_by("position", "id"),
            recordings=recordings.select_related("session").order_by("session__position", "id"),
            reports=list(REPORT_LABELS.items()),
            formats=REPORT_FORMATS.values(),
        ),
    )


def _coder_mode(request: HttpRequest, study) -> dict:
    final = request.GET.get("final") == "1"
    others = request.GET.get("others") == "1"
    me = coder_label(request.user, as_final=final)
    return {"final": final, "others": others, "coder": me, "shown_coder": None if others else me}


def _unit_page(request, study, template, units_context, filters, filter_error, mode, **extra):
    choices = extra.pop("choices")
    tree = code_tree(study)
    params = filters.as_params()
    base = {**params, **({"final": "1"} if mode["final"] else {})}
    return render(
        request,
        template,
        _context(
            request,
            study,
            filters=filters,
            filter_error=filter_error,
            choices=choices,
            query=urlencode(params),
            toggle_others=urlencode({**base, **({} if mode["others"] else {"others": "1"})}),
            toggle_final=urlencode(
                {
                    **params,
                    **({"others": "1"} if mode["others"] else {}),
                    **({} if mode["final"] else {"final": "1"}),
                }
            ),
            api_codings=reverse("study-coding-list", args=[study.pk]),
            tree=tree,
            code_list=[
                {
                    "id": n.code.pk,
                    "key": n.code.key,
                    "name": n.code.name,
                    "path": n.path,
                    "color": n.code.color,
                }
                for n in tree
            ],
            **mode,
            **units_context,
            **extra,
        ),
    )


@require_GET
@login_required
def statement_coding(request: HttpRequest, study_id: int, key: str) -> HttpResponse:
    """A statement's notes grouped by level and participant, to code (keyboard or mouse)."""
    study = get_study_for(request, study_id, CAN_READ_CODING)
    statement = get_object_or_404(Statement, study=study, key=key)
    choices = filter_choices(study)
    filters, error = _filters(request, study, choices)
    mode = _coder_mode(request, study)
    groups = statement_view(study, statement, filters=filters, coder=mode["shown_coder"])
    return _unit_page(
        request,
        study,
        "coding/statement.html",
        {"statement": statement, "groups": groups, "tab": "statement"},
        filters,
        error,
        mode,
        statements=Statement.objects.filter(study=study).order_by("position", "id"),
        choices=choices,
    )


@require_GET
@login_required
def transcript_coding(request: HttpRequest, study_id: int, recording_id: int) -> HttpResponse:
    """A recording's transcript lines, to code, each with its time and a link that plays it."""
    study = get_study_for(request, study_id, CAN_READ_CODING)
    recording = get_object_or_404(
        Recording.objects.select_related("session"), pk=recording_id, session__study=study
    )
    choices = filter_choices(study)
    filters, error = _filters(request, study, choices)
    mode = _coder_mode(request, study)
    units = transcript_view(study, recording, filters=filters, coder=mode["shown_coder"])
    return _unit_page(
        request,
        study,
        "coding/transcript.html",
        {"recording": recording, "units": units, "tab": "transcript"},
        filters,
        error,
        mode,
        audio_url=reverse("recording-audio", args=[recording.pk]),
        choices=choices,
    )


@require_GET
@login_required
def disagreements(request: HttpRequest, study_id: int) -> HttpResponse:
    """Per code, the units on which the coders disagree, with each coder's value and the text."""
    study = get_study_for(request, study_id, CAN_READ_CODING)
    agreement = study_agreement(study, with_disagreements=True)
    units = {u for c in agreement.codes.values() for u, _ in c.disagreements}
    note_ids = {pk for kind, pk in units if kind == "note"}
    segment_ids = {pk for kind, pk in units if kind == "segment"}
    notes = {
        ("note", n.pk): n
        for n in Note.objects.filter(pk__in=note_ids).select_related(
            "participant", "statement", "level", "session"
        )
    }
    segments = {
        ("segment", s.pk): s
        for s in TranscriptSegment.objects.filter(pk__in=segment_ids).select_related(
            "recording__session", "speaker__participant"
        )
    }
    names = {node.code.key: node.code.name for node in code_tree(study)}
    codes = [
        {
            "key": key,
            "name": names.get(key, key),
            "units": [
                {"note": notes.get(u), "segment": segments.get(u), "values": values}
                for u, values in result.disagreements
            ],
        }
        for key, result in agreement.codes.items()
        if result.disagreements
    ]
    return render(
        request,
        "coding/disagreements.html",
        _context(
            request,
            study,
            tab="disagreements",
            coders=agreement.coders,
            codes=codes,
            final=FINAL_CODER,
        ),
    )


@require_GET
@login_required
def memos(request: HttpRequest, study_id: int) -> HttpResponse:
    """The study's memos, searchable, with a form to write one about the study or a code."""
    study = get_study_for(request, study_id, CAN_READ_CODING)
    search = request.GET.get("q", "").strip()
    about = request.GET.get("about", "")
    if about and about not in MemoAbout.values:
        about = ""
    return render(
        request,
        "coding/memos.html",
        _context(
            request,
            study,
            tab="memos",
            memos=memo_list(study, search=search, about=about)[:500],
            search=search,
            about=about,
            kinds=MemoAbout.choices,
            statements=Statement.objects.filter(study=study).order_by("position", "id"),
            api_memos=reverse("study-memo-list", args=[study.pk]),
        ),
    )


@require_GET
@login_required
def report_download(request: HttpRequest, study_id: int, report: str, fmt: str) -> HttpResponse:
    """A matrix or the quotes report in CSV, XLSX, Markdown, LaTeX or DOCX, under the filters."""
    study = get_study_for(request, study_id, CAN_READ_CODING)
    if report not in REPORTS or fmt not in REPORT_FORMATS:
        raise Http404("No such report or format.")
    filters, error = _filters(request, study)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    export_format = REPORT_FORMATS[fmt]
    extra = {"base_url": request.build_absolute_uri("/")} if report == "quotes" else {}
    response = HttpResponse(
        export_format.render(REPORTS[report](study, filters, **extra)),
        content_type=export_format.content_type,
    )
    name = download_name(study.title, f"{report}.{export_format.extension}")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
