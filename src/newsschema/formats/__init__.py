"""Format registry: exporters and importers keyed by name.

One module per format, each implementing the shapes it has among the small protocols of
:mod:`newsschema.formats._protocols` (a document, stream or bundle exporter; an importer).
``newsschema convert --to/--from`` offers exactly the keys of these registries.

The registries list every name up front but import a format module only when one of its entries
is read, so that a command imports the formats it uses and no others (``convert --to json``
loads the canonical format only, not jsonschema, rdflib or the table writers), and ``--help``
needs the names only.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

from newsschema._registry import LazyRegistry
from newsschema.codes import QUOTE_CODES, TABLE_CODES, TOOL_CODES
from newsschema.formats._base import (
    IMPORT_SUFFIXES,
    ExportError,
    Options,
    OutputRefused,
)
from newsschema.formats._export_options import (
    EXCEL,
    LAYERS,
    MARKUP,
    NO_FORMULA_ESCAPE,
    READ_OPTIONS,
    WRITE_OPTIONS,
    BratReadOptions,
    CsvOptions,
    DoccanoOptions,
    ExportOption,
    FormatOptions,
    GivenOptions,
    HtmlOptions,
    NoOptions,
    OptionError,
    QuoteReadOptions,
    ToolReadOptions,
    ToolWriteOptions,
    options_for,
)
from newsschema.formats._many import write_many
from newsschema.formats._protocols import (
    BundleExporter,
    BundleParts,
    DocumentExporter,
    Exporter,
    Importer,
    Layout,
    StreamExporter,
)

__all__ = [
    "BUNDLE_PARTS",
    "EXPORTERS",
    "EXPORT_OPTIONS",
    "IMPORTERS",
    "IMPORT_SUFFIXES",
    "QUOTE_CODES",
    "READ_OPTIONS",
    "TABLE_CODES",
    "TOOL_CODES",
    "WRITE_OPTIONS",
    "BratReadOptions",
    "BundleExporter",
    "BundleParts",
    "CsvOptions",
    "DoccanoOptions",
    "DocumentExporter",
    "ExportError",
    "ExportOption",
    "Exporter",
    "FormatOptions",
    "GivenOptions",
    "HtmlOptions",
    "Importer",
    "Layout",
    "NoOptions",
    "OptionError",
    "Options",
    "OutputRefused",
    "QuoteReadOptions",
    "StreamExporter",
    "ToolReadOptions",
    "ToolWriteOptions",
    "get_bundle_exporter",
    "get_document_exporter",
    "get_exporter",
    "get_importer",
    "importer_for_bundle",
    "importer_for_suffix",
    "options_for",
    "read_options_type",
    "write_many",
    "write_options_type",
]

T = TypeVar("T")

# One loader per format module, each importing its module by a name written out here (so the
# import graph stays visible to readers and tools), and called only when an entry is read.


def _brat() -> ModuleType:
    from newsschema.formats.tools import brat

    return brat


def _bundle_parts() -> ModuleType:
    from newsschema.formats.tables import bundle_parts

    return bundle_parts


def _canonical() -> ModuleType:
    from newsschema.formats import canonical

    return canonical


def _citron() -> ModuleType:
    from newsschema.formats.quotes import citron

    return citron


def _csv_bundle() -> ModuleType:
    from newsschema.formats.tables import csv_bundle

    return csv_bundle


def _doccano() -> ModuleType:
    from newsschema.formats.tools import doccano

    return doccano


def _ggt() -> ModuleType:
    from newsschema.formats.quotes import ggt

    return ggt


def _html() -> ModuleType:
    from newsschema.formats import html

    return html


def _inception() -> ModuleType:
    from newsschema.formats.tools import inception

    return inception


def _jsonld() -> ModuleType:
    from newsschema.formats import jsonld

    return jsonld


def _labelstudio() -> ModuleType:
    from newsschema.formats.tools import labelstudio

    return labelstudio


def _parquet_bundle() -> ModuleType:
    from newsschema.formats.tables import parquet_bundle

    return parquet_bundle


def _quotes() -> ModuleType:
    from newsschema.formats import quotes

    return quotes


def _rdf() -> ModuleType:
    from newsschema.formats.jsonld import rdf

    return rdf


def _schemaorg() -> ModuleType:
    from newsschema.formats import schemaorg

    return schemaorg


def _spacy_docbin() -> ModuleType:
    from newsschema.formats.tools import spacy_docbin

    return spacy_docbin


def _webannotation() -> ModuleType:
    from newsschema.formats.standards import webannotation

    return webannotation


def _ninjs() -> ModuleType:
    from newsschema.formats.standards import ninjs

    return ninjs


def _entry(module: Callable[[], ModuleType], attribute: str) -> Callable[[], Any]:
    """A loader of ``module().attribute`` (a registry value), importing the module when called."""
    return lambda: getattr(module(), attribute)


# The earlier paths of the formats that moved into their family's subpackage. Each is an alias:
# ``import newsschema.formats.brat`` gives the module ``newsschema.formats.tools.brat`` itself
# (the same object, imported by its loader above when first asked for), so documented imports
# keep working; no file stands at the old path, so the moves stay renames in git history.
_MOVED: Mapping[str, Callable[[], ModuleType]] = {
    "brat": _brat,
    "inception": _inception,
    "labelstudio": _labelstudio,
    "doccano": _doccano,
    "spacy_docbin": _spacy_docbin,
    "webannotation": _webannotation,
    "ninjs": _ninjs,
    "citron": _citron,
    "ggt": _ggt,
    "csv_bundle": _csv_bundle,
    "parquet_bundle": _parquet_bundle,
    "bundle_parts": _bundle_parts,
}

# The import system's spec class, taken from this module's own spec (importlib is not imported:
# no module of the package imports modules by computed names).
_Spec: Any = type(__spec__)


class _MovedModules:
    """Finds and loads an earlier path of :data:`_MOVED` as the module it now is."""

    def __init__(self) -> None:
        self._specs: dict[str, Any] = {}

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: Any = None) -> Any:
        """A spec for ``newsschema.formats.OLD``; None for any other name."""
        package, _, name = fullname.rpartition(".")
        if package != __name__ or name not in _MOVED:
            return None
        return _Spec(fullname, self)

    def create_module(self, spec: Any) -> ModuleType:
        """The moved module itself (imported now if it was not)."""
        module = _MOVED[spec.name.rpartition(".")[2]]()
        self._specs[module.__name__] = module.__spec__
        return module

    def exec_module(self, module: ModuleType) -> None:
        """Nothing to run; the import system gave the module the alias's spec: restore its own."""
        module.__spec__ = self._specs[module.__name__]


