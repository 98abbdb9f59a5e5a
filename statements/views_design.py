"""The design editors: scale levels, statements and profile fields.

The three are ordered lists edited the same way (add, edit, move up/down, delete; all plain
forms, so they work without JavaScript), so one set of views serves all three, each configured
by an `Editor` that names its model, form and services.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import models
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from focusgroup.errors import DomainError

from . import selectors, services
from .access import apply_errors, get_study_for, get_study_to_edit
from .forms import (
    ProfileFieldForm,
    ScaleLevelForm,
    ScalePresetForm,
    StatementForm,
    StatementPasteForm,
)
from .models import ProfileField, ScaleLevel, Statement, Study
from .permissions import CAN_EDIT_DESIGN, study_role


@dataclass(frozen=True)
class Editor:
    """How one ordered part of a study's design is listed and changed."""

    slug: str  # URL part and URL-name prefix
    title: str
    model: type[models.Model]
    form: type[Form]
    fields: tuple[str, ...]
    add: Callable[..., Any]
    update: Callable[..., Any]
    move: Callable[..., Any]
    delete: Callable[..., Any]
    instance_arg: str
    intro: str = ""
    # Whole sentences per editor (nouns differ in gender in Portuguese and Spanish):
    # add_heading, add_button, edit_heading, save_button, added, saved, deleted (%(key)s).
    texts: dict[str, Any] = field(default_factory=dict)
    initial: Callable[[Study], dict] = field(default=lambda study: {})

    def items(self, study: Study) -> list:
        return list(self.model.objects.filter(study=study).order_by("position", "id"))

    def url(self, action: str) -> str:
        return f"{self.slug}-{action}"


EDITORS: dict[str, Editor] = {
    "scale": Editor(
        slug="scale",
        title=gettext_lazy("Scale"),
        model=ScaleLevel,
        form=ScaleLevelForm,
        fields=("key", "label", "off_scale"),
        add=services.scale_level_add,
        update=services.scale_level_update,
        move=services.scale_level_move,
        delete=services.scale_level_delete,
        instance_arg="level",
        intro=gettext_lazy(
            "The board's columns, left to right. An off-scale level (such as “No opinion”) "
            "is drawn apart in charts."
        ),
        texts={
            "add_heading": gettext_lazy("Add a level"),
            "add_button": gettext_lazy("Add level"),
            "edit_heading": gettext_lazy("Edit level %(key)s"),
            "save_button": gettext_lazy("Save level"),
            "added": gettext_lazy("Added level %(key)s."),
            "saved": gettext_lazy("Saved level %(key)s."),
            "deleted": gettext_lazy("Deleted level %(key)s."),
        },
    ),
    "statement": Editor(
        slug="statement",
        title=gettext_lazy("Statements"),
        model=Statement,
        form=StatementForm,
        fields=("key", "title", "text"),
        add=services.statement_add,
        update=services.statement_update,
        move=services.statement_move,
        delete=services.statement_delete,
        instance_arg="statement",
        intro=gettext_lazy("What participants react to, in the order the moderator presents them."),
        texts={
            "add_heading": gettext_lazy("Add a statement"),
            "add_button": gettext_lazy("Add statement"),
            "edit_heading": gettext_lazy("Edit statement %(key)s"),
            "save_button": gettext_lazy("Save statement"),
            "added": gettext_lazy("Added statement %(key)s."),
            "saved": gettext_lazy("Saved statement %(key)s."),
            "deleted": gettext_lazy("Deleted statement %(key)s."),
        },
        initial=lambda study: {"key": selectors.statement_key_suggest(study)},
    ),
    "field": Editor(
        slug="field",
        title=gettext_lazy("Participant profile"),
        model=ProfileField,
        form=ProfileFieldForm,
        fields=("key", "label", "type", "choices", "required"),
        add=services.profile_field_add,
        update=services.profile_field_update,
        move=services.profile_field_move,
        delete=services.profile_field_delete,
        instance_arg="field",
        intro=gettext_lazy("The characterization form participants fill in when they join."),
        texts={
            "add_heading": gettext_lazy("Add a field"),
            "add_button": gettext_lazy("Add field"),
            "edit_heading": gettext_lazy("Edit field %(key)s"),
            "save_button": gettext_lazy("Save field"),
            "added": gettext_lazy("Added field %(key)s."),
            "saved": gettext_lazy("Saved field %(key)s."),
            "deleted": gettext_lazy("Deleted field %(key)s."),
        },
    ),
}


TAKEN_KEYS_ID = "design-taken-keys"  # the json_script the key proposal reads


