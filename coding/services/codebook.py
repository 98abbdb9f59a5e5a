"""Writes of the codebook.

Create, rename, move (no cycles), merge (codings follow), delete, and a whole tree at once (imports
and the study file)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from statements.models import KEY_RE, Study, key_validator

from ..errors import CodingError
from ..keys import key_from_name, normalise_color, unique_key
from ..models import Code, Coding, Memo

NAME_MAX = 200


def _clean_name(name: str, where: str = "name") -> str:
    name = (name or "").strip()
    if not name or len(name) > NAME_MAX:
        raise CodingError(
            _("A code's name is 1-%(max)s characters.") % {"max": NAME_MAX}, where=where
        )
    return name


def _clean_color(color: str | None, where: str = "color") -> str:
    try:
        return normalise_color(color)
    except ValueError as exc:
        raise CodingError(str(exc), where=where) from None


def _parent_of(study: Study, parent: Code | int | None) -> Code | None:
    if parent is None:
        return None
    parent_id = parent.pk if isinstance(parent, Code) else parent
    found = Code.objects.filter(pk=parent_id, study=study).first()
    if found is None:
        raise CodingError(_("The parent code is not a code of this study."), where="parent")
    return found


@transaction.atomic
def code_create(
    *,
    study: Study,
    name: str,
    key: str | None = None,
    description: str = "",
    color: str | None = None,
    parent: Code | int | None = None,
) -> Code:
    """A new code; without a key one is derived from the name and made unique."""
    name = _clean_name(name)
    parent_code = _parent_of(study, parent)
    taken = {k.lower() for k in Code.objects.filter(study=study).values_list("key", flat=True)}
    if key:
        if not KEY_RE.fullmatch(key):
            raise CodingError(str(key_validator.message), where="key")
        if key.lower() in taken:
            raise CodingError(
                _("The key %(key)s is taken in this study.") % {"key": repr(key)}, where="key"
            )
    else:
        key = unique_key(key_from_name(name), taken)
    last = Code.objects.filter(study=study, parent=parent_code).aggregate(m=Max("position"))["m"]
    return Code.objects.create(
        study=study,
        parent=parent_code,
        key=key,
        name=name,
        description=description or "",
        color=_clean_color(color),
        position=(last or 0) + 1,
    )


@transaction.atomic
def code_update(
    *,
    code: Code,
    name: str | None = None,
    description: str | None = None,
    color: str | None = None,
    key: str | None = None,
) -> Code:
    """Rename a code or change its description, colour or key."""
    if name is not None:
        code.name = _clean_name(name)
    if description is not None:
        code.description = description
    if color is not None:
        code.color = _clean_color(color)
    if key is not None and key != code.key:
        if not KEY_RE.fullmatch(key):
            raise CodingError(str(key_validator.message), where="key")
        if Code.objects.filter(study_id=code.study_id, key__iexact=key).exclude(pk=code.pk):
            raise CodingError(
                _("The key %(key)s is taken in this study.") % {"key": repr(key)}, where="key"
            )
        code.key = key
    code.save()
    return code


def _ancestors(code: Code) -> set[int]:
    parents = dict(Code.objects.filter(study_id=code.study_id).values_list("id", "parent_id"))
    seen: set[int] = set()
    node = code.pk
    while node is not None and node not in seen:
        seen.add(node)
        node = parents.get(node)
    return seen


@transaction.atomic
def code_move(*, code: Code, parent: Code | int | None, position: int | None = None) -> Code:
    """Put a code under another (None: at the top); a code never moves under itself or its
    descendants."""
    new_parent = _parent_of(code.study, parent)
    if new_parent is not None and code.pk in _ancestors(new_parent):
        raise CodingError(
            _("Moving %(key)s under %(parent)s would make a cycle.")
            % {"key": repr(code.key), "parent": repr(new_parent.key)},
            where="parent",
        )
    code.parent = new_parent
    if position is None:
        last = Code.objects.filter(study_id=code.study_id, parent=new_parent).aggregate(
            m=Max("position")
        )["m"]
        position = (last or 0) + 1
    code.position = position
    code.save(update_fields=["parent", "position"])
    return code


@transaction.atomic
def code_merge(*, source: Code, target: Code) -> Code:
    """Merge a code into another: its codings, memos and children follow; then it goes.
    A coding the target already has on the same span is dropped, not duplicated."""
    if source.study_id != target.study_id:
        raise CodingError(_("Both codes must belong to the same study."), where="target")
    if source.pk == target.pk:
        raise CodingError(_("A code cannot be merged into itself."), where="target")
    if source.pk in _ancestors(target):
        raise CodingError(
            _("A code cannot be merged into one of its own sub-codes."), where="target"
        )
    existing = set(
        Coding.objects.filter(code=target).values_list(
            "coder", "note_id", "segment_id", "start", "end"
        )
    )
    moving = list(Coding.objects.filter(code=source))
    duplicate_ids = [
        c.pk for c in moving if (c.coder, c.note_id, c.segment_id, c.start, c.end) in existing
    ]
    Coding.objects.filter(pk__in=duplicate_ids).delete()
    Coding.objects.filter(code=source).update(code=target)
    Memo.objects.filter(code=source).update(code=target)
    Code.objects.filter(parent=source).update(parent=target)
    source.delete()
    return target


def code_delete_impact(code: Code) -> dict[str, int]:
    """What deleting a code takes with it: its sub-codes and all their codings and memos."""
    ids = _descendant_ids(code)
    return {
        "codes": len(ids),
        "codings": Coding.objects.filter(code_id__in=ids).count(),
        "memos": Memo.objects.filter(code_id__in=ids).count(),
    }


def _descendant_ids(code: Code) -> list[int]:
    children: dict[int | None, list[int]] = {}
    for pk, parent in Code.objects.filter(study_id=code.study_id).values_list("id", "parent_id"):
        children.setdefault(parent, []).append(pk)
    out, stack = [], [code.pk]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(children.get(node, []))
    return out


@transaction.atomic
def code_delete(*, code: Code, confirm: bool) -> dict[str, int]:
    """Delete a code with its sub-codes, codings and memos; refused without confirmation."""
    impact = code_delete_impact(code)
    if not confirm:
        raise CodingError(
            _(
                "Deleting %(key)s also deletes %(codes)s sub-codes and %(codings)s codings; "
                "confirm to go on."
            )
            % {"key": repr(code.key), "codes": impact["codes"] - 1, "codings": impact["codings"]},
            where="confirm",
        )
    code.delete()
    return impact


@transaction.atomic
def codebook_create(
    *, study: Study, codes: Iterable[Mapping[str, Any]], replace: bool = False
) -> list[Code]:
    """Create a tree of codes in bulk from plain data:
    `[{"key"?, "name", "description"?, "color"?, "children"?: [...]}, …]`.

    Missing keys are derived from names and made unique against the study's codes and each other;
    a given key that is taken or malformed is refused with its place (`/codebook/0/children/1/key`).
    With `replace`, the study's codebook (and so its codings) is deleted first. All or nothing.
    """
    if replace:
        Code.objects.filter(study=study).delete()
    taken = {k.lower() for k in Code.objects.filter(study=study).values_list("key", flat=True)}
    flat: list[tuple[Code, int | None]] = []  # (code, index of parent in flat)

    # Given keys first, so that a derived key never takes a key the file names later.
    def given(items, path):
        for i, item in enumerate(items):
            key = item.get("key")
            if key:
                if not isinstance(key, str) or not KEY_RE.fullmatch(key):
                    raise CodingError(str(key_validator.message), where=f"{path}/{i}/key")
                if key.lower() in taken:
                    raise CodingError(
                        _("The key %(key)s is used twice.") % {"key": repr(key)},
                        where=f"{path}/{i}/key",
                    )
                taken.add(key.lower())
            given(item.get("children") or [], f"{path}/{i}/children")

    def walk(items, path, parent_index):
        for i, item in enumerate(items):
            here = f"{path}/{i}"
            name = _clean_name(item.get("name", ""), where=f"{here}/name")
            key = item.get("key") or unique_key(key_from_name(name), taken)
            code = Code(
                study=study,
                key=key,
                name=name,
                description=item.get("description") or "",
                color=_clean_color(item.get("color"), where=f"{here}/color"),
                position=i + 1,
            )
            flat.append((code, parent_index))
            walk(item.get("children") or [], f"{here}/children", len(flat) - 1)

    codes = list(codes)
    given(codes, "/codebook")
    walk(codes, "/codebook", None)
    _create_by_depth(flat)
    return [code for code, _ in flat]


def _create_by_depth(flat: list[tuple[Code, int | None]]) -> None:
    """Parents before children: bulk-create level by level so that parents have ids."""
    depth = {}
    for index, (_code, parent_index) in enumerate(flat):
        depth[index] = 0 if parent_index is None else depth[parent_index] + 1
    for level in sorted(set(depth.values())):
        batch = []
        for index, (code, parent_index) in enumerate(flat):
            if depth[index] == level:
                if parent_index is not None:
                    code.parent = flat[parent_index][0]
                batch.append(code)
        try:
            Code.objects.bulk_create(batch)
        except IntegrityError as exc:
            raise CodingError(
                _("The codebook could not be saved: %(why)s") % {"why": exc}
            ) from None
