"""Filters of the coding views, matrices and quotes.

They filter by code, coder, session, statement, level and profile field, with one parser that
names the wrong parameter."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass

from django.utils.translation import gettext as _

from .errors import CodingError

PARAMS = ("code", "coder", "session", "statement", "level", "field", "value")


@dataclass(frozen=True)
class CodingFilters:
    """Which units and codings a view shows; empty means everything."""

    code: str | None = None
    coder: str | None = None
    session: str | None = None
    statement: str | None = None
    level: str | None = None
    field: str | None = None
    value: str | None = None

    def as_params(self) -> dict[str, str]:
        """The filters as query parameters (for links that keep them)."""
        return {k: v for k, v in asdict(self).items() if v}


def filters_parse(params: Mapping[str, str], *, known: Mapping[str, set[str]]) -> CodingFilters:
    """Filters from query parameters; `known` holds the valid values of code, session, statement,
    level and field. An unknown value is refused with the parameter's name."""
    values: dict[str, str | None] = {}
    for name in PARAMS:
        raw = (params.get(name) or "").strip()
        if raw and name in known and raw not in known[name]:
            raise CodingError(
                _("No %(name)s %(value)s in this study.") % {"name": name, "value": repr(raw)},
                where=name,
            )
        values[name] = raw or None
    if bool(values["field"]) != bool(values["value"]):
        raise CodingError(_("Give a profile field and a value together."), where="field")
    return CodingFilters(**values)