sys.meta_path.append(_MovedModules())


EXPORTERS: MutableMapping[str, Exporter] = LazyRegistry(
    {
        "json": _entry(_canonical, "JSON"),
        "jsonl": _entry(_canonical, "JSONL"),
        "jsonld": _entry(_jsonld, "JSONLD"),
        "schemaorg": _entry(_schemaorg, "SCHEMAORG"),
        "html": _entry(_html, "HTML"),
        "csv": _entry(_csv_bundle, "CSV"),
        "parquet": _entry(_parquet_bundle, "PARQUET"),
        "nquads": _entry(_rdf, "NQUADS"),
        "turtle": _entry(_rdf, "TURTLE"),
        "brat": _entry(_brat, "BRAT"),
        "inception": _entry(_inception, "INCEPTION"),
        "labelstudio": _entry(_labelstudio, "LABELSTUDIO"),
        "doccano": _entry(_doccano, "DOCCANO"),
        "spacy": _entry(_spacy_docbin, "SPACY"),
        "quotes": _entry(_quotes, "QUOTES"),
        "webannotation": _entry(_webannotation, "WEBANNOTATION"),
        "ninjs": _entry(_ninjs, "NINJS"),
    }
)
"""Exporters by ``--to`` name; a format module is imported when its entry is first read.

Each value is a :class:`DocumentExporter`, :class:`StreamExporter` or :class:`BundleExporter`;
its ``layout`` says which."""

IMPORTERS: MutableMapping[str, Importer] = LazyRegistry(
    {
        "json": _entry(_canonical, "JSON"),
        "jsonl": _entry(_canonical, "JSONL"),
        "jsonld": _entry(_jsonld, "JSONLD"),
        "csv": _entry(_csv_bundle, "CSV"),
        "parquet": _entry(_parquet_bundle, "PARQUET"),
        "brat": _entry(_brat, "BRAT"),
        "inception": _entry(_inception, "INCEPTION"),
        "labelstudio": _entry(_labelstudio, "LABELSTUDIO"),
        "doccano": _entry(_doccano, "DOCCANO"),
        "quotes": _entry(_quotes, "QUOTES"),
        "citron": _entry(_citron, "CITRON"),
        "ggt": _entry(_ggt, "GGT"),
        "webannotation": _entry(_webannotation, "WEBANNOTATION"),
    }
)
"""Importers by ``--from`` name; a format module is imported when its entry is first read."""

BUNDLE_PARTS: MutableMapping[str, BundleParts] = LazyRegistry(
    {
        "csv": _entry(_bundle_parts, "CSV_PARTS"),
        "parquet": _entry(_bundle_parts, "PARQUET_PARTS"),
    }
)
"""Bundle exporters that many workers write in parts, by ``--to`` name."""

# Built-in formats with no options need not be imported to say so.
_BUILT_IN_EXPORTERS = frozenset(EXPORTERS)

