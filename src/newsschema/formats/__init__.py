"""Format registry: exporters and importers keyed by name.

One module per format, each implementing the small protocols in :mod:`newsschema.formats._base`.
``newsschema convert --to/--from`` offers exactly the keys of these registries.
"""

from __future__ import annotations

from newsschema.formats import canonical, jsonld
from newsschema.formats._base import Exporter, Importer, Options

__all__ = ["EXPORTERS", "IMPORTERS", "Exporter", "Importer", "Options", "importer_for_suffix"]

EXPORTERS: dict[str, Exporter] = {
    "json": canonical.JSON,
    "jsonl": canonical.JSONL,
    "jsonld": jsonld.JSONLD,
}
"""Exporters by ``--to`` name."""

IMPORTERS: dict[str, Importer] = {
    "json": canonical.JSON,
    "jsonl": canonical.JSONL,
    "jsonld": jsonld.JSONLD,
}
"""Importers by ``--from`` name."""


def importer_for_suffix(suffix: str) -> Importer | None:
    """Return the importer that reads files ending in ``suffix`` (e.g. ``.jsonl``), if any."""
    suffix = suffix.lower()
    for importer in IMPORTERS.values():
        if suffix in importer.suffixes:
            return importer
    return None
