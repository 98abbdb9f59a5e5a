"""The Phases page: the study's process, the scenarios of each shift and recommendations.

The process is the phases in order and the MLOps template; scenarios are created, renamed, merged
or assigned by reason; recommendations are memos about a phase. Each form posts an `op`; services
check everything, and their message comes back as a notice."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from statements.access import get_study_for
from statements.permissions import CAN_EDIT_DESIGN, CAN_VIEW, study_role

from . import selectors, services
from .errors import PhaseError
from .models import Phase, PhaseEntry, PhaseMemo, PhaseScenario
from .permissions import CAN_EDIT_SCENARIOS


def _move(study, phase_id: str, step: int, confirm: bool) -> str:
    keys = [p.key for p in selectors.phases_list(study)]
    phase = get_object_or_404(Phase, pk=phase_id, study=study)
    i = keys.index(phase.key)
    j = max(0, min(len(keys) - 1, i + step))
    keys[i], keys[j] = keys[j], keys[i]
    services.phases_reorder(study=study, keys=keys, confirm=confirm)
    return _("Moved “%(name)s”.") % {"name": phase.name}


def _process_op(request: HttpRequest, study, op: str) -> str:
    post = request.POST
    confirm = post.get("confirm") == "1"
    if op == "template":
        services.phases_template_apply(study=study)
        return _("The MLOps phases and scenarios were added.")
    if op == "add":
        phase = services.phase_add(study=study, key=post.get("key", ""), name=post.get("name", ""))
        return _("Added “%(name)s”.") % {"name": phase.name}
    if op == "rename":
        phase = get_object_or_404(Phase, pk=post.get("phase"), study=study)
        services.phase_update(phase=phase, name=post.get("name", ""))
        return _("Phase renamed.")
    if op in ("up", "down"):
        return _move(study, post.get("phase"), -1 if op == "up" else 1, confirm)
    if op == "delete":
        phase = get_object_or_404(Phase, pk=post.get("phase"), study=study)
        services.phase_delete(phase=phase, confirm=confirm)
        return _("Phase deleted.")
    raise PhaseError(_("Unknown action."), field="op")


def _scenario_op(request: HttpRequest, study, op: str) -> str:
    post = request.POST

    def scenario(field: str = "scenario") -> PhaseScenario:
        return get_object_or_404(PhaseScenario, pk=post.get(field), study=study)

    if op == "scenario-add":
        sc = services.scenario_create(
            study=study,
            main=post.get("main", ""),
            visited=post.get("visited", ""),
            name=post.get("name", ""),
            description=post.get("description", ""),
        )
        return _("Scenario “%(name)s” added.") % {"name": sc.name}
    if op == "scenario-rename":
        services.scenario_update(scenario=scenario(), name=post.get("name", ""))
        return _("Scenario renamed.")
    if op == "scenario-merge":
        moved = services.scenario_merge(source=scenario(), into=scenario("into"))
        return ngettext(
            "Merged; %(count)s entries moved.", "Merged; %(count)s entries moved.", moved
        ) % {"count": moved}
    if op == "scenario-assign":
        count = services.scenario_assign_by_reason(
            scenario=scenario(), reason=post.get("reason", "")
        )
        return ngettext(
            "%(count)s entries now name this scenario.",
            "%(count)s entries now name this scenario.",
            count,
        ) % {"count": count}
    if op == "memo-add":
        phase = get_object_or_404(Phase, pk=post.get("phase"), study=study)
        services.memo_create(phase=phase, text=post.get("text", ""), user=request.user)
        return _("Recommendation added.")
    if op == "memo-delete":
        memo = get_object_or_404(PhaseMemo, pk=post.get("memo"), study=study)
        services.memo_delete(memo=memo)
        return _("Recommendation deleted.")
    raise PhaseError(_("Unknown action."), field="op")


@login_required
@require_http_methods(["GET", "POST"])
def phase_setup(request: HttpRequest, study_id: int) -> HttpResponse:
    """The process, its scenarios and recommendations; owners edit phases, owners and analysts
    edit scenarios and recommendations, moderators read."""
    study = get_study_for(request, study_id, allowed=CAN_VIEW)
    role = study_role(request.user, study)
    if request.method == "POST":
        op = request.POST.get("op", "")
        scenario_op = op.startswith(("scenario-", "memo-"))
        allowed = CAN_EDIT_SCENARIOS if scenario_op else CAN_EDIT_DESIGN
        if role not in allowed:
            raise PermissionDenied(_("Your role in this study does not allow this change."))
        try:
            notice = (
                _scenario_op(request, study, op) if scenario_op else _process_op(request, study, op)
            )
        except PhaseError as exc:
            messages.error(request, exc.message)
            if exc.field == "confirm":
                request.session["phases_confirm"] = dict(request.POST.items())
        else:
            messages.success(request, notice)
        return redirect("phase-setup", study_id=study.pk)
    pending = request.session.pop("phases_confirm", None)
    phases = selectors.phases_list(study)
    memos = selectors.memos_by_phase(study)
    return render(
        request,
        "phases/setup.html",
        {
            "study": study,
            "section": "setup",
            "phases": [(p, memos.get(p.pk, [])) for p in phases],
            "phase_list": phases,
            "scenarios": selectors.scenarios_list(study),
            "reasons": selectors.unassigned_reasons(study),
            "has_entries": PhaseEntry.objects.filter(study=study).exists(),
            "can_edit": role in CAN_EDIT_DESIGN,
            "can_edit_scenarios": role in CAN_EDIT_SCENARIOS,
            "pending": pending,
        },
    )
