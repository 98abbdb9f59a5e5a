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
    "tests",
)
SKIP_DIRS = {"migrations", "__pycache__"}
MAX_FUNCTION_LINES = 60
SENTENCE_ENDS = (".", ":", "!", "?")


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


def summary_problem(source: str) -> str | None:
    """What is wrong with the module's docstring as a one-line summary, or None if nothing is."""
    docstring = ast.get_docstring(ast.parse(source), clean=False)
    if docstring is None:
        return "no docstring"
    first, *rest = docstring.split("\n")
    if not first.strip().endswith(SENTENCE_ENDS):
        return "first line is not a whole sentence"
    if rest and rest[0].strip():
        return "first line is not followed by a blank line"
    return None


def test_every_module_starts_with_a_one_line_summary() -> None:
    found = []
    for path in _modules():
        source = path.read_text(encoding="utf-8")
        if source.strip() and (problem := summary_problem(source)):
            found.append(f"{path.relative_to(ROOT).as_posix()}: {problem}")
    assert found == []


def test_the_check_wants_a_whole_first_sentence_then_a_blank_line() -> None:
    assert summary_problem('"""What it holds."""\n') is None
    assert summary_problem('"""What it holds:\n\nthe rest, said at length.\n"""\n') is None
    assert summary_problem("x = 1\n") == "no docstring"
    assert summary_problem('"""What it holds, a sentence\nrunning on."""\n') == (
        "first line is not a whole sentence"
    )
    assert summary_problem('"""What it holds.\nAnd more, right under it."""\n') == (
        "first line is not followed by a blank line"
    )


def test_the_check_counts_a_function_from_its_def_to_its_last_line() -> None:
    def body(lines: int, indent: str = "    ") -> str:
        return "".join(f"{indent}x{i} = {i}\n" for i in range(lines))

    assert long_functions(f"def short():\n{body(59)}", "m.py") == []
    assert long_functions(f"def long():\n{body(60)}", "m.py") == ["m.py:long (61 lines)"]
    nested = f"class C:\n    def method(self):\n{body(60, ' ' * 8)}"
    assert long_functions(nested, "m.py") == ["m.py:method (61 lines)"]
