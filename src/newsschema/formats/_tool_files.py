"""Reading the files of an annotation-tool export: a folder, a ``.zip`` of one, or bytes.

Only the named folder or archive is read: hidden files, symbolic links that lead out of the
folder and archive members with absolute or ``..`` paths are never opened.
"""

from __future__ import annotations

import contextlib
import io
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path

from newsschema.formats._bundle_files import bundle_output

__all__ = ["TooLarge", "ToolFiles", "open_export", "open_tool_files", "tool_output"]

MAX_MEMBER = 256 * 1024 * 1024
"""Largest single file read (an archive member may claim any size)."""


class TooLarge(ValueError):
    """A file in the export is larger than :data:`MAX_MEMBER`."""


class ToolFiles:
    """The files of one export by relative path (``a/b.ann``), read on demand."""

    def __init__(self, names: list[str], reader: object, label: str) -> None:
        self.names = sorted(names)
        self._reader = reader
        self.label = label

    def read(self, name: str) -> bytes:
        """Return the bytes of the file ``name``.

        Raises:
            OSError: it cannot be read.
            TooLarge: it is larger than :data:`MAX_MEMBER`.
        """
        reader = self._reader
        if isinstance(reader, zipfile.ZipFile):
            info = reader.getinfo(name)
            if info.file_size > MAX_MEMBER:
                raise TooLarge(name)
            with reader.open(info) as handle:
                data = handle.read(MAX_MEMBER + 1)
        else:
            assert isinstance(reader, Path)
            path = reader / name
            if path.stat().st_size > MAX_MEMBER:
                raise TooLarge(name)
            data = path.read_bytes()
        if len(data) > MAX_MEMBER:
            raise TooLarge(name)
        return data

    def display(self, name: str) -> str:
        """How findings name the file ``name`` (``corpus/a.ann``, ``corpus.zip:a.ann``)."""
        joiner = ":" if isinstance(self._reader, zipfile.ZipFile) else "/"
        return f"{self.label.rstrip('/')}{joiner}{name}"


def _walk(root: Path) -> Iterator[str]:
    inside = os.path.realpath(root)
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            path = Path(folder) / name
            real = os.path.realpath(path)
            if name.startswith(".") or os.path.commonpath([inside, real]) != inside:
                continue
            if os.path.isfile(real):
                yield path.relative_to(root).as_posix()


def _safe(name: str) -> bool:
    parts = name.split("/")
    return not (name.startswith("/") or ".." in parts or name.endswith("/") or "\\" in name) and (
        not any(part.startswith(".") or part == "__MACOSX" for part in parts)
    )


def open_tool_files(source: Path | bytes, label: str) -> ToolFiles:
    """Open a folder, a ``.zip`` file or zip bytes.

    Raises:
        OSError: the path cannot be read.
        zipfile.BadZipFile: a file or bytes that are not a zip archive.
    """
    if isinstance(source, Path) and source.is_dir():
        return ToolFiles(list(_walk(source)), source, label)
    archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    return ToolFiles([n for n in archive.namelist() if _safe(n)], archive, label)


def open_export(source: Path | bytes, label: str) -> ToolFiles | str:
    """Open a folder, a ``.zip`` file or zip bytes, or return why it cannot be opened."""
    try:
        return open_tool_files(source, label)
    except (OSError, zipfile.BadZipFile) as exc:
        return str(exc)


@contextlib.contextmanager
def tool_output(target: Path, config: str, text: str) -> Iterator[Path]:
    """The work folder of an export that becomes ``target``: a folder, or a ``.zip`` of one.

    The tool's configuration file ``config`` (its label set, its type system) is written
    first, with ``text``; the documents' files follow in the folder yielded.
    """
    with bundle_output(target, archive=target.suffix.lower() == ".zip") as work:
        (work / config).write_text(text, encoding="utf-8")
        yield work


def stem_of(name: str, suffix: str) -> str:
    """Return ``name`` without its directory and ``suffix``."""
    base = name.rsplit("/", 1)[-1]
    return base.removesuffix(suffix)
