"""No function is over 60 lines, and every module starts with a one-line summary.

The apps, the benchmarks and the tests are measured with ast; the summary is the docstring's
first line, saying on its own what the module holds (a whole sentence, then a blank line or the
docstring's end). Split a long function by concept rather than raising the limit."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = (
    "focusgroup",
    "transcription",
    "statements",
    "sessions",
    "recordings",
    "analysis",
    "coding",
    "phases",
    "studyfiles",
    "bench",
)
SKIP_DIRS = {"migrations", "__pycache__"}
MAX_FUNCTION_LINES = 60


def _modules() -> list[Path]:
    return [
        path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if not SKIP_DIRS & set(path.relative_to(ROOT).parts)
    ]


def long_functions(source: str, name: str) -> list[str]:
    """`file:function (lines)` of every function or method over the limit, nested ones too."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                found.append(f"{name}:{node.name} ({length} lines)")
    return found


def test_no_function_is_over_60_lines() -> None:
    found = []
    for path in _modules():
        name = path.relative_to(ROOT).as_posix()
        found += long_functions(path.read_text(encoding="utf-8"), name)
    assert found == []


def test_every_module_starts_with_a_docstring() -> None:
    missing = []
    for path in _modules():
        source = path.read_text(encoding="utf-8")
        if source.strip() and ast.get_docstring(ast.parse(source)) is None:
            missing.append(path.relative_to(ROOT).as_posix())
    assert missing == []


def test_the_check_counts_a_function_from_its_def_to_its_last_line() -> None:
    def body(lines: int, indent: str = "    ") -> str:
        return "".join(f"{indent}x{i} = {i}\n" for i in range(lines))

    assert long_functions(f"def short():\n{body(59)}", "m.py") == []
    assert long_functions(f"def long():\n{body(60)}", "m.py") == ["m.py:long (61 lines)"]
    nested = f"class C:\n    def method(self):\n{body(60, ' ' * 8)}"
    assert long_functions(nested, "m.py") == ["m.py:method (61 lines)"]
