"""Pages of phase tracking.

The process (phases, scenarios, recommendations), the focus timer, the log (entry form, CSV import)
and the analysis (matrix, flows, per-phase diagrams, downloads). Thin: reads through selectors,
writes through services (see views_setup.py for the process)."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import plotly.utils
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from focusgroup.errors import form_errors
from focusgroup.figures import IMAGE_FORMATS, figure_image
from focusgroup.naming import download_name
from statements.access import get_study_for
from statements.models import Role
from statements.permissions import CAN_VIEW, study_role

from . import charts, chord, selectors, services
from .errors import PhaseError
from .exports import MATRIX_FORMATS, entries_csv
from .forms import CsvImportForm, EntryForm
from .models import PhaseEntry

CHARTS = ("matrix", "sankey", "chord")


def _filters(request: HttpRequest) -> tuple[selectors.PhaseFilters, str | None]:
    try:
        return selectors.phase_filters_parse(request.GET), None
    except selectors.FilterError as exc:
        return selectors.PhaseFilters(), str(exc)


def _scenario_names(study, filters) -> dict[tuple[str, str], list[str]]:
    """Per shift, the scenarios named in the log (most minutes first), else those defined."""
    named = {k: [n for n, _m in v] for k, v in selectors.scenario_minutes(study, filters).items()}
    for sc in selectors.scenarios_list(study):
        named.setdefault((sc.main.key, sc.visited.key), [])
        if sc.name not in named[(sc.main.key, sc.visited.key)] and sc.entry_count == 0:
            named[(sc.main.key, sc.visited.key)].append(sc.name)
    return named


@require_GET
@login_required
def phase_analysis(request: HttpRequest, study_id: int) -> HttpResponse:
    """The matrix, the flow diagrams and per main phase its focus bar and inter-dependencies."""
    study = get_study_for(request, study_id, allowed=CAN_VIEW)
    filters, filter_error = _filters(request)
    matrix = selectors.phase_matrix(study, filters)
    names = _scenario_names(study, filters)
    memos = selectors.memos_by_phase(study)
    phases = selectors.phases_list(study)
    figures = {
        "matrix": charts.matrix_heatmap(matrix),
        "sankey": charts.flow_sankey(matrix),
        "chord": chord.chord_diagram(matrix),
    }
    per_phase = [
        {
            "phase": p,
            "minutes": matrix.total(p.key),
            "memos": memos.get(p.pk, []),
        }
        for p in phases
    ]
    for x in per_phase:  # a main phase without minutes has nothing to draw
        if x["minutes"]:
            x["focus"] = charts.focus_bar(matrix, x["phase"].key).to_plotly_json()
            x["links"] = charts.interdependency(matrix, x["phase"].key, names).to_plotly_json()
    params = filters.as_params()
    context = {
        "study": study,
        "section": "analysis",
        "phases": phases,
        "filters": filters,
        "filter_error": filter_error,
        "people": selectors.people_list(study),
        "query": urlencode(params),
        "figures": json.dumps(
            {name: fig.to_plotly_json() for name, fig in figures.items()}
            | {f"focus-{i}": x["focus"] for i, x in enumerate(per_phase) if "focus" in x}
            | {f"links-{i}": x["links"] for i, x in enumerate(per_phase) if "links" in x},
            cls=plotly.utils.PlotlyJSONEncoder,
        ).replace("<", "\\u003c"),  # inside <script>: no "</script>" from a phase name
        "per_phase": per_phase,
        "matrix_rows": [
            (p, [(matrix.share(p.key, q.key), matrix.direction(p.key, q.key)) for q in phases])
            for p in phases
        ],
        "matrix_formats": MATRIX_FORMATS.values(),
        "image_formats": list(IMAGE_FORMATS),
        "charts": CHARTS,
    }
    return render(request, "phases/analysis.html", context)


@require_GET
@login_required
def matrix_download(request: HttpRequest, study_id: int, fmt: str) -> HttpResponse:
    """The (filtered) matrix as JSON, CSV, XLSX or LaTeX."""
    study = get_study_for(request, study_id, allowed=CAN_VIEW)
    spec = MATRIX_FORMATS.get(fmt)
    if spec is None:
        raise Http404("No such format.")
    filters, _error = _filters(request)
    body = spec.render(selectors.phase_matrix(study, filters), study.title)
    response = HttpResponse(body, content_type=spec.content_type)
    name = download_name(study.title, f"phase-matrix.{spec.extension}")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@login_required
def chart_download(request: HttpRequest, study_id: int, name: str, fmt: str) -> HttpResponse:
    """A chart as PNG, SVG or PDF: matrix, sankey, chord, or focus-KEY / links-KEY of a phase."""
    study = get_study_for(request, study_id, allowed=CAN_VIEW)
    if fmt not in IMAGE_FORMATS:
        raise Http404("No such image format.")
    filters, _error = _filters(request)
    matrix = selectors.phase_matrix(study, filters)
    kind, _, key = name.partition("-")
    if name in CHARTS:
        fig = {
            "matrix": charts.matrix_heatmap,
            "sankey": charts.flow_sankey,
            "chord": chord.chord_diagram,
        }[name](matrix)
    elif kind in ("focus", "links") and key in matrix.keys:
        fig = (
            charts.focus_bar(matrix, key)
            if kind == "focus"
            else charts.interdependency(matrix, key, _scenario_names(study, filters))
        )
    else:
        raise Http404("No such chart.")
    image = figure_image(fig.figure(), image_format=fmt)
    response = HttpResponse(image, content_type=IMAGE_FORMATS[fmt])
    filename = download_name(study.title, f"{name}.{fmt}")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@login_required
def phase_timer(request: HttpRequest, study_id: int) -> HttpResponse:
    """The focus timer, made for a phone: it drives the REST API from static/js/phase_timer.js."""
    study = get_study_for(request, study_id, allowed=CAN_VIEW)
    phases = selectors.phases_list(study)
    scenarios: dict[str, dict[str, list[str]]] = {}
    for sc in selectors.scenarios_list(study):
        scenarios.setdefault(sc.main.key, {}).setdefault(sc.visited.key, []).append(sc.name)
    config = {
        "api": f"/api/studies/{study.pk}/phase-timer/",
        "phases": [{"key": p.key, "name": p.name} for p in phases],
        "scenarios": scenarios,
    }
    return render(
        request,
        "phases/timer.html",
        {"study": study, "section": "timer", "phases": phases, "config": config},
    )


def _entry_for(request: HttpRequest, study, entry_id: int) -> PhaseEntry:
    entry = get_object_or_404(PhaseEntry, pk=entry_id, study=study)
    if entry.user_id != request.user.pk and study_role(request.user, study) != Role.OWNER:
        raise PermissionDenied(gettext("You correct only your own entries."))
    return entry


@login_required
@require_http_methods(["GET", "POST"])
def phase_log(request: HttpRequest, study_id: int, entry_id: int | None = None) -> HttpResponse:
    """Log an entry or correct one (`entry_id`); members their own, owners anyone's."""
    study = get_study_for(request, study_id, allowed=CAN_VIEW)
    is_owner = study_role(request.user, study) == Role.OWNER
    entry = _entry_for(request, study, entry_id) if entry_id else None
    form = EntryForm(request.POST or None, study=study, entry=entry, is_owner=is_owner)
    if request.method == "POST" and form.is_valid():
        data = form.service_data(request.user)
        try:
            if entry is None:
                services.entry_create(study=study, user=request.user, **data)
            else:
                services.entry_update(entry=entry, **data)
        except PhaseError as exc:
            form_errors(form, exc)
        else:
            done = gettext("Entry saved.") if entry else gettext("Entry logged.")
            messages.success(request, done)
            return redirect("phase-log", study_id=study.pk)
    filters, filter_error = _filters(request)
    entries = selectors.entries_list(study, filters, user=None if is_owner else request.user)
    return render(
        request,
        "phases/log.html",
        {
            "study": study,
            "section": "log",
            "form": form,
            "editing": entry,
            "entries": entries[:200],
            "entry_count": entries.count(),
            "is_owner": is_owner,
            "import_form": CsvImportForm(),
            "filter_error": filter_error,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["POST"])
def phase_entry_delete(request: HttpRequest, study_id: int, entry_id: int) -> HttpResponse:
    study = get_study_for(request, study_id, allowed=CAN_VIEW)
    services.entry_delete(entry=_entry_for(request, study, entry_id))
    messages.success(request, gettext("Entry deleted."))
    return redirect("phase-log", study_id=study.pk)


@login_required
@require_http_methods(["POST"])
def phase_log_import(request: HttpRequest, study_id: int) -> HttpResponse:
    """Import a CSV log (owners), every row or none; the first error names its row and column."""
    study = get_study_for(request, study_id, allowed=CAN_VIEW)
    if study_role(request.user, study) != Role.OWNER:
        raise PermissionDenied(gettext("Only owners import a log."))
    form = CsvImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            count = services.entries_import_csv(study=study, data=form.cleaned_data["file"].read())
        except PhaseError as exc:
            refused = gettext("Nothing was imported. %(why)s") % {"why": exc.message}
            messages.error(request, refused)
        else:
            messages.success(
                request,
                ngettext("Imported %(count)s entries.", "Imported %(count)s entries.", count)
                % {"count": count},
            )
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("phase-log", study_id=study.pk)


@require_GET
@login_required
def phase_log_csv(request: HttpRequest, study_id: int) -> HttpResponse:
    """The whole log as a CSV the import reads back."""
    study = get_study_for(request, study_id, allowed=CAN_VIEW)
    entries = selectors.entries_list(study).order_by("id")
    response = HttpResponse(entries_csv(entries.iterator()), content_type="text/csv")
    name = download_name(study.title, "log.csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
