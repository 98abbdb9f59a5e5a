"""Every write of coding goes through here, in a transaction: the codebook, codings and memos."""

from __future__ import annotations

from .codebook import (
    code_create,
    code_delete,
    code_delete_impact,
    code_merge,
    code_move,
    code_update,
    codebook_create,
)
from .codings import (
    coder_label,
    coding_create,
    coding_delete,
    codings_bulk_create,
    memo_create,
    memo_delete,
    memo_update,
    memos_bulk_create,
)

__all__ = [
    "code_create",
    "code_delete",
    "code_delete_impact",
    "code_merge",
    "code_move",
    "code_update",
    "codebook_create",
    "coder_label",
    "coding_create",
    "coding_delete",
    "codings_bulk_create",
    "memo_create",
    "memo_delete",
    "memo_update",
    "memos_bulk_create",
]
