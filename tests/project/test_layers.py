"""The apps depend one way (DESIGN.md, "Layers"), and no file is over 400 lines.

No module imports from an app above its own or from a peer, no modules import each other in a
circle (lazy imports included), and the speech pipeline imports no app and no Django."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RANK = {
    "focusgroup": 0,
    "transcription": 1,
    "statements": 2,
    "sessions": 3,
    "recordings": 4,
    "analysis": 5,
    "coding": 5,
    "phases": 5,
    "studyfiles": 6,
}
PLAIN = {"transcription"}  # a plain Python library: no app, no Django
# The project's wiring files put every app together: they sit on top of all of them.
WIRING = {
    "focusgroup/urls.py",
    "focusgroup/api_urls.py",
    "focusgroup/asgi.py",
    "focusgroup/wsgi.py",
    "focusgroup/celery.py",
    "focusgroup/health.py",
    "focusgroup/routing.py",
}
SKIP_DIRS = {"migrations", "__pycache__"}
MAX_LINES = 400


def _sources() -> dict[str, Path]:
    """Every module of the apps, by dotted name."""
    modules = {}
    for app in RANK:
        if not (ROOT / app).is_dir():
            continue
        for path in sorted((ROOT / app).rglob("*.py")):
            if SKIP_DIRS & set(path.relative_to(ROOT).parts):
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


MODULES = _sources()


def _imports(name: str, path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import in the file, relative ones resolved, lazy ones included."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            for alias in node.names:  # `from pkg import submodule` imports the submodule
                sub = f"{module}.{alias.name}"
                found.append((node.lineno, sub if sub in MODULES else module))
    return found


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_no_app_imports_from_an_app_above_it_or_beside_it() -> None:
    problems = []
    for name, path in MODULES.items():
        app = name.split(".")[0]
        if _rel(path) in WIRING:
            continue
        for line, module in _imports(name, path):
            top = module.split(".")[0]
            if top == "django" and app in PLAIN:
                problems.append(f"{_rel(path)}:{line} imports {module} (no Django here)")
            if top in RANK and top != app and (app in PLAIN or RANK[top] >= RANK[app]):
                problems.append(f"{_rel(path)}:{line} imports {module}")
    assert problems == []


def test_no_modules_import_each_other_in_a_circle() -> None:
    graph = {
        name: sorted({m for _, m in _imports(name, path) if m in MODULES and m != name})
        for name, path in MODULES.items()
    }
    cycles, state = [], dict.fromkeys(graph, 0)  # 0 new, 1 on the path, 2 done

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in graph[node]:
            if state[nxt] == 1:
                cycles.append(" -> ".join([*trail[trail.index(nxt) :], nxt]))
            elif state[nxt] == 0:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for name in graph:
        if state[name] == 0:
            visit(name, [name])
    assert cycles == []


def test_no_file_is_over_400_lines() -> None:
    long = [
        f"{_rel(path)} ({count} lines)"
        for path in MODULES.values()
        if (count := path.read_text(encoding="utf-8").count("\n")) > MAX_LINES
    ]
    assert long == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from sessions.models import Note\n", ["statements/x.py:1 imports sessions.models"]),
        ("def f():\n    from analysis import views\n", ["statements/x.py:2 imports analysis"]),
        ("from statements.models import Study\n", []),
    ],
)
def test_the_walk_sees_upward_imports_at_any_depth(source: str, expected: list[str]) -> None:
    """The checker itself: an upward import is found at module level and inside a function."""
    tree = ast.parse(source)
    found = [
        f"statements/x.py:{node.lineno} imports {node.module or node.names[0].name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and RANK.get(node.module.split(".")[0], -1) > 2
    ]
    assert found == expected
