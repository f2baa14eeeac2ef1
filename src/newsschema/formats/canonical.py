"""The canonical JSON and JSON Lines formats (``--to json`` / ``--to jsonl``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import orjson

from newsschema.formats._base import Format, GivenOptions
from newsschema.formats._export_options import NoOptions
from newsschema.loader import Loaded, iter_documents, load_bytes
from newsschema.models import Document

__all__ = ["JSON", "JSONL", "dump_canonical", "to_canonical_dict"]


def to_canonical_dict(document: Document) -> dict[str, Any]:
    """Return the canonical JSON form of a document (nulls left out, fields in model order)."""
    return document.model_dump(mode="json", exclude_none=True)


def dump_canonical(document: Document, *, indent: bool = True) -> bytes:
    """Serialise a document as canonical JSON (indented, with a final newline, by default)."""
    option = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE if indent else 0
    return orjson.dumps(to_canonical_dict(document), option=option)


class _Json(Format):
    layout: Literal["document"] = "document"

    def dump(self, document: Document, options: GivenOptions) -> bytes:
        NoOptions.of(options)  # it takes none: a name given is refused
        return dump_canonical(document)

    def read(self, path: Path, options: GivenOptions) -> Iterator[Loaded]:
        NoOptions.of(options)  # it takes none: a name given is refused
        return iter_documents(path)

    def read_bytes(self, data: bytes, name: str, options: GivenOptions) -> Iterator[Loaded]:
        NoOptions.of(options)  # it takes none: a name given is refused
        return load_bytes(data, file=name)


class _JsonLines(Format):
    layout: Literal["stream"] = "stream"

    def dump(self, document: Document, options: GivenOptions) -> bytes:
        NoOptions.of(options)  # it takes none: a name given is refused
        return dump_canonical(document, indent=False) + b"\n"

    def read(self, path: Path, options: GivenOptions) -> Iterator[Loaded]:
        NoOptions.of(options)  # it takes none: a name given is refused
        return iter_documents(path)

    def read_bytes(self, data: bytes, name: str, options: GivenOptions) -> Iterator[Loaded]:
        NoOptions.of(options)  # it takes none: a name given is refused
        return load_bytes(data, file=name, jsonl=True)


JSON = _Json("json", "canonical JSON, one document per file", suffix=".json")
JSONL = _JsonLines(
    "jsonl",
    "canonical JSON Lines, one document per line",
    suffix=".jsonl",
)
