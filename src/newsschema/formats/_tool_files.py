"""Reading the files of an annotation-tool export: a folder, a ``.zip`` of one, or bytes.

Only the named folder or archive is read: hidden files, symbolic links that lead out of the
folder and archive members with absolute or ``..`` paths are never opened. An archive is held
to the limits of table bundles (:mod:`newsschema.formats._members`: number of members, bytes
each member and all of them expand to, expansion ratio), and its link or special entries are
refused, never read as text.
"""

from __future__ import annotations

import contextlib
import io
import os
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from newsschema.formats._base import ExportError
from newsschema.formats._bundle_files import bundle_output
from newsschema.formats._members import MemberError, Opener, archive_opener, open_regular

if TYPE_CHECKING:
    from newsschema.models import Document

__all__ = [
    "MAX_MEMBER",
    "MemberError",
    "TooLarge",
    "ToolFiles",
    "distinct_ids",
    "failure",
    "open_export",
    "open_tool_files",
    "tool_output",
]

MAX_MEMBER = 256 * 1024 * 1024
"""Largest single file read whole (stricter than a bundle member: a tool file is read at once)."""


class TooLarge(ValueError):
    """A file in the export is larger than :data:`MAX_MEMBER`."""


class ToolFiles:
    """The files of one export by relative path (``a/b.ann``), read on demand."""

    def __init__(
        self, names: list[str], reader: object, label: str, opener: Opener | None = None
    ) -> None:
        self.names = sorted(names)
        self._reader = reader
        self._opener = opener
        self.label = label

    def read(self, name: str) -> bytes:
        """Return the bytes of the file ``name``.

        Raises:
            OSError: it cannot be read; :class:`MemberError` (an ``OSError``) when it is a link
                or special entry of an archive, or expands beyond the archive limits.
            TooLarge: it is larger than :data:`MAX_MEMBER`.
        """
        if self._opener is not None:
            with self._opener(name) as handle:
                data = _read_at_most(handle, MAX_MEMBER + 1)
        else:
            assert isinstance(self._reader, Path)
            root = self._reader
            real = Path(os.path.realpath(root / name))
            if os.path.commonpath([os.path.realpath(root), real]) != os.path.realpath(root):
                raise MemberError("a symbolic link out of the folder; not opened")
            # A regular file only: a FIFO swapped in since the folder was listed never blocks.
            with open_regular(real) as handle:
                if os.fstat(handle.fileno()).st_size > MAX_MEMBER:
                    raise TooLarge(name)
                data = _read_at_most(handle, MAX_MEMBER + 1)
        if len(data) > MAX_MEMBER:
            raise TooLarge(name)
        return data

    def display(self, name: str) -> str:
        """How findings name the file ``name`` (``corpus/a.ann``, ``corpus.zip:a.ann``)."""
        joiner = ":" if isinstance(self._reader, zipfile.ZipFile) else "/"
        return f"{self.label.rstrip('/')}{joiner}{name}"


def _read_at_most(handle: IO[bytes], limit: int) -> bytes:
    """Read up to ``limit`` bytes in pieces (a buffered ``read(limit)`` allocates ``limit``)."""
    pieces = []
    left = limit
    while left > 0:
        piece = handle.read(min(left, _PIECE))
        if not piece:
            break
        pieces.append(piece)
        left -= len(piece)
    return b"".join(pieces)


_PIECE = 1 << 20


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
        OSError: the path cannot be read; :class:`MemberError` when an archive breaks the
            limits on its number of members or the bytes they expand to.
        zipfile.BadZipFile: a file or bytes that are not a zip archive.
    """
    if isinstance(source, Path) and source.is_dir():
        return ToolFiles(list(_walk(source)), source, label)
    archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    # The bundles' limits, checked before any member is read (too many, too large in all).
    opener = archive_opener(archive)
    names = [n for n in archive.namelist() if _safe(n)]
    return ToolFiles(names, archive, label, opener)


def open_export(source: Path | bytes, label: str) -> ToolFiles | str:
    """Open a folder, a ``.zip`` file or zip bytes, or return why it cannot be opened."""
    try:
        return open_tool_files(source, label)
    except MemberError as exc:
        return exc.strerror or str(exc)
    except (OSError, zipfile.BadZipFile) as exc:
        return str(exc)


@contextlib.contextmanager
def tool_output(target: Path, config: str, text: str) -> Iterator[Path]:
    """The work folder of an export that becomes ``target``: a folder, or a ``.zip`` of one.

    The tool's configuration file ``config`` (its label set, its type system) is written
    first, with ``text``; the documents' files follow in the folder yielded.
    """
    archive = target.suffix.lower() == ".zip"
    # The folder lists its files, so that exporting again into it replaces it.
    with bundle_output(target, archive=archive, manifest=True) as work:
        (work / config).write_text(text, encoding="utf-8")
        yield work


def distinct_ids(documents: Iterable[Document], files: str) -> Iterator[Document]:
    """Yield ``documents``, refusing one whose article id names the files of an earlier one.

    A tool export names each document's files by its article id (``ID.ann``, ``ID.xmi``), so
    a second document with the same id would silently replace the first. Ids that differ only
    in case are refused too: they name the same file on a case-insensitive file system.

    Args:
        documents: The documents, in input order.
        files: What the export writes per document, for the message (``ID.txt and ID.ann``).

    Raises:
        ExportError: two documents share an id (nothing is written: the output is atomic).
    """
    seen: dict[str, tuple[int, str]] = {}
    for number, document in enumerate(documents, start=1):
        ident = document.article.id
        first = seen.setdefault(ident.casefold(), (number, ident))
        if first[0] != number:
            same = (
                f"share the article id {ident!r}"
                if first[1] == ident
                else f"have article ids that differ only in case ({first[1]!r}, {ident!r})"
            )
            raise ExportError(
                f"documents {first[0]} and {number} of the input {same}: the export "
                f"writes {files.replace('ID', ident)} per "
                "id, so one would be lost; give each document its own id "
                "(nothing was written)"
            )
        yield document


def failure(exc: Exception) -> str:
    """Say why a tool library (cassis) could not read a file, without advice meant for code.

    Python refuses to read an integer of over 4,300 digits and its message tells the reader
    to call ``sys.set_int_max_str_digits()``: for an offset, the file is simply wrong.
    """
    if isinstance(exc, ValueError) and "int_max_str_digits" in str(exc):
        return "a number in it has more than 4,300 digits; no offset or id is that long"
    return f"{type(exc).__name__}: {exc}"


def stem_of(name: str, suffix: str) -> str:
    """Return ``name`` without its directory and ``suffix``."""
    base = name.rsplit("/", 1)[-1]
    return base.removesuffix(suffix)
