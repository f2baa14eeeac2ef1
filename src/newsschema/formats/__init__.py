"""Format registry: exporters and importers keyed by name.

One module per format, each implementing the small protocols in :mod:`newsschema.formats._base`.
``newsschema convert --to/--from`` offers exactly the keys of these registries.
"""

from __future__ import annotations

from newsschema.formats import canonical, html, jsonld, schemaorg
from newsschema.formats._base import Exporter, ExportOption, Importer, Options

__all__ = [
    "EXPORTERS",
    "EXPORT_OPTIONS",
    "IMPORTERS",
    "ExportOption",
    "Exporter",
    "Importer",
    "Options",
    "importer_for_suffix",
]

EXPORTERS: dict[str, Exporter] = {
    "json": canonical.JSON,
    "jsonl": canonical.JSONL,
    "jsonld": jsonld.JSONLD,
    "schemaorg": schemaorg.SCHEMAORG,
    "html": html.HTML,
}
"""Exporters by ``--to`` name."""

EXPORT_OPTIONS: dict[str, ExportOption] = {
    html.MARKUP.name: html.MARKUP,
}
"""Format-specific options by name; ``newsschema convert`` offers each as ``--NAME``."""

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
