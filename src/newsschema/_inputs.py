"""Expanding command-line inputs: files, directories, glob patterns and ``-`` for stdin."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsschema._names import display_name

__all__ = ["DOCUMENT_SUFFIXES", "Input", "expand_inputs"]

DOCUMENT_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson"})
STDIN = "-"


@dataclass(frozen=True, slots=True)
class Input:
    """One input to read: a path, or stdin when ``path`` is None.

    Attributes:
        path: The file, or None for stdin.
        missing: True when the argument named nothing that exists (reported as NS030).
        name: How findings name it.
    """

    path: Path | None
    name: str
    missing: bool = False


def _walk(directory: Path) -> Iterator[Path]:
    # Sorted, so that output order does not depend on the file system.
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            if path.suffix.lower() in DOCUMENT_SUFFIXES:
                yield path


def expand_inputs(arguments: Sequence[str]) -> list[Input]:
    """Turn command-line arguments into the ordered list of inputs to read.

    Directories are searched recursively for ``*.json``, ``*.jsonl`` and ``*.ndjson`` (hidden
    folders skipped); arguments that are not existing paths are tried as glob patterns; an
    argument that matches nothing becomes a ``missing`` input so that it is reported, not
    skipped. A file named twice is read once.
    """
    inputs: list[Input] = []
    seen: set[str] = set()

    def add(item: Input) -> None:
        key = "-" if item.path is None else os.path.realpath(item.path)
        if key not in seen or item.missing:
            seen.add(key)
            inputs.append(item)

    for argument in arguments:
        if argument == STDIN:
            add(Input(None, "<stdin>"))
            continue
        path = Path(argument)
        if path.is_dir():
            for found in _walk(path):
                add(Input(found, display_name(found)))
        elif path.exists():
            add(Input(path, display_name(argument)))
        else:
            matches = sorted(glob.glob(argument, recursive=True))
            files = [Path(m) for m in matches if Path(m).is_file()]
            for match in matches:
                if Path(match).is_dir():
                    files.extend(_walk(Path(match)))
            if not files:
                add(Input(path, display_name(argument), missing=True))
            for found in files:
                add(Input(found, display_name(found)))
    return inputs
