"""Format registry: exporters and importers keyed by name.

One module per format, each implementing the small protocols in :mod:`newsschema.formats._base`.
``newsschema convert --to/--from`` offers exactly the keys of these registries.

The registries are built on first use, so that importing this package or one of its light
modules (the table codes that the rules registry lists) does not import every format and its
dependencies (jsonschema, the HTML and table writers).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsschema.formats._base import (
    BundleParts,
    Exporter,
    ExportError,
    ExportOption,
    Importer,
    Options,
    OutputRefused,
)
from newsschema.formats._table_codes import TABLE_CODES
from newsschema.formats._tool_codes import TOOL_CODES

__all__ = [
    "BUNDLE_PARTS",
    "EXPORTERS",
    "EXPORT_OPTIONS",
    "IMPORTERS",
    "TABLE_CODES",
    "TOOL_CODES",
    "BundleParts",
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

if TYPE_CHECKING:
    EXPORTERS: dict[str, Exporter]
    """Exporters by ``--to`` name."""
    EXPORT_OPTIONS: dict[str, ExportOption]
    """Format-specific options by name; ``newsschema convert`` offers each as ``--NAME``."""
    IMPORTERS: dict[str, Importer]
    """Importers by ``--from`` name."""
    BUNDLE_PARTS: dict[str, BundleParts]
    """Bundle exporters that many workers write in parts, by ``--to`` name."""


def _registries() -> dict[str, Any]:
    from newsschema.formats import (
        brat,
        bundle_parts,
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

    exporters: dict[str, Exporter] = {
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
    options: dict[str, ExportOption] = {
        html.MARKUP.name: html.MARKUP,
        csv_bundle.EXCEL.name: csv_bundle.EXCEL,
    }
    importers: dict[str, Importer] = {
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
    parts: dict[str, BundleParts] = {
        "csv": bundle_parts.CSV_PARTS,
        "parquet": bundle_parts.PARQUET_PARTS,
    }
    return {
        "EXPORTERS": exporters,
        "EXPORT_OPTIONS": options,
        "IMPORTERS": importers,
        "BUNDLE_PARTS": parts,
    }


def __getattr__(name: str) -> Any:
    """Build the registries (importing every format module) when one is first asked for."""
    if name in ("EXPORTERS", "EXPORT_OPTIONS", "IMPORTERS", "BUNDLE_PARTS"):
        registries = _registries()
        globals().update(registries)  # built once: later lookups find plain module globals
        return registries[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _importers() -> dict[str, Importer]:
    importers: dict[str, Importer] = __getattr__("IMPORTERS")
    return importers


def _exporters() -> dict[str, Exporter]:
    exporters: dict[str, Exporter] = __getattr__("EXPORTERS")
    return exporters


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
        return _importers()[name]
    except KeyError:
        raise KeyError(
            f"no importer {name!r}; choose from {', '.join(sorted(_importers()))}"
        ) from None


def get_exporter(name: str) -> Exporter:
    """Return the exporter registered as ``name`` (e.g. ``labelstudio``).

    Raises:
        KeyError: no exporter has this name (the message lists them).
    """
    try:
        return _exporters()[name]
    except KeyError:
        raise KeyError(
            f"no exporter {name!r}; choose from {', '.join(sorted(_exporters()))}"
        ) from None


def importer_for_suffix(suffix: str) -> Importer | None:
    """Return the importer that reads files ending in ``suffix`` (e.g. ``.jsonl``), if any."""
    suffix = suffix.lower()
    for importer in _importers().values():
        if suffix in importer.suffixes:
            return importer
    return None


def importer_for_bundle(directory: Path) -> Importer | None:
    """Return the importer of a bundle directory, from the format its ``datapackage.json`` names."""
    from newsschema.formats._bundle_files import bundle_format

    importer = _importers().get(bundle_format(directory) or "")
    return importer if importer is not None and "/" in importer.suffixes else None
