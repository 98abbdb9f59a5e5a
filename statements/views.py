"""Server-rendered pages of studies: list, create (from a preset or a template), overview,
settings and deletion. The design editors live in views_design.py, members in views_members.py."""

from __future__ import annotations

import importlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from . import selectors, services
from .forms import StudyCreateForm, StudyFromTemplateForm, StudySettingsForm
from .models import Study
from .permissions import CAN_EDIT_DESIGN, CAN_VIEW, study_role
from .services.presets import NO_SCALE


def get_study_for(request: HttpRequest, study_id: int, allowed=CAN_VIEW) -> Study:
    """The study if the user holds an allowed role in it; 404 otherwise (existence never leaks)."""
    study = get_object_or_404(Study, pk=study_id)
    if study_role(request.user, study) not in allowed:
        raise Http404("No such study.")
    return study


def get_study_to_edit(request: HttpRequest, study_id: int) -> Study:
    """The study for a design change: 404 for non-members, 403 for members who are not owners."""
    study = get_study_for(request, study_id)
    if study_role(request.user, study) not in CAN_EDIT_DESIGN:
        raise PermissionDenied("Only the study's owners change its design.")
    return study


def apply_errors(form: Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form, next to the field it names."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def study_templates():
    """The study-template registry, or None while it is not installed."""
    try:
        return importlib.import_module("statements.study_templates")
    except ImportError:
        return None


@login_required
def study_list(request: HttpRequest) -> HttpResponse:
    """The studies the user is a member of."""
    studies = selectors.study_list_for(request.user)
    return render(request, "statements/study_list.html", {"studies": studies})


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
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if scale == NO_SCALE:  # phase tracking alone: on to its phases (the phases app)
                messages.success(request, f"Study “{study.title}” created. Now add its phases.")
                return redirect("phase-setup", study_id=study.pk)
            messages.success(request, f"Study “{study.title}” created. Now add its statements.")
            return redirect("statement-editor", study_id=study.pk)
    registry = study_templates()
    template_form = StudyFromTemplateForm(templates=registry.TEMPLATES if registry else ())
    return render(
        request,
        "statements/study_create.html",
        {"form": form, "template_form": template_form if registry else None},
    )


@login_required
@require_http_methods(["POST"])
def study_create_from_template(request: HttpRequest) -> HttpResponse:
    """Create a study as a copy of a template (its scale, statements and fields)."""
    registry = study_templates()
    if registry is None:
        raise Http404("No study templates are installed.")
    form = StudyFromTemplateForm(request.POST, templates=registry.TEMPLATES)
    if form.is_valid():
        try:
            study = registry.study_create_from_template(
                key=form.cleaned_data["template"],
                owner=request.user,
                title=form.cleaned_data["title"] or None,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Study “{study.title}” created from a template.")
            return redirect("study-detail", study_id=study.pk)
    return render(
        request,
        "statements/study_create.html",
        {"form": StudyCreateForm(), "template_form": form},
        status=400,
    )


@login_required
def study_detail(request: HttpRequest, study_id: int) -> HttpResponse:
    """The Design tab: settings, scale, statements, profile fields and members at a glance."""
    study = get_study_for(request, study_id)
    role = study_role(request.user, study)
    return render(
        request,
        "statements/study_detail.html",
        {
            "study": study,
            "role": role,
            "can_edit": role in CAN_EDIT_DESIGN,
            "design": selectors.study_design(study),
            "section": "overview",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def study_edit(request: HttpRequest, study_id: int) -> HttpResponse:
    """Edit the study's title, texts and participant-facing settings (owners only)."""
    study = get_study_to_edit(request, study_id)
    form = StudySettingsForm(request.POST or None, instance=Study.objects.get(pk=study.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.study_update(study=study, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Study settings saved.")
            return redirect("study-detail", study_id=study.pk)
    return render(
        request,
        "statements/study_edit.html",
        {"study": study, "form": form, "section": "overview", "can_edit": True},
    )


@login_required
@require_http_methods(["GET", "POST"])
def study_delete(request: HttpRequest, study_id: int) -> HttpResponse:
    """Delete a study after the owner confirms by typing its title."""
    study = get_study_to_edit(request, study_id)
    error = ""
    if request.method == "POST":
        if request.POST.get("confirm_title", "").strip() == study.title.strip():
            title = study.title
            services.study_delete(study=study, actor=request.user)
            messages.success(request, f"Study “{title}” deleted.")
            return redirect("study-list")
        error = "Type the study's title exactly to confirm."
    return render(
        request,
        "statements/study_delete.html",
        {"study": study, "error": error, "section": "overview", "can_edit": True},
        status=400 if error else 200,
    )
