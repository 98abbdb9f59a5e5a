"""Filters of an analysis, shared by the page, the API and the CLI.

The filters are session, a profile field's value and a time window; one parser says exactly which
parameter is wrong."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

FILTER_PARAMS = ("session", "field", "value", "since", "until")


class FilterError(ValueError):
    """A filter parameter that cannot be used; the message names the parameter."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message = message


@dataclass(frozen=True)
class AnalysisFilters:
    """Which notes and participants an analysis counts; empty means everything."""

    session: str | None = None
    profile_field: str | None = None
    profile_value: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    def is_empty(self) -> bool:
        """True when nothing is filtered out."""
        return self == AnalysisFilters()

    def as_params(self) -> dict[str, str]:
        """The filters as query parameters (for links that keep them)."""
        params = {
            "session": self.session,
            "field": self.profile_field,
            "value": self.profile_value,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
        }
        return {k: v for k, v in params.items() if v}


def _parse_moment(param: str, raw: str, *, end_of_day: bool) -> datetime:
    value = parse_datetime(raw)
    if value is None:
        day = parse_date(raw)
        if day is None:
            raise FilterError(
                param,
                _("%(value)s is not a date or date-time (use 2023-08-10T14:00).")
                % {"value": repr(raw)},
            )
        value = datetime.combine(day, datetime.max.time() if end_of_day else datetime.min.time())
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def parse_filters(
    params: Mapping[str, str],
    *,
    sessions: list[str],
    profile_fields: list[str],
) -> AnalysisFilters:
    """Filters from query parameters, checked against the study's sessions and profile fields."""
    try:
        session = (params.get("session") or "").strip() or None
        field = (params.get("field") or "").strip() or None
        value = params.get("value")
        value = value.strip() if value is not None else None
        since_raw = (params.get("since") or "").strip()
        until_raw = (params.get("until") or "").strip()
    except (AttributeError, TypeError):
        raise FilterError("filters", _("every filter must be a single text value.")) from None
    if session is not None and session not in sessions:
        known = ", ".join(repr(s) for s in sessions) or _("none")
        raise FilterError(
            "session",
            _("no session named %(session)s in this study (known: %(known)s).")
            % {"session": repr(session), "known": known},
        )
    if field is not None and field not in profile_fields:
        known = ", ".join(profile_fields) or _("none")
        raise FilterError(
            "field",
            _("no profile field %(field)s in this study (known: %(known)s).")
            % {"field": repr(field), "known": known},
        )
    if field is None and value:
        raise FilterError("value", _("a value needs the profile field it belongs to (field=…)."))
    if field is not None and not value:
        raise FilterError(
            "value", _("give the value of %(field)s to keep (value=…).") % {"field": repr(field)}
        )
    since = _parse_moment("since", since_raw, end_of_day=False) if since_raw else None
    until = _parse_moment("until", until_raw, end_of_day=True) if until_raw else None
    if since and until and since > until:
        raise FilterError("until", _("the end of the time window is before its start."))
    return AnalysisFilters(
        session=session,
        profile_field=field,
        profile_value=value if field else None,
        since=since,
        until=until,
    )
