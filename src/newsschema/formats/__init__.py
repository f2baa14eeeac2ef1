"""Format registry: exporters and importers keyed by name.

One module per format, each implementing the small protocols in :mod:`newsschema.formats._base`.
``newsschema convert --to/--from`` offers exactly the keys of these registries.
"""

from __future__ import annotations

from pathlib import Path

from newsschema.formats import canonical, csv_bundle, parquet_bundle
from newsschema.formats._base import Exporter, ExportError, Importer, Options
from newsschema.formats._bundle_files import bundle_format

__all__ = [
    "EXPORTERS",
    "IMPORTERS",
    "ExportError",
    "Exporter",
    "Importer",
    "Options",
    "importer_for_bundle",
    "importer_for_suffix",
]

EXPORTERS: dict[str, Exporter] = {
    "json": canonical.JSON,
    "jsonl": canonical.JSONL,
    "csv": csv_bundle.CSV,
    "parquet": parquet_bundle.PARQUET,
}
"""Exporters by ``--to`` name."""

IMPORTERS: dict[str, Importer] = {
    "json": canonical.JSON,
    "jsonl": canonical.JSONL,
    "csv": csv_bundle.CSV,
    "parquet": parquet_bundle.PARQUET,
}
"""Importers by ``--from`` name."""


def importer_for_suffix(suffix: str) -> Importer | None:
    """Return the importer that reads files ending in ``suffix`` (e.g. ``.jsonl``), if any."""
    suffix = suffix.lower()
    for importer in IMPORTERS.values():
        if suffix in importer.suffixes:
            return importer
    return None


def importer_for_bundle(directory: Path) -> Importer | None:
    """Return the importer of a bundle directory, from the format its ``datapackage.json`` names."""
    importer = IMPORTERS.get(bundle_format(directory) or "")
    return importer if importer is not None and "/" in importer.suffixes else None
