"""The one registry mechanism: a mapping whose values are loaded on first access, by key.

Formats (``formats.EXPORTERS``, ``IMPORTERS``, ``BUNDLE_PARTS``), reporters
(``reporters.REPORTERS``) and engines (``engines.ENGINES``) are registries of this kind: every
name is known up front (for ``--to``/``--from``/``--format``/``--engine`` choices and error
messages), and a module is imported only when its entry is read, so that a command pays for
what it uses and no more.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, MutableMapping
from typing import TypeVar

__all__ = ["LazyRegistry"]

T = TypeVar("T")


class LazyRegistry(MutableMapping[str, T]):
    """Names known now; each value built by its loader the first time it is read.

    Iterating, ``len`` and ``in`` use the names only; reading a value (``[]``, ``get``,
    ``values``, ``items``) loads it, once. Setting an entry registers a value already built
    (an extension's format, a test's stand-in); deleting one removes it.
    """

    __slots__ = ("_loaded", "_loaders")

    def __init__(self, loaders: Mapping[str, Callable[[], T]]) -> None:
        self._loaders = dict(loaders)
        self._loaded: dict[str, T] = {}

    def __getitem__(self, name: str) -> T:
        try:
            return self._loaded[name]
        except KeyError:
            value = self._loaders[name]()  # KeyError for an unknown name, as a dict would
            self._loaded[name] = value
            return value

    def __setitem__(self, name: str, value: T) -> None:
        self._loaders[name] = lambda: value
        self._loaded[name] = value

    def __delitem__(self, name: str) -> None:
        del self._loaders[name]
        self._loaded.pop(name, None)

    def __contains__(self, name: object) -> bool:
        return name in self._loaders

    def __iter__(self) -> Iterator[str]:
        return iter(self._loaders)

    def __len__(self) -> int:
        return len(self._loaders)

    def __repr__(self) -> str:
        return f"LazyRegistry({sorted(self._loaders)!r})"
