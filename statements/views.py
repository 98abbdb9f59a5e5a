"""Server-rendered pages of studies: list, overview, settings and deletion.

Creating one (from a preset or a template) is in studyfiles/views.py; the design editors in
views_design.py, members in views_members.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from focusgroup.errors import DomainError

from . import selectors, services
from .access import apply_errors, get_study_for, get_study_to_edit
from .forms import StudySettingsForm
from .models import Study
from .permissions import CAN_DUPLICATE_DESIGN, CAN_EDIT_DESIGN, study_role


@login_required
def study_list(request: HttpRequest) -> HttpResponse:
    """The studies the user is a member of."""
    studies = selectors.study_list_for(request.user)
    return render(request, "statements/study_list.html", {"studies": studies})


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
            "can_duplicate": role in CAN_DUPLICATE_DESIGN,
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
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Study settings saved."))
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
            messages.success(request, _("Study “%(title)s” deleted.") % {"title": title})
            return redirect("study-list")
        error = _("Type the study's title exactly to confirm.")
    return render(
        request,
        "statements/study_delete.html",
        {"study": study, "error": error, "section": "overview", "can_edit": True},
        status=400 if error else 200,
    )


@login_required
@require_POST
def study_duplicate(request: HttpRequest, study_id: int) -> HttpResponse:
    """A new study with this one's design, owned by the member who asks (no sessions, no notes)."""
    study = get_study_for(request, study_id, CAN_DUPLICATE_DESIGN)
    copy = services.study_duplicate(study=study, owner=request.user)
    message = _("Study “%(copy)s” created with the design of “%(title)s”.")
    messages.success(request, message % {"copy": copy.title, "title": study.title})
    return redirect("study-detail", study_id=copy.pk)
