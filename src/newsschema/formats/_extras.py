"""Importing an optional extra's module, or saying which extra to install."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from newsschema.formats._base import ExportError

__all__ = ["MissingExtra", "extra"]


class MissingExtra(ExportError, ImportError):
    """A format needs an extra that is not installed (refused like any export, exit 2)."""


@contextlib.contextmanager
def extra(name: str, option: str) -> Iterator[None]:
    """Turn an ImportError of the imports inside into one that names the extra to install.

    The imports stay literal at the call site (``with extra(...): import cassis``), so every
    module the package can import is written out.

    Raises:
        MissingExtra: an import inside failed; the message names ``option`` and the extra.
    """
    try:
        yield
    except ImportError as exc:
        raise MissingExtra(
            f"{option} needs the {name} extra: pip install 'newsschema[{name}]'"
        ) from exc
