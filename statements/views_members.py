"""The members page: owners invite users by username or email, change roles and remove members."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from focusgroup.errors import DomainError

from . import services
from .access import apply_errors, get_study_for, get_study_to_edit
from .forms import ROLE_HELP, MemberInviteForm, MemberRoleForm
from .models import Membership, Role
from .permissions import CAN_MANAGE_MEMBERS, study_role


@login_required
@require_http_methods(["GET", "POST"])
def member_list(request: HttpRequest, study_id: int) -> HttpResponse:
    """Everyone with a role in the study; owners also get the invite form."""
    if request.method == "GET":
        study = get_study_for(request, study_id)
        form = MemberInviteForm()
    else:
        study = get_study_to_edit(request, study_id)
        form = MemberInviteForm(request.POST)
        if form.is_valid():
            try:
                membership = services.membership_invite(
                    study=study, actor=request.user, **form.cleaned_data
                )
            except DomainError as exc:
                apply_errors(form, exc)
            else:
                message = _("%(name)s is now %(role)s of this study.")
                role = membership.get_role_display().lower()  # "analyst", as in a sentence
                messages.success(
                    request, message % {"name": membership.user.username, "role": role}
                )
                return redirect("member-list", study_id=study.pk)
    can_manage = study_role(request.user, study) in CAN_MANAGE_MEMBERS
    context = {
        "study": study,
        "memberships": study.memberships.select_related("user").order_by("role", "user__username"),
        "form": form if can_manage else None,
        "role_form": MemberRoleForm(),
        "role_help": [(role.label, text) for role, text in ROLE_HELP.items()],
        "can_edit": can_manage,
        "section": "members",
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "statements/members.html", context, status=status)


@login_required
@require_POST
def member_role(request: HttpRequest, study_id: int, pk: int) -> HttpResponse:
    """Change a member's role; the last owner cannot be demoted."""
    study = get_study_to_edit(request, study_id)
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk, study=study)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose owner, moderator or analyst."))
    else:
        try:
            services.membership_set(
                study=study,
                user=membership.user,
                role=form.cleaned_data["role"],
                actor=request.user,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            role = Role(form.cleaned_data["role"]).label.lower()
            message = _("%(name)s is now %(role)s.") % {
                "name": membership.user.username,
                "role": role,
            }
            messages.success(request, message)
    return redirect("member-list", study_id=study.pk)


@login_required
@require_POST
def member_remove(request: HttpRequest, study_id: int, pk: int) -> HttpResponse:
    """Take a member out of the study; the last owner stays."""
    study = get_study_to_edit(request, study_id)
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk, study=study)
    try:
        services.membership_remove(membership=membership, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        message = _("%(name)s no longer has access to this study.")
        messages.success(request, message % {"name": membership.user.username})
    return redirect("member-list", study_id=study.pk)
