"""The optional parts of a version-2 study file, one reader/writer module per app that owns them:
coding.py (codebook, codings, memos) and phases.py (phases, phase_scenarios, phase_log)."""

from __future__ import annotations


def file_pointer(where: str, memo_index: list[int]) -> str:
    """The study file's pointer of a service's `where` ("/memos/2/about" or "memos/2/text"):
    under /study, with the index into the memos the service was given mapped back to the file's."""
    tokens = [t for t in where.strip("/").split("/") if t]
    if len(tokens) > 1 and tokens[0] == "memos" and tokens[1].isdigit():
        number = int(tokens[1])
        if number < len(memo_index):
            tokens[1] = str(memo_index[number])
    return "/".join(["/study", *tokens])
