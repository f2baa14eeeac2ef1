"""Importing an optional extra's module, or saying which extra to install."""

from __future__ import annotations

import importlib
from types import ModuleType

from newsschema.formats._base import ExportError

__all__ = ["MissingExtra", "require"]


class MissingExtra(ExportError, ImportError):
    """A format needs an extra that is not installed (refused like any export, exit 2)."""


def require(module: str, extra: str, option: str) -> ModuleType:
    """Import ``module`` of the optional ``extra`` that the format behind ``option`` needs.

    Raises:
        MissingExtra: it is not installed; the message names the extra to install.
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtra(
            f"{option} needs the {extra} extra: pip install 'newsschema[{extra}]'"
        ) from exc
