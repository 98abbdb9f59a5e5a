"""Agreement figures against values computed by hand (issue 12's definitions), no database."""

from __future__ import annotations

import pytest

from coding.agreement import compute_agreement


def test_two_coders_match_hand_computed_figures():
    # Units u1..u4, code x: ana = 1,0,1,1 ; bob = 1,1,0,1.
    # percent = 2/4 = 0.5; kappa: po = .5, pe = .75*.75 + .25*.25 = .625 -> (.5-.625)/.375 = -1/3.
    # alpha (nominal): o11 = 4, o01 = o10 = 2, n = 8; Do = 4/8, De = 2*6*2/(8*7) = 24/56
    # -> 1 - .5/(24/56) = -1/6.
    codings = [
        ("ana", "x", "u1"), ("bob", "x", "u1"),
        ("ana", "y", "u2"), ("bob", "x", "u2"),
        ("ana", "x", "u3"), ("bob", "y", "u3"),
        ("ana", "x", "u4"), ("bob", "x", "u4"),
    ]  # fmt: skip
    doc = compute_agreement(codings).as_document("T")
    assert doc["coders"] == ["ana", "bob"]
    assert doc["units"] == 4
    assert doc["codes"]["x"] == {
        "percent_agreement": 0.5,
        "krippendorff_alpha": -0.1667,
        "cohen_kappa": {"ana|bob": -0.3333},
    }
    # y: ana = 0,1,0,0 ; bob = 0,0,1,0 -> percent .5; pe = .25*.25+.75*.75 = .625 -> -1/3;
    # alpha: o00 = 4, o01 = o10 = 2 -> n0 = 6, n1 = 2: same -1/6.
    assert doc["codes"]["y"]["percent_agreement"] == 0.5
    assert doc["codes"]["y"]["cohen_kappa"] == {"ana|bob": -0.3333}


def test_three_coders_give_every_pair_and_alpha():
    # Units u1..u5 (every coder coded each, with "z" as filler); code x:
    # ana = 1,1,0,0,1 ; bob = 1,1,0,0,0 ; cy = 1,0,0,0,1.
    # percent: all agree on u1, u3, u4 -> 3/5 = 0.6.
    # ana|bob: po = 4/5, pa = 3/5, pb = 2/5, pe = .24 + .24 = .48 -> (.8-.48)/.52 = 0.6154.
    # ana|cy: po = 4/5, pa = 3/5, pc = 2/5 -> 0.6154. bob|cy: po = 3/5, pe = .16+.36 = .52
    # -> (.6-.52)/.48 = 0.1667.
    # alpha: pairable values 15, ones 7, zeros 8. Disagreeing ordered pairs: u2 (1,1,0): 2*2=4,
    # u5 (1,0,1): 4 -> each weighted 1/(3-1): Do = (4+4)/2/15 = 4/15; De = 2*7*8/(15*14) = 112/210
    # -> 1 - (4/15)/(112/210) = 1 - 0.5 = 0.5.
    marks = {"ana": [1, 1, 0, 0, 1], "bob": [1, 1, 0, 0, 0], "cy": [1, 0, 0, 0, 1]}
    codings = [(c, "z", f"u{i}") for c in marks for i in range(5)]
    codings += [(c, "x", f"u{i}") for c, row in marks.items() for i, v in enumerate(row) if v]
    doc = compute_agreement(codings).as_document("T")
    x = doc["codes"]["x"]
    assert x["percent_agreement"] == 0.6
    assert x["cohen_kappa"] == {"ana|bob": 0.6154, "ana|cy": 0.6154, "bob|cy": 0.1667}
    assert x["krippendorff_alpha"] == 0.5


def test_a_code_with_no_variation_gets_null_for_kappa_and_alpha():
    # z is on every unit by every coder: percent 1, kappa and alpha undefined.
    codings = [(c, "z", u) for c in ("ana", "bob") for u in ("u1", "u2")]
    doc = compute_agreement(codings).as_document("T")
    assert doc["codes"]["z"] == {
        "percent_agreement": 1.0,
        "krippendorff_alpha": None,
        "cohen_kappa": {"ana|bob": None},
    }


def test_units_are_only_those_every_coder_coded_and_unused_codes_are_left_out():
    codings = [
        ("ana", "x", "u1"), ("bob", "x", "u1"),
        ("ana", "x", "u2"),  # bob never coded u2: not a unit
        ("ana", "w", "u2"),  # so w was applied to no unit: left out
        ("bob", "y", "u1"),
    ]  # fmt: skip
    doc = compute_agreement(codings).as_document("T")
    assert doc["units"] == 1
    assert set(doc["codes"]) == {"x", "y"}
    assert doc["codes"]["y"]["percent_agreement"] == 0.0


def test_the_final_coder_is_not_compared():
    codings = [("ana", "x", "u1"), ("bob", "x", "u1"), ("final", "y", "u1")]
    result = compute_agreement(codings, exclude_coders=["final"])
    assert result.coders == ["ana", "bob"]
    assert "y" not in result.codes


@pytest.mark.parametrize("coders", [["ana"], []])
def test_fewer_than_two_coders_have_no_units(coders):
    doc = compute_agreement([(c, "x", "u1") for c in coders]).as_document("T")
    assert doc["units"] == 0
    assert doc["codes"] == {}
