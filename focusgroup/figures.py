"""Static images (PNG, SVG, PDF) of Plotly figures, for every app's chart downloads.

They are drawn through kaleido and the machine's Chromium, its server started once per process."""

from __future__ import annotations

import atexit
import logging
import threading
import warnings

import plotly.graph_objects as go

IMAGE_FORMATS = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}

# kaleido and its browser driver log every step at INFO; only their problems matter here.
for _name in ("kaleido", "choreographer", "logistro"):
    logging.getLogger(_name).setLevel(logging.WARNING)

# kaleido's PDF page clips a strip of about 7 pt (9 px) on every side: a PDF gets this much more
# margin all round, so that no chart loses an axis title or tick labels at the page's edge.
PDF_INSET_PX = 12
PLOTLY_MARGIN = {"l": 80, "r": 80, "t": 100, "b": 80}  # Plotly's defaults, for margins not set

_kaleido_lock = threading.Lock()
_kaleido_started = False


def _ensure_kaleido() -> None:
    global _kaleido_started
    if _kaleido_started:
        return
    import kaleido

    kaleido.start_sync_server(silence_warnings=True)
    atexit.register(kaleido.stop_sync_server, silence_warnings=True)
    _kaleido_started = True


def figure_image(fig: go.Figure, *, image_format: str, width: int = 1000) -> bytes:
    """The figure as PNG, SVG or PDF bytes, rendered by kaleido with the machine's Chromium."""
    if image_format not in IMAGE_FORMATS:
        raise ValueError(f"Image format must be one of {', '.join(IMAGE_FORMATS)}.")
    height = fig.layout.height or 500
    if image_format == "pdf":
        fig = _inset(fig)
        height += 2 * PDF_INSET_PX
        width += 2 * PDF_INSET_PX
    with _kaleido_lock:
        _ensure_kaleido()
        with warnings.catch_warnings():
            # plotly warns that per-call options are ignored by a running server; none are given.
            warnings.simplefilter("ignore", UserWarning)
            return fig.to_image(format=image_format, width=width, height=height)


def _inset(fig: go.Figure) -> go.Figure:
    """A copy of the figure with PDF_INSET_PX more margin on every side."""
    margin = fig.layout.margin
    padded = {
        side: (getattr(margin, side) if getattr(margin, side) is not None else default)
        + PDF_INSET_PX
        for side, default in PLOTLY_MARGIN.items()
    }
    return go.Figure(fig).update_layout(margin=padded)
