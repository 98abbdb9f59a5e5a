"""Plotly figures of phase tracking, pure functions of a PhaseMatrix.

The revisit heatmap (backtracking below the diagonal in orange, forward above in blue), the flow
Sankey, and per main phase its focus distribution bar and inter-dependency diagram labelled with the
scenarios of each shift. The chord diagram is in chord.py, the shared pieces in chart_parts.py."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .chart_parts import COLOURS, FONT, SCALES, Chart, kind_label, note, phase_name, rgba, trace
from .matrix import BACKTRACKING, FORWARD, PhaseMatrix


def _direction_grid(matrix: PhaseMatrix, kind: str) -> tuple[list, list]:
    """The shares of one direction (None elsewhere) and their printed values."""
    z, text = [], []
    for m in matrix.keys:
        row, row_text = [], []
        for v in matrix.keys:
            share = matrix.share(m, v)
            mine = matrix.direction(m, v) == kind
            row.append(share if mine else None)
            row_text.append(f"{share:.2f}" if mine and share else "")
        z.append(row)
        text.append(row_text)
    return z, text


def _colour_bar(kind: str) -> dict:
    """Horizontal bars side by side under the grid: they fit a phone's width and titles of any
    length in any language."""
    return {
        "title": {"text": kind_label(kind), "side": "top"},
        "orientation": "h",
        "x": 0 if kind == BACKTRACKING else 0.55,
        "xanchor": "left",
        "y": -0.04,
        "yanchor": "top",
        "len": 0.45,
        "thickness": 12,
    }


def matrix_heatmap(matrix: PhaseMatrix) -> Chart:
    """The matrix with its values: rows main phases, columns visited, two hues by direction."""
    labels = list(matrix.names)
    # Plotly's %{...} placeholders stay as they are in every translation.
    hover = _("Main phase %{y} → %{x}: %{z:.4f}")
    fig = Chart()
    for kind in ("focus", BACKTRACKING, FORWARD):
        z, text = _direction_grid(matrix, kind)
        fig.add_trace(
            trace(
                "heatmap",
                z=z,
                x=labels,
                y=labels,
                text=text,
                texttemplate="%{text}",
                colorscale=SCALES[kind],
                zmin=0,
                zmax=1,
                xgap=2,
                ygap=2,
                showscale=kind != "focus",
                colorbar=_colour_bar(kind),
                name=kind,
                hovertemplate=f"{hover} ({kind_label(kind)})<extra></extra>",
            )
        )
    fig.update_layout(
        # The title gets room of its own above the phase names of the top axis, however long.
        title={
            "text": _("Phase-revisit matrix (share of the main phase's time)"),
            "automargin": True,
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": 8},
        },
        height=240 + 42 * len(labels),  # the colour bars below take 60 px
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        plot_bgcolor="#ffffff",
        font=FONT,
    )
    fig.update_yaxes(
        autorange="reversed", automargin=True, title_text=_("Main phase"), type="category"
    )
    fig.update_xaxes(side="top", automargin=True, type="category", tickangle=-30)
    return fig


def _flows_title() -> dict:
    return {"text": _("Flows between phases (main → visited; orange back, blue forward)")}


def _no_flows_chart() -> Chart:
    """The flows chart of a log with no time on a phase other than the main one: it says so."""
    fig = Chart()
    fig.update_layout(
        title=_flows_title(),
        height=200,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        font=FONT,
        xaxis={"visible": False},
        yaxis={"visible": False},
        annotations=[
            note(
                text=_("No time logged on one phase while another was the main one."),
                showarrow=False,
            )
        ],
    )
    return fig


def flow_sankey(matrix: PhaseMatrix) -> Chart:
    """Minutes flowing from each main phase (left) to the other phases it visited (right)."""
    n = len(matrix.keys)
    sources, targets, values, colours, shares = [], [], [], [], []
    for i, m in enumerate(matrix.keys):
        for j, v in enumerate(matrix.keys):
            minutes = matrix.cell_minutes(m, v)
            if m == v or not minutes:
                continue
            sources.append(i)
            targets.append(n + j)
            values.append(minutes)
            colours.append(rgba(COLOURS[matrix.direction(m, v)], 0.45))
            shares.append(matrix.share(m, v))
    if not values:  # Plotly cannot lay out a sankey without links
        return _no_flows_chart()
    fig = Chart(
        trace(
            "sankey",
            arrangement="snap",
            node={
                "label": [*matrix.names, *matrix.names],
                "pad": 12,
                "thickness": 14,
                "color": ["#525252"] * n + ["#969696"] * n,
            },
            link={
                "source": sources,
                "target": targets,
                "value": values,
                "color": colours,
                "customdata": shares,
                "hovertemplate": _(
                    "%{source.label} → %{target.label}: %{value:.1f} min "
                    "(%{customdata:.1%} of the main phase)"
                )
                + "<extra></extra>",
            },
        )
    )
    fig.update_layout(
        title=_flows_title(),
        height=max(420, 40 * n),
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        font=FONT,
    )
    return fig


def focus_bar(matrix: PhaseMatrix, main: str) -> Chart:
    """The focus distribution of one main phase: its time per phase, coloured by direction."""
    shares = [matrix.share(main, v) for v in matrix.keys]
    colours = [COLOURS[matrix.direction(main, v)] for v in matrix.keys]
    fig = Chart(
        trace(
            "bar",
            x=list(matrix.names),
            y=shares,
            marker={"color": colours},
            text=[f"{s:.0%}" if s else "" for s in shares],
            textposition="outside",
            hovertemplate="%{x}: %{y:.2%}<extra></extra>",
        )
    )
    fig.update_layout(
        title={"text": _("Focus distribution: %(phase)s") % {"phase": phase_name(matrix, main)}},
        height=380,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        plot_bgcolor="#ffffff",
        font=FONT,
    )
    fig.update_yaxes(tickformat=".0%", range=[0, 1.1], automargin=True)
    fig.update_xaxes(automargin=True, tickangle=-30)
    return fig


def _shift_notes(
    matrix: PhaseMatrix,
    main: str,
    v: str,
    side: int,
    y: float,
    scenarios: dict[tuple[str, str], list[str]],
) -> list[dict]:
    """The arrow from the main phase to a visited one, and the visited phase's label."""
    share = matrix.share(main, v)
    colour = COLOURS[matrix.direction(main, v)]
    arrow = note(
        x=side * 1.0,
        y=y + 0.25,
        ax=side * 0.2,
        ay=-0.25,
        xref="x",
        yref="y",
        axref="x",
        ayref="y",
        showarrow=True,
        arrowhead=3,
        arrowsize=0.6,
        arrowcolor=colour,
        arrowwidth=1 + 14 * share,
        text="",
    )
    names = [n if len(n) <= 34 else n[:33] + "…" for n in scenarios.get((main, v), [])]
    label = f"<b>{phase_name(matrix, v)}</b> ({share:.0%})"
    if names:
        label += "<br>" + "<br>".join(f"• {n}" for n in names[:4])
    text = note(
        x=side * 1.0,
        y=y + 0.15,
        text=label,
        showarrow=False,
        align="center",
        xanchor="center",
        yanchor="top",
        font={"size": 11, "color": colour},
    )
    return [arrow, text]


