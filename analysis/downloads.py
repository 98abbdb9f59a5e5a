"""Downloads of analysis, one response each for the page and the REST API.

The export in every format, audited, and the charts as images."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpResponse

from focusgroup.naming import download_name
from statements.audit import audit_record
from statements.models import AuditAction, Study

from .exporters import EXPORT_FORMATS, export
from .filters import AnalysisFilters
from .selectors import study_data_load


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
