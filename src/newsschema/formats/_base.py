"""What every format module shares: its options, its registry data and the errors it raises.

The shapes a format implements are in :mod:`newsschema.formats._protocols`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from newsschema.formats._export_options import (
    READ_OPTIONS,
    WRITE_OPTIONS,
    ExportOption,
    FormatOptions,
    GivenOptions,
    NoOptions,
)

__all__ = [
    "IMPORT_SUFFIXES",
    "ExportError",
    "ExportOption",
    "Format",
    "GivenOptions",
    "Options",
    "OutputRefused",
]

Options = FormatOptions
"""A format's options: a frozen dataclass of its family (see
:mod:`newsschema.formats._export_options`; e.g. ``HtmlOptions(markup="microdata")``).

A format's verbs also take a mapping (:data:`GivenOptions`), for the documented library calls
that pass one (``{"labels": "attribution", "set": {"article.language": "en"}}``); it is
converted by the format's options type, which refuses names it does not have.
"""


IMPORT_SUFFIXES: Mapping[str, tuple[str, ...]] = {
    "json": (".json",),
    "jsonl": (".jsonl", ".ndjson"),
    "jsonld": (".jsonld",),
    "csv": ("/", ".zip"),
    "parquet": ("/",),
    "brat": ("/",),
    "inception": (".xmi",),
    # A folder (what --to labelstudio writes) is one input: its tasks files are read.
    "labelstudio": ("/",),
    "doccano": (".jsonl",),
    "quotes": (),
    "citron": (),
    "ggt": (),
    "webannotation": (".jsonld", ".json"),
}
"""The file suffixes each importer reads (``"/"``: a directory bundle), by registry name.

The one place they are written: a :class:`Format` reads its own here, and choosing an importer
by file name reads this table, so only the chosen format module is imported."""


@dataclass(frozen=True)
class Format:
    """What the registries and ``--help`` know of a format, as data given when it is built.

    A format class adds its ``layout`` and the verbs of its shapes
    (:mod:`newsschema.formats._protocols`).

    Attributes:
        name: Registry key, e.g. ``jsonld``.
        description: One line for ``--help``.
        suffix: Suffix of an output (``""``: a directory or archive named as given).
    """

    name: str
    description: str
    suffix: str = ""

    @property
    def suffixes(self) -> tuple[str, ...]:
        """Suffixes an importer of this name reads: its entry in :data:`IMPORT_SUFFIXES`."""
        return IMPORT_SUFFIXES.get(self.name, ())

    @property
    def read_options(self) -> type[FormatOptions]:
        """The options type an importer of this name reads with: its entry in ``READ_OPTIONS``."""
        return READ_OPTIONS.get(self.name, NoOptions)

    @property
    def write_options(self) -> type[FormatOptions]:
        """The options type an exporter of this name writes with: its ``WRITE_OPTIONS`` entry."""
        return WRITE_OPTIONS.get(self.name, NoOptions)


class ExportError(Exception):
    """An exporter refused its input (e.g. two documents share a key the format needs unique).

    Nothing has been written when it is raised: outputs are atomic.
    """


class OutputRefused(ExportError):
    """The output name holds something that must not be replaced (a usage error, exit 2)."""
