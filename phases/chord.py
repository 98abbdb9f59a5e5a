"""The chord diagram of phase tracking, drawn with Plotly shapes.

Plotly has no chord trace. The phases sit on a circle, with a ribbon per shift in the colour of
its direction."""

from __future__ import annotations

import math

from django.utils.translation import gettext as _

from .chart_parts import COLOURS, FONT, Chart, kind_label, phase_name, rgba, trace
from .matrix import BACKTRACKING, FORWARD, PhaseMatrix


def _arc(a0: float, a1: float, radius: float, steps: int = 24) -> list[tuple[float, float]]:
    return [
        (
            radius * math.cos(a0 + (a1 - a0) * k / steps),
            radius * math.sin(a0 + (a1 - a0) * k / steps),
        )
        for k in range(steps + 1)
    ]


def _ribbon_path(a0: float, b0: float, width: float) -> str:
    """A chord's ribbon: from the arc at a0 to the arc at b0 through the centre."""
    p0, p1 = _arc(a0, a0 + width, 1.0, 6), _arc(b0, b0 + width, 1.0, 6)
    return (
        f"M {p0[0][0]:.4f},{p0[0][1]:.4f} "
        + " ".join(f"L {x:.4f},{y:.4f}" for x, y in p0[1:])
        + f" Q 0,0 {p1[0][0]:.4f},{p1[0][1]:.4f} "
        + " ".join(f"L {x:.4f},{y:.4f}" for x, y in p1[1:])
        + f" Q 0,0 {p0[0][0]:.4f},{p0[0][1]:.4f} Z"
    )


def _phase_arcs(
    matrix: PhaseMatrix, keys: list[str], size: dict[str, float], span: float, gap: float
) -> tuple[list[dict], list[dict], dict[str, list[float]]]:
    """Each phase's arc and label around the circle, and the angles its ribbons start from."""
    total = sum(size.values()) or 1.0
    shapes: list[dict] = []
    annotations: list[dict] = []
    start, spans = 0.0, {}
    for k in keys:
        width = span * size[k] / total if sum(size.values()) else span / max(len(keys), 1)
        spans[k] = [start, start]  # the next free angle inside the arc
        points = _arc(start, start + width, 1.0) + _arc(start + width, start, 1.06)
        path = "M " + " L ".join(f"{x:.4f},{y:.4f}" for x, y in points) + " Z"
        shapes.append({"type": "path", "path": path, "fillcolor": "#525252", "line": {"width": 0}})
        middle = start + width / 2
        annotations.append(
            {
                "x": 1.18 * math.cos(middle),
                "y": 1.18 * math.sin(middle),
                "text": phase_name(matrix, k),
                "showarrow": False,
                "font": {"size": 11},
                "xanchor": "left" if math.cos(middle) >= 0 else "right",
            }
        )
        start += width + gap
    return shapes, annotations, spans


def chord_diagram(matrix: PhaseMatrix) -> Chart:
    """A chord diagram: each phase an arc sized by the minutes leaving and reaching it, each
    shift a ribbon from main to visited, width by minutes, colour by direction."""
    keys = matrix.keys
    flows = {
        (m, v): matrix.cell_minutes(m, v)
        for m in keys
        for v in keys
        if m != v and matrix.cell_minutes(m, v)
    }
    size = {k: sum(x for (m, v), x in flows.items() if k in (m, v)) for k in keys}
    keys = [k for k in keys if size[k]] or keys  # phases without shifts would only crowd labels
    total = sum(size.values()) or 1.0
    gap = 0.03
    span = 2 * math.pi - gap * len(keys)
    fig = Chart()
    shapes, annotations, spans = _phase_arcs(matrix, keys, size, span, gap)
    for (m, v), minutes in flows.items():
        width_m = span * minutes / total
        a0 = spans[m][1]
        spans[m][1] += width_m
        b0 = spans[v][1]
        spans[v][1] += width_m
        colour = COLOURS[matrix.direction(m, v)]
        shapes.append(
            {
                "type": "path",
                "path": _ribbon_path(a0, b0, width_m),
                "fillcolor": rgba(colour, 0.45),
                "line": {"color": colour, "width": 0.5},
            }
        )
    # Invisible traces, so that the axes exist and the legend explains the colours.
    for direction in (BACKTRACKING, FORWARD):
        name = kind_label(direction)
        marker = {"color": COLOURS[direction], "size": 12}
        fig.add_trace(
            trace("scatter", x=[None], y=[None], mode="markers", name=name, marker=marker)
        )
    fig.update_layout(
        title={"text": _("Shifts between phases (chord diagram)")},
        shapes=shapes,
        annotations=annotations,
        height=640,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        plot_bgcolor="#ffffff",
        font=FONT,
        legend={"orientation": "h", "y": -0.02},
    )
    fig.update_xaxes(visible=False, range=[-1.9, 1.9])
    fig.update_yaxes(visible=False, range=[-1.45, 1.45], scaleanchor="x")
    return fig
