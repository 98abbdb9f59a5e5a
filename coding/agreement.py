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


def krippendorff_alpha(matrix: np.ndarray) -> float | None:
    """Krippendorff's alpha (nominal) of a coders x units 0/1 matrix; None without variation."""
    if matrix.size == 0 or matrix.min() == matrix.max():
        return None
    value = krippendorff.alpha(
        reliability_data=matrix.astype(float), level_of_measurement="nominal", value_domain=[0, 1]
    )
    return None if np.isnan(value) else float(value)


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
    applied: dict[str, dict[Unit, set[str]]] = {}
    coded_by: dict[Unit, set[str]] = {}
    coders_seen: set[str] = set()
    for coder, code, unit in codings:
        if coder in excluded:
            continue
        coders_seen.add(coder)
        coded_by.setdefault(unit, set()).add(coder)
        applied.setdefault(code, {}).setdefault(unit, set()).add(coder)
    coders = sorted(coders_seen)
    everyone = set(coders)
    units = [u for u, who in coded_by.items() if who == everyone] if len(coders) >= 2 else []
    units.sort(key=str)
    index = {u: i for i, u in enumerate(units)}
    coder_index = {c: i for i, c in enumerate(coders)}
    order = list(code_order or [])
    order += sorted(set(applied) - set(order))
    codes: dict[str, CodeAgreement] = {}
    for code in order:
        by_unit = applied.get(code)
        if not by_unit:
            continue
        matrix = np.zeros((len(coders), len(units)), dtype=np.int8)
        for unit, who in by_unit.items():
            column = index.get(unit)
            if column is not None:
                for coder in who:
                    matrix[coder_index[coder], column] = 1
        if not units or not matrix.any():
            continue  # no coder applied this code to any unit
        agree = np.all(matrix == matrix[0], axis=0)
        kappas = {
            f"{coders[i]}|{coders[j]}": cohen_kappa(matrix[i], matrix[j])
            for i, j in combinations(range(len(coders)), 2)
        }
        result = CodeAgreement(
            percent_agreement=float(agree.mean()),
            krippendorff_alpha=krippendorff_alpha(matrix),
            cohen_kappa=kappas,
        )
        if with_disagreements:
            result.disagreements = [
                (units[col], {c: int(matrix[coder_index[c], col]) for c in coders})
                for col in np.flatnonzero(~agree)
            ]
        codes[code] = result
    return Agreement(coders=coders, units=units, codes=codes)
