"""Canonical JSON for library users: ``newsschema.dumps(doc)`` and ``newsschema.save(doc, path)``.

Both write exactly what ``newsschema convert --to json`` writes (fields in model order, nulls
left out, two-space indent, final newline), so files saved from a notebook diff cleanly against
files written by the command line.
"""

from __future__ import annotations

import os

import orjson

from newsschema._atomic import atomic_write_bytes
from newsschema.models import Document

__all__ = ["dumps", "save"]


def dumps(document: Document, *, indent: bool = True) -> bytes:
    """Return the canonical JSON bytes of ``document``.

    Args:
        document: The document to serialise.
        indent: Two-space indent and a final newline (the file form); ``False`` gives one
            compact line without a newline (the JSON Lines form).
    """
    # The same bytes as formats.canonical.dump_canonical (a test pins it); not imported from
    # there so that ``import newsschema`` does not load every format.
    option = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE if indent else 0
    return orjson.dumps(document.model_dump(mode="json", exclude_none=True), option=option)


def save(document: Document, path: str | os.PathLike[str]) -> None:
    """Write ``document`` to ``path`` as canonical JSON, atomically.

    A reader sees the old file or the new one, never half of one; on any error ``path`` is
    left exactly as it was and no temporary file remains.
    """
    atomic_write_bytes(path, dumps(document))
