"""Codebook writes: keys derived and unique, rename, move without cycles, merge, delete."""

from __future__ import annotations

import pytest

from coding.errors import CodingError
from coding.models import Code, Coding, Memo
from coding.services import (
    code_create,
    code_delete,
    code_merge,
    code_move,
    code_update,
    codebook_create,
    coding_create,
    memo_create,
)


def test_a_key_is_derived_from_the_name_and_made_unique(cstudy):
    a = code_create(study=cstudy, name="Rollback to a previous state")
    b = code_create(study=cstudy, name="Rollback to a previous state!")
    assert a.key == "rollback-to-a-previous-state"
    assert b.key == "rollback-to-a-previous-state-2"


def test_a_taken_or_malformed_key_is_refused(cstudy):
    code_create(study=cstudy, name="Benefit", key="benefit")
    with pytest.raises(CodingError, match="taken"):
        code_create(study=cstudy, name="Other", key="benefit")
    with pytest.raises(CodingError, match="letters"):
        code_create(study=cstudy, name="Other", key="with space")


def test_rename_keeps_the_key(cstudy):
    code = code_create(study=cstudy, name="Benefit")
    code_update(code=code, name="Benefits", color="#1b9e77")
    code.refresh_from_db()
    assert (code.key, code.name, code.color) == ("benefit", "Benefits", "#1B9E77")


def test_moving_a_code_under_its_own_descendant_is_refused(cstudy):
    parent = code_create(study=cstudy, name="Benefit")
    child = code_create(study=cstudy, name="Rollback", parent=parent)
    grandchild = code_create(study=cstudy, name="Fast rollback", parent=child)
    with pytest.raises(CodingError, match="cycle"):
        code_move(code=parent, parent=grandchild)
    with pytest.raises(CodingError, match="cycle"):
        code_move(code=parent, parent=parent)
    parent.refresh_from_db()
    assert parent.parent_id is None
    code_move(code=grandchild, parent=None)
    grandchild.refresh_from_db()
    assert grandchild.parent_id is None


def test_a_code_of_another_study_cannot_be_a_parent(cstudy, owner):
    from .support import coding_study

    other = coding_study(owner=owner, title="Other")
    foreign = code_create(study=other, name="Foreign")
    with pytest.raises(CodingError, match="not a code of this study"):
        code_create(study=cstudy, name="Child", parent=foreign)


def test_merging_moves_codings_memos_and_children_and_drops_duplicates(cstudy, notes, analyst):
    source = code_create(study=cstudy, name="Rollback")
    target = code_create(study=cstudy, name="Restore")
    child = code_create(study=cstudy, name="Child", parent=source)
    note = notes["Rollback"]
    coding_create(study=cstudy, code=source, user=analyst, note=note.pk)
    coding_create(study=cstudy, code=target, user=analyst, note=note.pk)  # same span: duplicate
    coding_create(study=cstudy, code=source, user=analyst, note=note.pk, start=0, end=8)
    memo_create(study=cstudy, user=analyst, text="Why", about="code", target=source)
    code_merge(source=source, target=target)
    assert not Code.objects.filter(pk=source.pk).exists()
    assert Coding.objects.filter(code=target).count() == 2
    assert Memo.objects.get().code_id == target.pk
    child.refresh_from_db()
    assert child.parent_id == target.pk


def test_delete_needs_confirmation_then_takes_sub_codes_and_codings(cstudy, notes, analyst):
    parent = code_create(study=cstudy, name="Benefit")
    child = code_create(study=cstudy, name="Rollback", parent=parent)
    coding_create(study=cstudy, code=child, user=analyst, note=notes["Rollback"].pk)
    with pytest.raises(CodingError, match="confirm"):
        code_delete(code=parent, confirm=False)
    assert Code.objects.count() == 2
    impact = code_delete(code=parent, confirm=True)
    assert impact == {"codes": 2, "codings": 1, "memos": 0}
    assert not Code.objects.exists()
    assert not Coding.objects.exists()


def test_a_codebook_tree_is_created_in_bulk_with_given_and_derived_keys(cstudy):
    codes = codebook_create(
        study=cstudy,
        codes=[
            {"key": "benefit", "name": "Benefit", "color": "#1B9E77",
             "children": [{"name": "Benefit"}, {"key": "benefit-rollback", "name": "Rollback"}]},
        ],
    )  # fmt: skip
    assert [c.key for c in codes] == ["benefit", "benefit-2", "benefit-rollback"]
    assert Code.objects.get(key="benefit-rollback").parent.key == "benefit"


def test_a_bulk_codebook_with_a_duplicate_key_writes_nothing(cstudy):
    with pytest.raises(CodingError) as info:
        codebook_create(
            study=cstudy,
            codes=[{"key": "a", "name": "A", "children": [{"key": "a", "name": "Again"}]}],
        )
    assert info.value.where == "/codebook/0/children/0/key"
    assert not Code.objects.exists()
