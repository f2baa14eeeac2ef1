"""What every format module shares: command-line options and the errors an exporter raises.

The shapes a format implements are in :mod:`newsschema.formats.protocols`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["ExportError", "ExportOption", "Options", "OutputRefused"]

Options = Mapping[str, Any]
"""Format-specific options from the command line (e.g. ``markup`` for HTML)."""


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


class ExportError(Exception):
    """An exporter refused its input (e.g. two documents share a key the format needs unique).

    Nothing has been written when it is raised: outputs are atomic.
    """


class OutputRefused(ExportError):
    """The output name holds something that must not be replaced (a usage error, exit 2)."""
