"""Pages of study files: new study, import and export.

A new study starts from a preset or a template; the import page takes an upload; the export is a
download."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from focusgroup.errors import DomainError
from focusgroup.naming import download_name
from statements import services
from statements.access import apply_errors, get_study_for
from statements.audit import audit_study_export, audit_study_import
from statements.forms import StudyCreateForm, StudyFromTemplateForm
from statements.permissions import CAN_VIEW
from statements.services.presets import NO_SCALE

from . import study_templates
from .forms import StudyImportForm
from .studyfile import StudyFileError, study_export_json, study_file_read, study_import


@login_required
@require_http_methods(["GET", "POST"])
def study_import_page(request: HttpRequest) -> HttpResponse:
    """Upload a study file; whoever imports it becomes the new study's owner."""
    limit = settings.STUDY_FILE_MAX_BYTES
    error: StudyFileError | None = None
    if request.method == "POST":
        form = StudyImportForm(request.POST, request.FILES, limit=limit)
        if form.is_valid():
            try:
                # An upload over the limit is refused from its size, before it is read.
                data = study_file_read(form.cleaned_data["file"])
                study = study_import(data=data, owner=request.user)
            except StudyFileError as exc:
                error = exc
            else:
                audit_study_import(study=study, actor=request.user, via="page")
                messages.success(request, _imported(study))
                return redirect("study-detail", study_id=study.pk)
    else:
        form = StudyImportForm(limit=limit)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "statements/study_import.html",
        {"form": form, "error": error, "filename": _uploaded_name(request)},
        status=status,
    )


def _imported(study) -> str:
    """The import's success message: the title and how much came in."""
    counts = {"statements": study.statements.count(), "sessions": study.sessions.count()}
    message = _(
        "Imported “%(title)s”: %(statements)s statements, %(sessions)s sessions. You are its owner."
    )
    return message % {"title": study.title, **counts}


def _uploaded_name(request: HttpRequest) -> str:
    upload = request.FILES.get("file")
    return upload.name if upload else ""


@login_required
@require_GET
def study_export_download(request: HttpRequest, study_id: int) -> HttpResponse:
    """The study as a study file, downloaded; any member may take it."""
    study = get_study_for(request, study_id, CAN_VIEW)
    audit_study_export(study=study, actor=request.user, via="page")
    response = HttpResponse(
        study_export_json(study=study).encode("utf-8"),
        content_type="application/json; charset=utf-8",
    )
    name = download_name(study.title, f"{study.pk}.json")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def study_create(request: HttpRequest) -> HttpResponse:
    """Create a study from a scale preset; the creator becomes its owner."""
    form = StudyCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        scale = data.pop("scale_preset")
        try:
            study = services.study_create(owner=request.user, scale=scale, **data)
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            title = {"title": study.title}
            if scale == NO_SCALE:  # phase tracking alone: on to its phases (the phases app)
                messages.success(
                    request, _("Study “%(title)s” created. Now add its phases.") % title
                )
                return redirect("phase-setup", study_id=study.pk)
            message = _("Study “%(title)s” created. Now add its statements.")
            messages.success(request, message % title)
            return redirect("statement-editor", study_id=study.pk)
    template_form = StudyFromTemplateForm(templates=study_templates.TEMPLATES)
    return render(
        request, "statements/study_create.html", {"form": form, "template_form": template_form}
    )


@login_required
@require_http_methods(["POST"])
def study_create_from_template(request: HttpRequest) -> HttpResponse:
    """Create a study as a copy of a template (its scale, statements and fields)."""
    form = StudyFromTemplateForm(request.POST, templates=study_templates.TEMPLATES)
    if form.is_valid():
        try:
            study = study_templates.study_create_from_template(
                key=form.cleaned_data["template"],
                owner=request.user,
                title=form.cleaned_data["title"] or None,
                language=form.cleaned_data["language"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            message = _("Study “%(title)s” created from a template.")
            messages.success(request, message % {"title": study.title})
            return redirect("study-detail", study_id=study.pk)
    return render(
        request,
        "statements/study_create.html",
        {"form": StudyCreateForm(), "template_form": form},
        status=400,
    )
