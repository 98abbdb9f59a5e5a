"""DRF permissions built on statements/permissions.py, so the API follows the pages' rules.

Non-members get 404 (a study's existence never leaks); members read; writes need the roles the
view names in `write_roles` (owners for the design, owners and moderators for sessions).
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound
from rest_framework.permissions import SAFE_METHODS, BasePermission

from .models import Study
from .permissions import CAN_EDIT_DESIGN, CAN_VIEW, study_role


def object_study_id(obj) -> int:
    """The id of the study an API object belongs to."""
    if isinstance(obj, Study):
        return obj.pk
    if hasattr(obj, "study_id"):
        return obj.study_id
    return obj.session.study_id  # notes belong to the study through their session


class StudyRolePermission(BasePermission):
    """Reads need any role in the study; writes need one of the view's `write_roles`."""

    message = _("Your role in this study does not allow this change.")

    def _allowed(self, request, view, study_id: int) -> bool:
        role = study_role(request.user, int(study_id))
        if role not in CAN_VIEW:
            raise NotFound(gettext("No such study."))
        if request.method in SAFE_METHODS:
            return True
        return role in getattr(view, "write_roles", CAN_EDIT_DESIGN)

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        study_id = view.kwargs.get("study_id")
        if study_id is None:
            return True  # the study list (filtered to members) and study creation
        return self._allowed(request, view, study_id)

    def has_object_permission(self, request, view, obj) -> bool:
        return self._allowed(request, view, object_study_id(obj))
