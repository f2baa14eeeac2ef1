"""The shapes a format takes: one small protocol per shape, named for it.

A format module implements the shapes it has and no others (a class may implement an exporter
shape and :class:`Importer`, as the canonical JSON format does):

- :class:`DocumentExporter`: one document is one file (``json``, ``jsonld``, ``html``...).
- :class:`StreamExporter`: many documents are one file, a record per document in input order
  (``jsonl``, ``doccano``); the caller writes the stream, so a stream can go to standard
  output, to an atomic file, or be cut into parts.
- :class:`BundleExporter`: many documents are one directory, archive or whole binary file
  (``csv``, ``brat``, ``spacy``...), written atomically by :meth:`BundleExporter.write`.
- :class:`Importer`: reads a format back into the canonical model.
- :class:`BundleParts`: a bundle that many workers write in parts, then one descriptor.

Every exporter says its shape in ``layout``, so code that holds an :data:`Exporter` (the union
of the three) dispatches with ``if exporter.layout == "document":`` and the type checker
narrows it to that shape. The protocols are runtime-checkable, so ``isinstance`` tells whether
an object has a shape's members (it cannot tell a document exporter from a stream exporter:
their members are the same, only ``layout`` and what ``dump`` returns differ).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol, runtime_checkable

from newsschema.formats._base import GivenOptions

if TYPE_CHECKING:
    # Annotations only: the registry (and `convert --help`) must not build the models.
    from newsschema.loader import Loaded
    from newsschema.models import Document

__all__ = [
    "BundleExporter",
    "BundleParts",
    "Described",
    "DocumentExporter",
    "Exporter",
    "Importer",
    "Layout",
    "StreamExporter",
]

Layout = Literal["document", "stream", "bundle"]
"""What one output of an exporter holds: one document, a stream of them, or a bundle."""


class Described(Protocol):
    """What ``--help`` and output naming know of an exporter: its name, line and suffix."""

    @property
    def name(self) -> str:
        """Registry key, e.g. ``jsonld``."""

    @property
    def description(self) -> str:
        """One line for ``--help``."""

    @property
    def suffix(self) -> str:
        """Suffix of an output (``.jsonld``; ``""`` for a directory or archive named as given)."""


@runtime_checkable
class DocumentExporter(Described, Protocol):
    """Turns one document into the bytes of one file (``layout`` ``"document"``)."""

    @property
    def layout(self) -> Literal["document"]:
        """Always ``"document"``: one file per document."""

    def dump(self, document: Document, options: GivenOptions) -> bytes:
        """Return the bytes of the file that holds ``document``."""
        ...


@runtime_checkable
class StreamExporter(Described, Protocol):
    """Writes many documents into one file as records in input order (``layout`` ``"stream"``).

    The file is the concatenation of the records :meth:`dump` returns, nothing before, between
    or after them (JSON Lines): so it can be written as the documents arrive, in constant
    memory, and cut into parts anywhere between two records.
    """

    @property
    def layout(self) -> Literal["stream"]:
        """Always ``"stream"``: one file of records."""

    def dump(self, document: Document, options: GivenOptions) -> bytes:
        """Return the record of ``document`` (with its line end) as it stands in the stream."""
        ...


@runtime_checkable
class BundleExporter(Described, Protocol):
    """Writes many documents as one directory, archive or binary file (``layout`` ``"bundle"``)."""

    @property
    def layout(self) -> Literal["bundle"]:
        """Always ``"bundle"``: one output for all the documents."""

    def write(self, documents: Iterable[Document], target: Path, options: GivenOptions) -> None:
        """Write ``documents`` to ``target`` atomically: all of them, or nothing.

        Raises:
            ExportError: the documents cannot be written in this format (nothing is written).
        """
        ...


Exporter = DocumentExporter | StreamExporter | BundleExporter
"""Any exporter; its ``layout`` says which shape (and narrows the type)."""


@runtime_checkable
class Importer(Protocol):
    """Reads documents from one format back into the canonical model."""

    @property
    def name(self) -> str:
        """Registry key."""

    @property
    def suffixes(self) -> tuple[str, ...]:
        """File suffixes this importer reads (``"/"`` for a directory bundle)."""

    def read(self, path: Path, options: GivenOptions) -> Iterator[Loaded]:
        """Yield each document (or the located findings that stopped it) from ``path``."""
        ...

    def read_bytes(self, data: bytes, name: str, options: GivenOptions) -> Iterator[Loaded]:
        """Yield each document from bytes already in memory (stdin)."""
        ...


@runtime_checkable
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
        self, documents: Iterable[Document], files: Mapping[str, Path], options: GivenOptions
    ) -> None:
        """Write the rows of ``documents`` into one file per table (``files`` by table name)."""
        ...

    def write_descriptor(
        self, directory: Path, options: GivenOptions, parts: Mapping[str, list[str]] | None
    ) -> None:
        """Write ``datapackage.json`` into ``directory`` (``parts``: file names per table)."""
        ...
