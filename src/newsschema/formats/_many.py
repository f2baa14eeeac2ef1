"""Writing many documents to one named output, whatever the exporter's shape."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from newsschema.formats._base import GivenOptions
from newsschema.formats._protocols import BundleExporter, StreamExporter

if TYPE_CHECKING:
    from newsschema.models import Document

__all__ = ["write_many"]


def write_many(
    exporter: StreamExporter | BundleExporter,
    documents: Iterable[Document],
    target: Path,
    options: GivenOptions,
) -> None:
    """Write ``documents`` to ``target`` atomically with a stream or bundle exporter.

    A stream is written record by record as the documents arrive (constant memory); a bundle
    is written by its exporter. Either way nothing is left at ``target`` if it fails.

    Raises:
        ExportError: the exporter refused the documents (nothing is written).
    """
    # Converted once, not for every record (a mapping may name a label file).
    kind = getattr(exporter, "write_options", None)
    if kind is not None:
        options = kind.of(options)
    if exporter.layout == "bundle":
        exporter.write(documents, target, options)
        return
    # Imported here: the registry (and `validate`, which reads its codes) must not load it.
    from newsschema._atomic import atomic_open

    with atomic_open(target) as handle:
        for document in documents:
            handle.write(exporter.dump(document, options))
