"""The small protocols every format module implements."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

if TYPE_CHECKING:
    # Annotations only: the registry (and `convert --help`) must not build the models.
    from newsschema.loader import Loaded
    from newsschema.models import Document

__all__ = ["BundleParts", "ExportError", "ExportOption", "Exporter", "Importer", "Options"]

Options = Mapping[str, Any]
"""Format-specific options from the command line (e.g. ``markup`` for HTML)."""


@dataclass(frozen=True, slots=True)
class ExportOption:
    """A format-specific choice that ``newsschema convert`` offers as ``--NAME``.

    Attributes:
        name: Key in :data:`Options` and the option's name on the command line.
        help: One line for ``--help``.
        formats: Registry keys of the exporters that read it.
        choices: Allowed values; empty for an on/off flag (its value is then ``True``).
        default: Value used when the option is not given.
    """

    name: str
    help: str
    formats: frozenset[str]
    choices: tuple[str, ...] = ()
    default: str | bool = False


class ExportError(Exception):
    """An exporter refused its input (e.g. two documents share a key the format needs unique).

    Nothing has been written when it is raised: outputs are atomic.
    """


class OutputRefused(ExportError):
    """The output name holds something that must not be replaced (a usage error, exit 2)."""


class Exporter(Protocol):
    """Writes documents in one format.

    ``layout`` says what one output is: ``"document"`` formats turn each document into one
    file's bytes (:meth:`dump`); ``"stream"`` formats write many documents into one file
    (JSONL); ``"bundle"`` formats write many documents into a directory or archive.
    """

    @property
    def name(self) -> str:
        """Registry key, e.g. ``jsonld``."""

    @property
    def description(self) -> str:
        """One line for ``--help``."""

    @property
    def suffix(self) -> str:
        """File suffix of one output, e.g. ``.jsonld``."""

    @property
    def layout(self) -> Literal["document", "stream", "bundle"]:
        """What one output holds (see the class docstring)."""

    def dump(self, document: Document, options: Options) -> bytes:
        """Return the bytes of one document in this format (``document`` layout)."""
        ...

    def write(self, documents: Iterable[Document], target: Path, options: Options) -> None:
        """Write many documents to ``target`` atomically (``stream`` and ``bundle`` layouts)."""
        ...


class Importer(Protocol):
    """Reads documents from one format back into the canonical model."""

    @property
    def name(self) -> str:
        """Registry key."""

    @property
    def suffixes(self) -> tuple[str, ...]:
        """File suffixes this importer reads (``"/"`` for a directory bundle)."""

    def read(self, path: Path, options: Options) -> Iterator[Loaded]:
        """Yield each document (or the located findings that stopped it) from ``path``."""
        ...

    def read_bytes(self, data: bytes, name: str, options: Options) -> Iterator[Loaded]:
        """Yield each document from bytes already in memory (stdin)."""
        ...


class BundleParts(Protocol):
    """A bundle format written in parts, by many workers (``--engine dask``).

    Each part is a whole table file per table (with its header), written by
    :meth:`write_parts`; :meth:`write_descriptor` then writes the one ``datapackage.json``
    that lists every table's parts in order.
    """

    @property
    def extension(self) -> str:
        """Suffix of a table file, without the dot (``csv``)."""

    def write_parts(
        self, documents: Iterable[Document], files: Mapping[str, Path], options: Options
    ) -> None:
        """Write the rows of ``documents`` into one file per table (``files`` by table name)."""
        ...

    def write_descriptor(
        self, directory: Path, options: Options, parts: Mapping[str, list[str]] | None
    ) -> None:
        """Write ``datapackage.json`` into ``directory`` (``parts``: file names per table)."""
        ...
