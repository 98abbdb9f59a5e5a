"""Codebook actions of the pages, the REFI-QDA downloads and the codebook upload.

The actions create, change, move, merge and delete (after confirmation); the downloads are .qdc
and .qdpx. Writes by owners and analysts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from focusgroup.naming import download_name, title_stem
from statements.access import get_study_for
from statements.permissions import study_role

from . import services
from .errors import CodingError
from .models import Code
from .permissions import CAN_CODE, CAN_READ_CODING
from .refiqda.codebook import export_qdc, read_codebook
from .refiqda.project import export_qdpx
from .refiqda.safe import MAX_FILE_BYTES, check_size
from .selectors import code_tree


def _writer_study(request: HttpRequest, study_id: int):
    study = get_study_for(request, study_id, CAN_READ_CODING)
    if study_role(request.user, study) not in CAN_CODE:
        raise PermissionDenied(_("Only the study's owners and analysts change its codebook."))
    return study


def _int_or_none(raw: str | None) -> int | None:
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() else None


def _done(request: HttpRequest, study, message: str | None = None) -> HttpResponse:
    if message:
        messages.success(request, message)
    return redirect("coding-overview", study.pk)


def _refused(request: HttpRequest, study, exc: CodingError) -> HttpResponse:
    messages.error(request, str(exc))
    return redirect("coding-overview", study.pk)


@require_POST
@login_required
def code_add(request: HttpRequest, study_id: int) -> HttpResponse:
    study = _writer_study(request, study_id)
    try:
        code = services.code_create(
            study=study,
            name=request.POST.get("name", ""),
            key=request.POST.get("key", "").strip() or None,
            description=request.POST.get("description", ""),
            color=request.POST.get("color", "").strip() or None,
            parent=_int_or_none(request.POST.get("parent")),
        )
    except CodingError as exc:
        return _refused(request, study, exc)
    return _done(
        request,
        study,
        _("Added the code %(name)s (%(key)s).") % {"name": code.name, "key": code.key},
    )


@require_POST
@login_required
def code_change(request: HttpRequest, study_id: int, code_id: int) -> HttpResponse:
    """Rename, recolour or move a code, or merge it into another (the form's `action`)."""
    study = _writer_study(request, study_id)
    code = get_object_or_404(Code, pk=code_id, study=study)
    action = request.POST.get("action", "update")
    try:
        if action == "move":
            services.code_move(code=code, parent=_int_or_none(request.POST.get("parent")))
            return _done(request, study, _("Moved %(key)s.") % {"key": code.key})
        if action == "merge":
            target = get_object_or_404(
                Code, pk=_int_or_none(request.POST.get("target")) or 0, study=study
            )
            services.code_merge(source=code, target=target)
            return _done(
                request,
                study,
                _("Merged %(key)s into %(target)s.") % {"key": code.key, "target": target.key},
            )
        services.code_update(
            code=code,
            name=request.POST.get("name"),
            description=request.POST.get("description"),
            color=request.POST.get("color"),
        )
    except CodingError as exc:
        return _refused(request, study, exc)
    return _done(request, study, _("Saved %(key)s.") % {"key": code.key})


@require_http_methods(["GET", "POST"])
@login_required
def code_remove(request: HttpRequest, study_id: int, code_id: int) -> HttpResponse:
    """A confirmation page saying what goes with the code; the POST deletes."""
    study = _writer_study(request, study_id)
    code = get_object_or_404(Code, pk=code_id, study=study)
    if request.method == "POST":
        try:
            impact = services.code_delete(code=code, confirm=request.POST.get("confirm") == "yes")
        except CodingError as exc:
            return _refused(request, study, exc)
        return _done(
            request,
            study,
            ngettext(
                "Deleted %(key)s with %(count)s codings.",
                "Deleted %(key)s with %(count)s codings.",
                impact["codings"],
            )
            % {"key": code.key, "count": impact["codings"]},
        )
    return render(
        request,
        "coding/code_delete.html",
        {
            "study": study,
            "code": code,
            "impact": services.code_delete_impact(code),
            "tab": "overview",
            "tree": code_tree(study),
        },
    )


@require_POST
@login_required
def codebook_import(request: HttpRequest, study_id: int) -> HttpResponse:
    """Add the codes of an uploaded .qdc or .qdpx; a bad file changes nothing."""
    study = _writer_study(request, study_id)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a .qdc or .qdpx file to import."))
        return redirect("coding-overview", study.pk)
    try:
        check_size(upload.size, "file")
        data = upload.read(MAX_FILE_BYTES + 1)
        codes = services.codebook_create(study=study, codes=read_codebook(data, upload.name))
    except CodingError as exc:
        messages.error(request, f"{upload.name}: {exc.message}")
        return redirect("coding-overview", study.pk)
    return _done(
        request,
        study,
        ngettext(
            "Imported %(count)s codes from %(file)s.",
            "Imported %(count)s codes from %(file)s.",
            len(codes),
        )
        % {"count": len(codes), "file": upload.name},
    )


def _download(data: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@login_required
def codebook_download(request: HttpRequest, study_id: int) -> HttpResponse:
    study = get_study_for(request, study_id, CAN_READ_CODING)
    try:
        data = export_qdc(study)
    except CodingError as exc:
        return _refused(request, study, exc)
    name = download_name(study.title, "codebook.qdc")
    return _download(data, name, "application/xml")


@require_GET
@login_required
def project_download(request: HttpRequest, study_id: int) -> HttpResponse:
    study = get_study_for(request, study_id, CAN_READ_CODING)
    name = f"{title_stem(study.title)}.qdpx"
    return _download(export_qdpx(study), name, "application/zip")
