"""The board keeps its files for an offline reload.

It goes by the list of modules its page preloads (static/js/board/main.js caches them): every
module main.js reaches must be in that list."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "static"
IMPORT = re.compile(r"""^\s*(?:import|export)\b[^;]*?\bfrom\s+["'](\.{1,2}/[^"']+)["']""", re.M)
PRELOAD = re.compile(r"""rel="modulepreload" href="\{% static '([^']+)' %\}\"""")


def _reached(start: Path) -> set[str]:
    seen: set[Path] = set()
    todo = [start]
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        for target in IMPORT.findall(module.read_text()):
            todo.append((module.parent / target).resolve())
    return {str(path.relative_to(STATIC)) for path in seen - {start}}


def test_every_module_of_the_board_is_preloaded_and_so_kept_offline():
    page = (ROOT / "templates/focus_sessions/_board_app.html").read_text()
    preloaded = set(PRELOAD.findall(page))
    reached = _reached((STATIC / "js/board/main.js").resolve())
    assert {"js/i18n.js", "js/board/dom.js"} <= reached
    assert reached - preloaded == set(), "modules the offline board would miss"
