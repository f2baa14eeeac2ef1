"""Format registry: exporters and importers keyed by name.

One module per format, each implementing the small protocols in :mod:`newsschema.formats._base`.
``newsschema convert --to/--from`` offers exactly the keys of these registries.
"""

from __future__ import annotations

from pathlib import Path

from newsschema.formats import (
    brat,
    canonical,
    csv_bundle,
    doccano,
    html,
    inception,
    jsonld,
    labelstudio,
    parquet_bundle,
    rdf,
    schemaorg,
    spacy_docbin,
)
from newsschema.formats._base import (
    Exporter,
    ExportError,
    ExportOption,
    Importer,
    Options,
    OutputRefused,
)
from newsschema.formats._bundle_files import bundle_format

__all__ = [
    "EXPORTERS",
    "EXPORT_OPTIONS",
    "IMPORTERS",
    "ExportError",
    "ExportOption",
    "Exporter",
    "Importer",
    "Options",
    "OutputRefused",
    "get_exporter",
    "get_importer",
    "importer_for_bundle",
    "importer_for_suffix",
]

EXPORTERS: dict[str, Exporter] = {
    "json": canonical.JSON,
    "jsonl": canonical.JSONL,
    "jsonld": jsonld.JSONLD,
    "schemaorg": schemaorg.SCHEMAORG,
    "html": html.HTML,
    "csv": csv_bundle.CSV,
    "parquet": parquet_bundle.PARQUET,
    "nquads": rdf.NQUADS,
    "turtle": rdf.TURTLE,
    "brat": brat.BRAT,
    "inception": inception.INCEPTION,
    "labelstudio": labelstudio.LABELSTUDIO,
    "doccano": doccano.DOCCANO,
    "spacy": spacy_docbin.SPACY,
}
"""Exporters by ``--to`` name."""

EXPORT_OPTIONS: dict[str, ExportOption] = {
    html.MARKUP.name: html.MARKUP,
    csv_bundle.EXCEL.name: csv_bundle.EXCEL,
}
"""Format-specific options by name; ``newsschema convert`` offers each as ``--NAME``."""

IMPORTERS: dict[str, Importer] = {
    "json": canonical.JSON,
    "jsonl": canonical.JSONL,
    "jsonld": jsonld.JSONLD,
    "csv": csv_bundle.CSV,
    "parquet": parquet_bundle.PARQUET,
    "brat": brat.BRAT,
    "inception": inception.INCEPTION,
    "labelstudio": labelstudio.LABELSTUDIO,
    "doccano": doccano.DOCCANO,
}
"""Importers by ``--from`` name."""


def get_importer(name: str) -> Importer:
    """Return the importer registered as ``name`` (e.g. ``brat``).

    Its ``read(path, options)`` and ``read_bytes(data, name, options)`` yield
    :class:`~newsschema.loader.Loaded` results; options ``labels`` (a name, a TOML path or a
    :class:`~newsschema.formats.labels.LabelMap`) and ``set`` (``{"article.language": "en"}``)
    apply to the annotation-tool formats.

    Raises:
        KeyError: no importer has this name (the message lists them).
    """
    try:
        return IMPORTERS[name]
    except KeyError:
        raise KeyError(
            f"no importer {name!r}; choose from {', '.join(sorted(IMPORTERS))}"
        ) from None


def get_exporter(name: str) -> Exporter:
    """Return the exporter registered as ``name`` (e.g. ``labelstudio``).

    Raises:
        KeyError: no exporter has this name (the message lists them).
    """
    try:
        return EXPORTERS[name]
    except KeyError:
        raise KeyError(
            f"no exporter {name!r}; choose from {', '.join(sorted(EXPORTERS))}"
        ) from None


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
