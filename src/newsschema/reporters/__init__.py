"""Reporters render a :class:`~newsschema.report.Report`; they never decide anything.

Each reporter is one module with a ``render(report, stream)`` function and is registered here by
name; the CLI's ``--format`` choices are this registry's keys. A reporter's module is imported
when its entry is first read, so that listing the names (``--help``) or using one reporter does
not load the others (the GitHub and SARIF ones need the rules registry).
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from types import ModuleType
from typing import TYPE_CHECKING, Protocol, TextIO

from newsschema._registry import LazyRegistry

if TYPE_CHECKING:
    from newsschema.report import Report

__all__ = ["REPORTERS", "Reporter"]


class Reporter(Protocol):
    """Renders a report to a text stream."""

    def __call__(self, report: Report, stream: TextIO, /) -> None:
        """Write ``report`` to ``stream``."""


def _module(name: str) -> ModuleType:
    """Import the reporter module ``name`` (written out, so the import graph sees it)."""
    if name == "text":
        from newsschema.reporters import text

        return text
    if name == "json":
        from newsschema.reporters import json

        return json
    if name == "github":
        from newsschema.reporters import github

        return github
    if name == "sarif":
        from newsschema.reporters import sarif

        return sarif
    from newsschema.reporters import junit

    return junit


def _render(name: str) -> Callable[[], Reporter]:
    """The loader of reporter ``name``: its module's ``render``, imported when first read."""

    def load() -> Reporter:
        render: Reporter = _module(name).render
        return render

    return load


REPORTERS: MutableMapping[str, Reporter] = LazyRegistry(
    {name: _render(name) for name in ("text", "json", "github", "sarif", "junit")}
)
"""Reporters by ``--format`` name (the same lazy registry as the formats' and the engines')."""
