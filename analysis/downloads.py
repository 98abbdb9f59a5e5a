"""Downloads of analysis, one response each for the page and the REST API.

The export in every format, audited, and the charts as images."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpResponse
from django.utils.translation import gettext as _

from focusgroup.naming import download_name, slug_cut
from statements.audit import audit_record
from statements.models import AuditAction, Study

from .charts import IMAGE_FORMATS, diverging_bar, figure_image, grid_heatmap
from .exporters import EXPORT_FORMATS, export
from .filters import AnalysisFilters
from .grids import build_grids
from .selectors import study_data_load

CHARTS = ("diverging", "heatmap")


class ChartMissing(LookupError):
    """What a chart download asked for is not in the study: the page answers 404, the API too."""


def export_response(
    *,
    study: Study,
    filters: AnalysisFilters,
    fmt: str,
    actor: AbstractBaseUser | AnonymousUser,
    via: str,
) -> HttpResponse:
    """The study's analysis in the export format `fmt` (a name in EXPORT_FORMATS) under the
    filters, as an attachment; the export is recorded in the audit log, `via` the page or API."""
    export_format = EXPORT_FORMATS[fmt]
    data = study_data_load(study=study, filters=filters, with_text=fmt in {"csv", "xlsx"})
    audit_record(
        study=study,
        action=AuditAction.ANALYSIS_EXPORT,
        actor=actor,
        details={"format": fmt, "via": via},
    )
    response = HttpResponse(export(data, fmt=fmt), content_type=export_format.content_type)
    name = download_name(
        study.title, f"analysis.{export_format.extension}", qualifier=filters.session or ""
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def chart_response(
    study: Study,
    filters: AnalysisFilters,
    chart: str,
    image_format: str,
    *,
    statement_key: str = "",
    by: str = "participants",
) -> HttpResponse:
    """A chart (one of CHARTS) in `image_format` (one of IMAGE_FORMATS) under the filters, as an
    attachment: the diverging bar counted `by`, or the heatmap of a statement (the first if no
    key is given). Raises ChartMissing when the study has no statements or not that one."""
    grids = build_grids(study_data_load(study=study, filters=filters, with_text=False))
    if not grids:
        raise ChartMissing(_("This study has no statements to chart."))
    if chart == "heatmap":
        key = statement_key or grids[0].statement.key
        grid = next((g for g in grids if g.statement.key == key), None)
        if grid is None:
            raise ChartMissing(_("No statement %(key)s in this study.") % {"key": repr(key)})
        figure, suffix = grid_heatmap(grid), f"heatmap-{slug_cut(key, 40) or 'statement'}"
    else:
        figure, suffix = diverging_bar(grids, by=by), "agreement"
    response = HttpResponse(
        figure_image(figure, image_format=image_format), content_type=IMAGE_FORMATS[image_format]
    )
    name = download_name(study.title, f"{suffix}.{image_format}", qualifier=filters.session or "")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
