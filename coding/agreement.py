"""Agreement between coders, as issue 12 defines it (pure functions, no database).

Units are the notes and transcript lines that every coder coded (applied at least one code to).
For a code C a coder's value on a unit is 1 if any of their codings of C lies in it, else 0 (a
child code does not count for its parent). Per code: percent agreement (share of units on which
all coders agree), Cohen's kappa for every pair over the same units, Krippendorff's alpha
(nominal, the `krippendorff` package) over all coders. A code with no variation over the units
gets null for kappa and alpha. Codes no coder applied to any unit are left out.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from itertools import combinations

import krippendorff
import numpy as np

Unit = Hashable


@dataclass
class CodeAgreement:
    """The figures of one code, plus the units where the coders disagree."""

    percent_agreement: float
    krippendorff_alpha: float | None
    cohen_kappa: dict[str, float | None]
    disagreements: list[tuple[Unit, dict[str, int]]] = field(default_factory=list)


@dataclass
class Agreement:
    coders: list[str]
    units: list[Unit]
    codes: dict[str, CodeAgreement]

    def as_document(self, title: str) -> dict:
        """The JSON shape of `manage.py agreement --format json` (values to 4 decimals)."""
        return {
            "study": title,
            "coders": self.coders,
            "units": len(self.units),
            "codes": {
                key: {
                    "percent_agreement": _round(c.percent_agreement),
                    "krippendorff_alpha": _round(c.krippendorff_alpha),
                    "cohen_kappa": {pair: _round(k) for pair, k in c.cohen_kappa.items()},
                }
                for key, c in self.codes.items()
            },
        }

    def overall_percent(self) -> float | None:
        """Mean percent agreement over the codes shown, for the page's headline."""
        values = [c.percent_agreement for c in self.codes.values()]
        return sum(values) / len(values) if values else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 4)


def cohen_kappa(a: np.ndarray, b: np.ndarray) -> float | None:
    """Cohen's kappa of two 0/1 vectors; None where chance agreement is 1 (no variation)."""
    n = len(a)
    if n == 0:
        return None
    observed = float(np.mean(a == b))
    pa, pb = float(np.mean(a)), float(np.mean(b))
    expected = pa * pb + (1 - pa) * (1 - pb)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1 - expected)


def _code_agreement(
    matrix: np.ndarray, coders: list[str], units: list[Unit], with_disagreements: bool
) -> CodeAgreement:
    """One code's agreement from its coders x units matrix of 0/1."""
    ones = matrix.sum(axis=0)
    agree = (ones == 0) | (ones == len(coders))
    kappas = {
        f"{coders[i]}|{coders[j]}": cohen_kappa(matrix[i], matrix[j])
        for i, j in combinations(range(len(coders)), 2)
    }
    result = CodeAgreement(
        percent_agreement=float(agree.mean()),
        krippendorff_alpha=_alpha_from_counts(ones, len(coders)),
        cohen_kappa=kappas,
    )
    if with_disagreements:
        result.disagreements = [
            (units[col], {c: int(matrix[i, col]) for i, c in enumerate(coders)})
            for col in np.flatnonzero(~agree)
        ]
    return result


def compute_agreement(
    codings: Iterable[tuple[str, str, Unit]],
    *,
    code_order: list[str] | None = None,
    exclude_coders: Iterable[str] = (),
    with_disagreements: bool = False,
) -> Agreement:
    """Agreement from (coder, code key, unit) triples (one per coding; duplicates are harmless).
    `code_order` orders the codes in the result (others follow, sorted)."""
    excluded = set(exclude_coders)
    coder_ids: dict[str, int] = {}
    code_ids: dict[str, int] = {}
    unit_ids: dict[Unit, int] = {}
    rows = []
    for coder, code, unit in codings:
        if coder in excluded:
            continue
        rows.append(
            (
                coder_ids.setdefault(coder, len(coder_ids)),
                code_ids.setdefault(code, len(code_ids)),
                unit_ids.setdefault(unit, len(unit_ids)),
            )
        )
    coders = sorted(coder_ids)
    if len(coders) < 2 or not rows:
        return Agreement(coders=coders, units=[], codes={})
    table = np.asarray(rows, dtype=np.int64)
    # Coder columns in sorted order; a unit counts when every coder coded it.
    rank = np.empty(len(coders), dtype=np.int64)
    for position, name in enumerate(coders):
        rank[coder_ids[name]] = position
    coder_col, code_col, unit_col = rank[table[:, 0]], table[:, 1], table[:, 2]
    mask = np.zeros(len(unit_ids), dtype=np.int64)
    np.bitwise_or.at(mask, unit_col, 1 << coder_col)
    everyone = (1 << len(coders)) - 1
    unit_list = list(unit_ids)
    kept = np.flatnonzero(mask == everyone)
    kept = kept[np.argsort([str(unit_list[u]) for u in kept], kind="stable")]
    units = [unit_list[u] for u in kept]
    column = np.full(len(unit_ids), -1, dtype=np.int64)
    column[kept] = np.arange(len(kept))
    inside = column[unit_col] >= 0
    values = np.zeros((len(code_ids), len(coders), len(units)), dtype=np.int8)
    values[code_col[inside], coder_col[inside], column[unit_col[inside]]] = 1
    order = [c for c in (code_order or []) if c in code_ids]
    order += sorted(set(code_ids) - set(order))
    codes: dict[str, CodeAgreement] = {}
    for code in order:
        matrix = values[code_ids[code]]
        if units and matrix.any():  # else no coder applied this code to any unit
            codes[code] = _code_agreement(matrix, coders, units, with_disagreements)
    return Agreement(coders=coders, units=units, codes=codes)


def _alpha_from_counts(ones: np.ndarray, n_coders: int) -> float | None:
    """Krippendorff's alpha (nominal, the package) from each unit's count of 1s: no missing
    values, so each unit's value counts are (coders - ones, ones)."""
    if ones.min() == ones.max() and ones[0] in (0, n_coders):
        return None  # every coder gave every unit the same value: no variation
    counts = np.stack([n_coders - ones, ones], axis=1)
    value = krippendorff.alpha(value_counts=counts, level_of_measurement="nominal")
    return None if np.isnan(value) else float(value)