EXPORT_OPTIONS: Mapping[str, ExportOption] = {
    option.name: option for option in (MARKUP, EXCEL, NO_FORMULA_ESCAPE, LAYERS)
}
"""Format-specific options by name; ``newsschema convert`` offers each as ``--NAME``."""


def _importers() -> Mapping[str, Importer]:
    return IMPORTERS


def _exporters() -> Mapping[str, Exporter]:
    return EXPORTERS


def _suffixes(name: str) -> tuple[str, ...]:
    """The suffixes of importer ``name``: from the static table, or an importer registered later."""
    if name in IMPORT_SUFFIXES:
        return IMPORT_SUFFIXES[name]
    return _importers()[name].suffixes


def _named(registry: Mapping[str, T], kind: str, name: str) -> T:
    """Entry ``name`` of ``registry``; the KeyError for an unknown one lists the names."""
    try:
        return registry[name]
    except KeyError:
        raise KeyError(f"no {kind} {name!r}; choose from {', '.join(sorted(registry))}") from None


def read_options_type(name: str) -> type[FormatOptions]:
    """The options type importer ``name`` reads with.

    A built-in format's is in :data:`READ_OPTIONS` (no format module is imported); an
    importer registered later says its own as ``read_options`` (none: :class:`NoOptions`).
    """
    if name in READ_OPTIONS:
        return READ_OPTIONS[name]
    importer = _importers().get(name) if name not in IMPORT_SUFFIXES else None
    kind = getattr(importer, "read_options", NoOptions)
    return kind if isinstance(kind, type) and issubclass(kind, FormatOptions) else NoOptions


def write_options_type(name: str) -> type[FormatOptions]:
    """The options type exporter ``name`` writes with (as :func:`read_options_type`)."""
    if name in WRITE_OPTIONS:
        return WRITE_OPTIONS[name]
    exporter = _exporters().get(name) if name not in _BUILT_IN_EXPORTERS else None
    kind = getattr(exporter, "write_options", NoOptions)
    return kind if isinstance(kind, type) and issubclass(kind, FormatOptions) else NoOptions


def get_importer(name: str) -> Importer:
    """Return the importer registered as ``name`` (e.g. ``brat``).

    Its ``read(path, options)`` and ``read_bytes(data, name, options)`` yield
    :class:`~newsschema.loader.Loaded` results; ``options`` is the importer's options type
    (:func:`read_options_type`, e.g. :class:`ToolReadOptions` with ``labels`` and
    ``settings``), or a mapping of the same names (``{"labels": "attribution", "set":
    {"article.language": "en"}}``) that it converts, refusing names it does not take.

    Raises:
        KeyError: no importer has this name (the message lists them).
    """
    return _named(_importers(), "importer", name)


def get_exporter(name: str) -> Exporter:
    """Return the exporter registered as ``name`` (e.g. ``labelstudio``).

    Its ``layout`` says its shape: ``"document"`` (``dump`` one document to one file's bytes),
    ``"stream"`` (``dump`` one record of a stream) or ``"bundle"`` (``write`` all documents to
    one target); :func:`write_many` writes a stream or a bundle to a path.

    Raises:
        KeyError: no exporter has this name (the message lists them).
    """
    return _named(_exporters(), "exporter", name)


def _wrong_shape(exporter: Exporter, wanted: str) -> KeyError:
    return KeyError(f"exporter {exporter.name!r} writes a {exporter.layout}, not {wanted}")


def get_document_exporter(name: str) -> DocumentExporter:
    """Return the exporter ``name`` if it writes one file per document (its ``dump`` is the file).

    Raises:
        KeyError: no exporter has this name, or it is a stream or bundle exporter.
    """
    exporter = get_exporter(name)
    if exporter.layout == "document":
        return exporter
    raise _wrong_shape(exporter, "one file per document")


def get_bundle_exporter(name: str) -> BundleExporter:
    """Return the exporter ``name`` if it writes all documents to one directory, archive or file.

    Raises:
        KeyError: no exporter has this name, or it writes one file per document or a stream.
    """
    exporter = get_exporter(name)
    if exporter.layout == "bundle":
        return exporter
    raise _wrong_shape(exporter, "a bundle")


def importer_for_suffix(suffix: str) -> Importer | None:
    """Return the importer that reads files ending in ``suffix`` (e.g. ``.jsonl``), if any."""
    suffix = suffix.lower()
    for name in _importers():
        if suffix in _suffixes(name):
            return _importers()[name]
    return None


def importer_for_bundle(directory: Path) -> Importer | None:
    """Return the importer of a bundle directory, from the format its ``datapackage.json`` names."""
    from newsschema.formats._bundle_files import bundle_format

    name = bundle_format(directory) or ""
    if name not in _importers() or "/" not in _suffixes(name):
        return None
    return _importers()[name]
