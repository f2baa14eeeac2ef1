"""What every format module shares: command-line options and the errors an exporter raises.

The shapes a format implements are in :mod:`newsschema.formats._protocols`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["IMPORT_SUFFIXES", "ExportError", "ExportOption", "Format", "Options", "OutputRefused"]

Options = Mapping[str, Any]
"""Format-specific options from the command line (e.g. ``markup`` for HTML).

Importers also read ``labels`` and ``set`` (``--labels``, ``--set``), ``meta`` (a
:class:`~newsschema.formats.metadata.MetaTable`, ``--meta``/``--meta-map``) and
``companions``: the paths of every folder input of the run, where the brat importer looks for
the texts of annotation files (``convert ANN_DIR TEXT_DIR --from brat``).
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


class ExportError(Exception):
    """An exporter refused its input (e.g. two documents share a key the format needs unique).

    Nothing has been written when it is raised: outputs are atomic.
    """


class OutputRefused(ExportError):
    """The output name holds something that must not be replaced (a usage error, exit 2)."""
