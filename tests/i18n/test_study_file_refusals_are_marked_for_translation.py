"""Every refusal studyfiles/ words goes through gettext, so none stays English.

Issue 10, item 23: the message of each StudyFileError (and of the ValidationError and NotFound
studyfiles/ raises) is made by gettext: never a literal, an f-string, or a literal formatted or
joined, whether passed directly or through a name assigned in the same function; and no gettext
call is given an f-string or a formatted string (its msgid would never be in the catalogs).
"""

from __future__ import annotations

import ast
from pathlib import Path

from .support import ROOT

GETTEXT = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "ngettext"}
# The exception classes whose message people read, and the position of that message.
MESSAGE_AT = {"StudyFileError": 1, "ValidationError": 0, "NotFound": 0}


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _is_gettext(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and _name(node.func) in GETTEXT


def _built_from_literal(node: ast.expr) -> bool:
    """A text made in code without gettext: "…", f"…", "…" % x, "…".format(x), "…" + x."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _built_from_literal(node.left) or (
            isinstance(node.op, ast.Add) and _built_from_literal(node.right)
        )
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr == "format" and _built_from_literal(node.func.value)
    return False


class _Scanner:
    """The lines of one module where a message is not made by gettext; a function of the module
    that words a message for one (`raise StudyFileError(at, _message(error))`) is read too."""

    def __init__(self, tree: ast.Module) -> None:
        self.found: list[int] = []
        self.messages = 0
        self.helpers: set[str] = set()  # functions called for a message
        functions = [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)]
        scopes = {scope: self._assigned(scope) for scope in [tree, *functions]}
        for scope, assigned in scopes.items():
            self._scope(scope, assigned)
        for function in functions:
            if function.name in self.helpers:
                self._returns(function, scopes[function])

    def _assigned(self, scope: ast.AST) -> dict[str, list[ast.expr]]:
        """What each name is assigned in the scope."""
        assigned: dict[str, list[ast.expr]] = {}
        for node in ast.walk(scope):
            if isinstance(node, ast.Assign) and self._belongs(node, scope):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        assigned.setdefault(target.id, []).append(node.value)
        return assigned

    def _scope(self, scope: ast.AST, assigned: dict[str, list[ast.expr]]) -> None:
        for node in ast.walk(scope):
            if not isinstance(node, ast.Call) or not self._belongs(node, scope):
                continue
            if _is_gettext(node) and node.args and not self._plain_msgid(node.args[0]):
                self.found.append(node.lineno)
            position = MESSAGE_AT.get(_name(node.func) or "")
            if position is not None and len(node.args) > position:
                self.messages += 1
                message = node.args[position]
                if isinstance(message, ast.Call) and (helper := _name(message.func)):
                    self.helpers.add(helper)
                if self._unmarked(message, assigned):
                    self.found.append(node.lineno)

    def _returns(self, function: ast.FunctionDef, assigned: dict[str, list[ast.expr]]) -> None:
        returns = [node for node in ast.walk(function) if isinstance(node, ast.Return)]
        for node in returns:
            if (
                node.value
                and self._belongs(node, function)
                and self._unmarked(node.value, assigned)
            ):
                self.found.append(node.lineno)

    @staticmethod
    def _belongs(node: ast.AST, scope: ast.AST) -> bool:
        """Whether the node is in this scope and not in a function nested in it."""
        node_scope = getattr(node, "_scope", None)
        return node_scope is scope

    @staticmethod
    def _plain_msgid(node: ast.expr) -> bool:
        """gettext is given a literal, or a name or item holding a msgid marked elsewhere."""
        return not isinstance(node, ast.JoinedStr | ast.BinOp) and not (
            isinstance(node, ast.Call) and _name(node.func) == "format"
        )

    def _unmarked(self, message: ast.expr, assigned: dict[str, list[ast.expr]]) -> bool:
        if isinstance(message, ast.Dict):  # ValidationError({"field": message})
            return any(self._unmarked(value, assigned) for value in message.values)
        if isinstance(message, ast.IfExp):
            return self._unmarked(message.body, assigned) or self._unmarked(
                message.orelse, assigned
            )
        if isinstance(message, ast.Name):
            return any(_built_from_literal(value) for value in assigned.get(message.id, []))
        return _built_from_literal(message)


def _tree(source: str) -> ast.Module:
    """The module's tree, each node knowing the function (or module) it belongs to."""
    tree = ast.parse(source)

    def mark(node: ast.AST, scope: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            child._scope = scope  # type: ignore[attr-defined]
            inner = child if isinstance(child, ast.FunctionDef) else scope
            mark(child, inner)

    mark(tree, tree)
    return tree


def unmarked_messages(source: str) -> tuple[list[int], int]:
    """The lines where a message is not made by gettext, and how many messages were read."""
    scanner = _Scanner(_tree(source))
    return sorted(set(scanner.found)), scanner.messages


STUDYFILES = sorted(
    path for path in (ROOT / "studyfiles").glob("**/*.py") if "migrations" not in path.parts
)


def test_every_refusal_of_the_study_file_code_is_made_by_gettext():
    found, read = [], 0
    for path in STUDYFILES:
        lines, messages = unmarked_messages(path.read_text(encoding="utf-8"))
        found += [f"{Path(path).relative_to(ROOT).as_posix()}:{line}" for line in lines]
        read += messages
    assert read > 60  # the refusals were found: rules, parts, parsing, the API
    assert found == []


PLANTED = """
def direct(pointer, key):
    raise StudyFileError(pointer, f"Unknown key {key}.")
def literal(pointer):
    raise StudyFileError(pointer, "The file is empty.")
def formatted(pointer, key):
    message = "Unknown key %s." % key
    raise StudyFileError(pointer, message)
def in_gettext(pointer, key):
    raise StudyFileError(pointer, _(f"Unknown key {key}."))
def joined(key):
    raise ValidationError({"title": "The template " + key})
def marked(pointer, key):
    message = _("Unknown key %(key)s.") % {"key": key}
    raise StudyFileError(pointer, message)
def passed_on(pointer, exc):
    raise StudyFileError(pointer, exc.message)
def worded_elsewhere(pointer, key):
    raise StudyFileError(pointer, unknown_key(key))
def unknown_key(key):
    return _("Unknown key %(key)s.") % {"key": key}
def worded_in_english(pointer, key):
    raise StudyFileError(pointer, english(key))
def english(key):
    if key:
        return f"Unknown key {key}."
    return "No key."
"""


def test_the_scan_finds_each_planted_english_refusal_and_passes_the_marked_ones():
    found, read = unmarked_messages(PLANTED)
    assert found == [3, 5, 8, 10, 12, 26, 27]
    assert read == 9
