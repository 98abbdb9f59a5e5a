"""The pieces every phase chart shares.

Colours by direction, the font, a light figure (Chart) and the small builders of traces and
annotations."""

from __future__ import annotations

import plotly.graph_objects as go
from django.utils.translation import pgettext

from .matrix import BACKTRACKING, FORWARD, PhaseMatrix

COLOURS = {BACKTRACKING: "#e6550d", FORWARD: "#3182bd", "focus": "#636363"}
SCALES = {
    BACKTRACKING: [[0, "#fff5eb"], [1, "#a63603"]],
    FORWARD: [[0, "#f7fbff"], [1, "#08519c"]],
    "focus": [[0, "#f0f0f0"], [1, "#525252"]],
}
FONT = {"family": "system-ui, sans-serif", "size": 12}


def trace(kind: str, **fields) -> dict:
    return {"type": kind, **fields}


class Chart:
    """A Plotly figure as plain data: built in microseconds (plotly's validating graph objects
    cost ~50 ms a figure, and the page draws 40 of them); `figure()` validates for kaleido."""

    def __init__(self, trace: dict | None = None) -> None:
        self.data: list[dict] = [trace] if trace else []
        self.layout: dict = {}

    def add_trace(self, trace: dict) -> None:
        self.data.append(trace)

    def update_layout(self, **fields) -> None:
        self.layout.update(fields)

    def update_xaxes(self, **fields) -> None:
        self.layout.setdefault("xaxis", {}).update(fields)

    def update_yaxes(self, **fields) -> None:
        self.layout.setdefault("yaxis", {}).update(fields)

    def to_plotly_json(self) -> dict:
        return {"data": self.data, "layout": self.layout}

    def figure(self) -> go.Figure:
        return go.Figure(self.to_plotly_json())


def note(**fields) -> dict:
    """A layout annotation as a plain dict: added all at once, far faster than one by one."""
    return fields


def kind_label(kind: str) -> str:
    """A direction's name in the reader's language (legends, colour bars, hover texts)."""
    names = {
        "focus": pgettext("phase direction", "Focus"),
        BACKTRACKING: pgettext("phase direction", "Backtracking"),
        FORWARD: pgettext("phase direction", "Forward-thinking"),
    }
    return names[kind]


def phase_name(matrix: PhaseMatrix, key: str) -> str:
    return matrix.names[matrix.index(key)]


def rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"