def _render_editor(
    request, study: Study, editor: Editor, form: Form | None, status=200, paste_form=None
):
    can_edit = study_role(request.user, study) in CAN_EDIT_DESIGN
    items = editor.items(study)
    if can_edit and form is not None:
        form.propose_keys(TAKEN_KEYS_ID)
    context = {
        "study": study,
        "editor": editor,
        "items": items,
        "form": form if can_edit else None,
        "can_edit": can_edit,
        "section": editor.slug,
        "taken_keys": [item.key for item in items],
        "taken_keys_id": TAKEN_KEYS_ID,
    }
    if editor.slug == "statement" and can_edit:
        context["paste_form"] = paste_form or StatementPasteForm()
    if editor.slug == "scale":
        context["scale_in_use"] = selectors.scale_in_use(study)
        context["preset_form"] = ScalePresetForm() if can_edit else None
    return render(request, "statements/editor.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def editor_list(request: HttpRequest, study_id: int, editor: Editor) -> HttpResponse:
    """The list with its add form; members who are not owners see it read-only."""
    if request.method == "GET":
        study = get_study_for(request, study_id)
        return _render_editor(request, study, editor, editor.form(initial=editor.initial(study)))
    study = get_study_to_edit(request, study_id)
    form = editor.form(request.POST)
    if form.is_valid():
        try:
            item = editor.add(study=study, **form.cleaned_data)
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, editor.texts["added"] % {"key": item.key})
            return redirect(editor.url("editor"), study_id=study.pk)
    return _render_editor(request, study, editor, form, status=400)


def _item(request: HttpRequest, study_id: int, pk: int, editor: Editor):
    study = get_study_to_edit(request, study_id)
    return study, get_object_or_404(editor.model, pk=pk, study=study)


@login_required
@require_http_methods(["GET", "POST"])
def editor_edit(request: HttpRequest, study_id: int, pk: int, editor: Editor) -> HttpResponse:
    """Edit one item (owners only)."""
    study, item = _item(request, study_id, pk, editor)
    initial = {name: getattr(item, name) for name in editor.fields}
    form = editor.form(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            editor.update(**{editor.instance_arg: item}, **form.cleaned_data)
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, editor.texts["saved"] % {"key": item.key})
            return redirect(editor.url("editor"), study_id=study.pk)
    context = {"study": study, "editor": editor, "item": item, "form": form}
    context["edit_heading"] = editor.texts["edit_heading"] % {"key": item.key}
    context |= {"section": editor.slug, "can_edit": True}
    status = 400 if request.method == "POST" else 200
    return render(request, "statements/editor_edit.html", context, status=status)


@login_required
@require_POST
def editor_move(request: HttpRequest, study_id: int, pk: int, editor: Editor) -> HttpResponse:
    """Move one item up or down (a plain form button: works without JavaScript)."""
    study, item = _item(request, study_id, pk, editor)
    try:
        editor.move(**{editor.instance_arg: item}, direction=request.POST.get("direction", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(editor.url("editor"), study_id=study.pk)


@login_required
@require_POST
def editor_delete(request: HttpRequest, study_id: int, pk: int, editor: Editor) -> HttpResponse:
    """Delete one item; a refusal (notes or answers use it) is shown as a message."""
    study, item = _item(request, study_id, pk, editor)
    try:
        editor.delete(**{editor.instance_arg: item})
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, editor.texts["deleted"] % {"key": item.key})
    return redirect(editor.url("editor"), study_id=study.pk)


@login_required
@require_POST
def statement_paste(request: HttpRequest, study_id: int) -> HttpResponse:
    """Add many statements at once, one per line: all of them, or none and the line at fault."""
    study = get_study_to_edit(request, study_id)
    editor = EDITORS["statement"]
    form = StatementPasteForm(request.POST)
    if form.is_valid():
        try:
            added = services.statement_add_lines(study=study, lines=form.cleaned_data["lines"])
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            if len(added) == 1:
                messages.success(request, _("Added 1 statement: %(key)s.") % {"key": added[0].key})
            else:
                keys = {"first": added[0].key, "last": added[-1].key, "count": len(added)}
                message = ngettext(
                    "Added %(count)s statement: %(first)s to %(last)s.",
                    "Added %(count)s statements: %(first)s to %(last)s.",
                    len(added),
                )
                messages.success(request, message % keys)
            return redirect(editor.url("editor"), study_id=study.pk)
    initial = editor.initial(study)
    return _render_editor(request, study, editor, editor.form(initial=initial), 400, form)


@login_required
@require_POST
def scale_preset(request: HttpRequest, study_id: int) -> HttpResponse:
    """Replace the whole scale with a preset (refused once notes use the scale)."""
    study = get_study_to_edit(request, study_id)
    form = ScalePresetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the offered presets."))
    else:
        try:
            services.scale_preset_apply(study=study, preset=form.cleaned_data["preset"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Scale replaced by the preset."))
    return redirect("scale-editor", study_id=study.pk)


def editor_urls() -> list:
    """URL patterns of every editor: /studies/<id>/<slug>s/… named <slug>-editor, -edit, …"""
    patterns = [
        path("studies/<int:study_id>/scale/preset/", scale_preset, name="scale-preset"),
        path("studies/<int:study_id>/statements/paste/", statement_paste, name="statement-paste"),
    ]
    for editor in EDITORS.values():
        base = "studies/<int:study_id>/scale/" if editor.slug == "scale" else None
        base = base or f"studies/<int:study_id>/{editor.slug}s/"
        kwargs = {"editor": editor}
        patterns += [
            path(base, editor_list, kwargs, name=editor.url("editor")),
            path(f"{base}<int:pk>/edit/", editor_edit, kwargs, name=editor.url("edit")),
            path(f"{base}<int:pk>/move/", editor_move, kwargs, name=editor.url("move")),
            path(f"{base}<int:pk>/delete/", editor_delete, kwargs, name=editor.url("delete")),
        ]
    return patterns
