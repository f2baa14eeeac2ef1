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
BUNDLE_DESCRIPTOR = "datapackage.json"
STDIN = "-"
NOT_FOUND = "no such file, directory or match"


@dataclass(frozen=True, slots=True)
class Input:
    """One input to read: a path, or stdin when ``path`` is None.

    Attributes:
        path: The file, or None for stdin.
        missing: True when the argument named nothing that exists, or something that is not
            read (reported as NS030 with ``problem``).
        name: How findings name it.
        problem: Why a ``missing`` input is not read.
    """

    path: Path | None
    name: str
    missing: bool = False
    problem: str = NOT_FOUND


def _walk(directory: Path, suffixes: frozenset[str] = DOCUMENT_SUFFIXES) -> Iterator[Input]:
    """Yield the documents under ``directory``, sorted so that order is the same everywhere.

    A directory may come from someone else (a pull request): a symbolic link that leads out of
    it (to a key file, say) or to something that is not a regular file (``/dev/zero``, a FIFO)
    is reported, never read.
    """
    inside = os.path.realpath(directory)
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            if path.suffix.lower() not in suffixes or name == BUNDLE_DESCRIPTOR:
                # A table bundle's datapackage.json describes tables; it is not a document.
                continue
            real = os.path.realpath(path)
            if os.path.commonpath([inside, real]) != inside:
                yield Input(path, display_name(path), True, "symbolic link out of the directory")
            elif not os.path.isfile(real):
                yield Input(path, display_name(path), True, "not a regular file")
            else:
                yield Input(path, display_name(path))


def expand_inputs(
    arguments: Sequence[str], suffixes: frozenset[str] = DOCUMENT_SUFFIXES
) -> list[Input]:
    """Turn command-line arguments into the ordered list of inputs to read.

    Directories are searched recursively for ``*.json``, ``*.jsonl`` and ``*.ndjson`` (hidden
    folders skipped, and ``datapackage.json``, which describes a table bundle); arguments that
    are not existing paths are tried as glob patterns; an argument that matches nothing becomes
    a ``missing`` input so that it is reported, not skipped. A file named twice is read once.
    ``suffixes`` replaces the suffixes searched for in directories (``convert --from``).
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
            for walked in _walk(path, suffixes):
                add(walked)
        elif path.exists():
            add(Input(path, display_name(argument)))
        else:
            matches = sorted(glob.glob(argument, recursive=True))
            found = [Input(Path(m), display_name(m)) for m in matches if Path(m).is_file()]
            for match in matches:
                if Path(match).is_dir():
                    found.extend(_walk(Path(match), suffixes))
            if not found:
                add(Input(path, display_name(argument), missing=True))
            for walked in found:
                add(walked)
    return inputs
