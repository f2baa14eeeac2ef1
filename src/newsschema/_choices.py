"""A click choice whose values come from a registry that is imported only when they are needed.

Declaring ``--to`` with ``click.Choice(sorted(EXPORTERS))`` would import the format registry
whenever the CLI starts, ``--help`` and ``rules`` included; the registry is read here on the
first parse, completion or help of the option that offers it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import click

__all__ = ["RegistryChoice"]


class RegistryChoice(click.Choice[str]):
    """``click.Choice`` over ``names()``, called once, when the choices are first read."""

    def __init__(self, names: Callable[[], Iterable[str]]) -> None:
        self._names = names
        super().__init__(())
        self._loaded: tuple[str, ...] | None = None  # not the placeholder click.Choice set

    @property
    def choices(self) -> tuple[str, ...]:
        """The registry's names, sorted (read on first use)."""
        if self._loaded is None:
            self._loaded = tuple(sorted(self._names()))
        return self._loaded

    @choices.setter
    def choices(self, value: Iterable[str]) -> None:
        """Replace the choices (as on a plain ``click.Choice``); the registry is not read then."""
        self._loaded = tuple(value)
