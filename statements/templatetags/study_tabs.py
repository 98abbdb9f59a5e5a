"""The study tab bar's tabs for whoever views the page (templates/statements/_study_tabs.html)."""

from __future__ import annotations

from django import template

from statements.models import Study
from statements.permissions import study_role, study_tabs

register = template.Library()


@register.simple_tag(takes_context=True)
def study_tabs_for(context: template.Context, study: Study) -> list[str]:
    """The tabs of the study that the page's user may open, in the bar's order (the role that
    `get_study_for` found when the view took the study, else asked now)."""
    if hasattr(study, "viewer_role"):
        return study_tabs(study.viewer_role)
    return study_tabs(study_role(context["request"].user, study))
