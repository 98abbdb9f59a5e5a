"""Pages of analysis (read-only).

They show a study's grids, summaries, charts and participant table, cell notes, and downloads of
every export format and of the charts, to owners, moderators and analysts."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

import plotly
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from statements.access import get_study_for
from statements.permissions import CAN_READ_DATA

from .charts import (
    COUNT_EXPLANATIONS,
    COUNT_MODES,
    IMAGE_FORMATS,
    diverging_bar,
    grid_heatmap,
)
from .downloads import CHARTS, ChartMissing, chart_response, export_response
from .exporters import EXPORT_FORMATS
from .exporters.tabular import people_table
from .filters import AnalysisFilters, FilterError
from .grids import build_grids
from .html import grid_sections
from .selectors import analysis_filters_parse, cell_labels, cell_notes_list, study_data_load


def _filters(request: HttpRequest, study) -> tuple[AnalysisFilters, str | None]:
    try:
        return analysis_filters_parse(study=study, params=request.GET), None
    except FilterError as exc:
        return AnalysisFilters(), str(exc)


def _count_mode(request: HttpRequest) -> str:
    by = request.GET.get("by")
    return by if by in COUNT_MODES else "participants"


@require_GET
@login_required
def study_analysis(request: HttpRequest, study_id: int) -> HttpResponse:
    """The analysis page: filters, exports, charts, a grid and summary per statement, Table 1."""
    study = get_study_for(request, study_id, allowed=CAN_READ_DATA)
    filters, filter_error = _filters(request, study)
    data = study_data_load(study=study, filters=filters, with_text=False)
    grids = build_grids(data)
    by = _count_mode(request)
    params = filters.as_params()
    notes_url = reverse("analysis-notes", args=[study.pk])
    selected = request.GET.get("statement") or (grids[0].statement.key if grids else "")
    heat_grid = next((g for g in grids if g.statement.key == selected), grids[0] if grids else None)
    header, rows = people_table(data)
    context = {
        "study": study,
        "data": data,
        "filters": filters,
        "filter_error": filter_error,
        "params": params,
        "query": urlencode(params),
        "query_participants": urlencode({**params, "by": "participants"}),
        "query_split": urlencode({**params, "by": "split"}),
        "query_notes": urlencode({**params, "by": "notes"}),
        "count_explanation": COUNT_EXPLANATIONS[by],
        "query_diverging": urlencode({**params, "by": by}),
        "query_heatmap": urlencode(
            {**params, "statement": heat_grid.statement.key if heat_grid else ""}
        ),
        "by": by,
        "statements": grid_sections(grids, notes_url=notes_url, params=params),
        "diverging_json": diverging_bar(grids, by=by).to_plotly_json() if grids else None,
        "heat_grid": heat_grid,
        "heatmap_json": grid_heatmap(heat_grid).to_plotly_json() if heat_grid else None,
        "export_formats": EXPORT_FORMATS.values(),
        "image_formats": list(IMAGE_FORMATS),
        "participant_header": header,
        "participant_rows": rows,
        "profile_field_keys": [f.key for f in data.profile_fields],
    }
    return render(request, "analysis/study_analysis.html", context)


@require_GET
@login_required
def cell_notes(request: HttpRequest, study_id: int) -> HttpResponse:
    """The notes of one grid cell; `fragment=1` gives only the list, for the page's dialog."""
    study = get_study_for(request, study_id, allowed=CAN_READ_DATA)
    filters, filter_error = _filters(request, study)
    if filter_error:
        return HttpResponse(filter_error, status=400, content_type="text/plain; charset=utf-8")
    cell = {k: (request.GET.get(k) or "").strip() for k in ("statement", "participant", "level")}
    missing = [k for k, v in cell.items() if not v]
    if missing:
        return HttpResponse(
            gettext("Missing %(fields)s: a cell is a statement, a participant and a level.")
            % {"fields": ", ".join(missing)},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    try:
        labels = cell_labels(study=study, statement=cell["statement"], level=cell["level"])
    except LookupError as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    notes = cell_notes_list(study=study, filters=filters, **cell)
    template = (
        "analysis/_cell_notes.html" if request.GET.get("fragment") else "analysis/cell_notes.html"
    )
    return render(
        request, template, {"study": study, "cell": cell, "labels": labels, "notes": notes}
    )


@require_GET
@login_required
def export_download(request: HttpRequest, study_id: int, fmt: str) -> HttpResponse:
    """A download of the analysis in one export format, under the page's filters."""
    study = get_study_for(request, study_id, allowed=CAN_READ_DATA)
    if fmt not in EXPORT_FORMATS:
        raise Http404(f"No export format {fmt!r}.")
    filters, filter_error = _filters(request, study)
    if filter_error:
        return HttpResponse(filter_error, status=400, content_type="text/plain; charset=utf-8")
    return export_response(study=study, filters=filters, fmt=fmt, actor=request.user, via="page")


@require_GET
@login_required
def chart_download(request: HttpRequest, study_id: int, chart: str, image_format: str):
    """A chart as PNG, SVG or PDF: `diverging` (all statements) or `heatmap` (?statement=)."""
    study = get_study_for(request, study_id, allowed=CAN_READ_DATA)
    if image_format not in IMAGE_FORMATS or chart not in CHARTS:
        raise Http404("No such chart or image format.")
    filters, filter_error = _filters(request, study)
    if filter_error:
        return HttpResponse(filter_error, status=400, content_type="text/plain; charset=utf-8")
    key, by = request.GET.get("statement") or "", _count_mode(request)
    try:
        return chart_response(study, filters, chart, image_format, statement_key=key, by=by)
    except ChartMissing as missing:
        raise Http404(str(missing)) from None


@lru_cache(maxsize=1)
def _plotly_js_path() -> Path:
    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


@require_GET
def plotly_js(request: HttpRequest) -> FileResponse:
    """plotly.js of the installed plotly package, so that the page needs no CDN."""
    response = FileResponse(_plotly_js_path().open("rb"), content_type="text/javascript")
    response["Cache-Control"] = "public, max-age=86400"
    return response
