"""Every refusal that recordings/, coding/ and phases/ raise says its message through gettext.

Issue 10: a raise site passes `_("… %(name)s …") % {...}`, never a literal or an f-string, and no
`_()` wraps an f-string. Read from the source, so a new raise site is checked too."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("recordings", "coding", "phases")
# The refusals of these apps and where their message is among the positional arguments.
REFUSALS = {
    "DomainError": 1,
    "UploadError": 1,
    "SpeakerError": 0,
    "LineError": 0,
    "CodingError": 0,
    "PhaseError": 0,
    "CsvError": 0,
    "UploadRefused": 0,
}
GETTEXT = {"_", "gettext", "ngettext", "pgettext", "gettext_lazy", "gettext_noop"}


def _is_gettext(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in GETTEXT
    )


def _translated(node: ast.AST) -> bool:
    """A gettext call, that call % its values, either branch of `a if c else b` translated, or a
    message made elsewhere (a name, an attribute, a helper's answer: checked where it is made)."""
    if _is_gettext(node):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return _is_gettext(node.left)
    if isinstance(node, ast.IfExp):
        return _translated(node.body) and _translated(node.orelse)
    return isinstance(node, ast.Name | ast.Attribute | ast.Subscript | ast.Call)


def untranslated(source: str, name: str = "<source>") -> list[str]:
    """The places in `source` where a refusal's message or a gettext argument is not a msgid."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        where = f"{name}:{node.lineno}"
        # gettext(msgid) translates a stored msgid at display time (recordings/failures.py).
        literal = isinstance(node.args[0], ast.Constant) if node.args else True
        stored = (
            bool(node.args) and isinstance(node.args[0], ast.Name) and node.args[0].id == "msgid"
        )
        if _is_gettext(node) and not (literal or stored):
            found.append(f"{where}: gettext of something that is not a literal msgid")
        func = node.func.id if isinstance(node.func, ast.Name) else None
        if func in REFUSALS:
            position = REFUSALS[func]
            message = node.args[position] if len(node.args) > position else None
            if message is not None and not _translated(message):
                found.append(f"{where}: {func} with a message not through gettext")
    return found


def _sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_every_refusal_of_recordings_coding_and_phases_is_said_through_gettext():
    problems = [
        problem
        for path in _sources()
        for problem in untranslated(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert problems == []


def test_the_check_catches_a_planted_literal_an_f_string_and_gettext_of_an_f_string():
    planted = """
raise CodingError("A literal, never translated.", where="key")
raise SpeakerError(f"Speaker {speaker} is not here.")
raise DomainError("code", "Literal message.")
raise PhaseError(_(f"Key {key} is taken."), field="key")
raise CsvError("Row %(row)s" % {"row": 1})
"""
    assert sorted(problem.split(": ", 1)[0] for problem in untranslated(planted)) == [
        "<source>:2",
        "<source>:3",
        "<source>:4",
        "<source>:5",
        "<source>:6",
    ]
    fine = """
raise CodingError(_("The key %(key)s is taken.") % {"key": key}, where="key")
raise SpeakerError(_("No lines yet.") if empty else _("Lines go from 1 to %(n)s.") % {"n": n})
raise DomainError("not_transcribed", _("Not yet."), status=409)
raise CsvError(exc.message, row=row)
"""
    assert untranslated(fine) == []