def interdependency(
    matrix: PhaseMatrix, main: str, scenarios: dict[tuple[str, str], list[str]]
) -> Chart:
    """The main phase on top and an arrow to each phase it shifted to: width by share, colour by
    direction (earlier phases on the left, later on the right), labelled with the scenarios."""
    centre = matrix.index(main)
    visited = [v for v in matrix.keys if v != main and matrix.cell_minutes(main, v)]
    back = [v for v in visited if matrix.index(v) < centre]
    ahead = [v for v in visited if matrix.index(v) > centre]
    rows = max(len(back), len(ahead), 1)
    notes: list[dict] = [
        note(
            x=0,
            y=0,
            text=f"<b>{phase_name(matrix, main)}</b><br>"
            + _("focus %(share)s") % {"share": f"{matrix.share(main, main):.0%}"},
            showarrow=False,
            bgcolor="#ffffff",
            bordercolor="#525252",
            borderwidth=1.5,
            borderpad=6,
        )
    ]
    for side, items in ((-1, back), (1, ahead)):
        for k, v in enumerate(items):
            notes += _shift_notes(matrix, main, v, side, -1.0 - 1.2 * k, scenarios)
    if not visited:
        notes.append(note(x=0, y=-1, text=_("No shifts logged."), showarrow=False))
    fig = Chart()
    fig.update_layout(
        title={"text": _("Inter-dependencies: %(phase)s") % {"phase": phase_name(matrix, main)}},
        height=200 + 130 * rows,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        plot_bgcolor="#ffffff",
        font=FONT,
        showlegend=False,
        annotations=notes,
    )
    fig.update_xaxes(visible=False, range=[-2, 2], fixedrange=True)
    fig.update_yaxes(visible=False, range=[-1.2 * rows - 0.6, 0.4], fixedrange=True)
    return fig
