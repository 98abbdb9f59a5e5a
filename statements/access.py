"""Study access for the pages of every app.

It gives the study if the user's role allows, 404 or 403 otherwise, and shows a service's refusal
on a form."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from focusgroup.errors import DomainError, form_errors

from .models import Study
from .permissions import CAN_EDIT_DESIGN, CAN_VIEW, study_role


def get_study_for(request: HttpRequest, study_id: int, allowed=CAN_VIEW) -> Study:
    """The study if the user holds an allowed role in it; 404 otherwise (existence never leaks)."""
    study = get_object_or_404(Study, pk=study_id)
    role = study_role(request.user, study)
    if role not in allowed:
        raise Http404("No such study.")
    study.viewer_role = role  # the page's study tab bar shows this role's tabs without asking again
    return study


def get_study_to_edit(request: HttpRequest, study_id: int) -> Study:
    """The study for a design change: 404 for non-members, 403 for members who are not owners."""
    study = get_study_for(request, study_id)
    if study_role(request.user, study) not in CAN_EDIT_DESIGN:
        raise PermissionDenied(_("Only the study's owners change its design."))
    return study


def apply_errors(form: Form, exc: ValidationError | DomainError) -> None:
    """Show a service's refusal on the form, next to the field it names."""
    if isinstance(exc, DomainError):
        form_errors(form, exc)
    elif hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
