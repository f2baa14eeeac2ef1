"""Reporters render a :class:`~newsschema.report.Report`; they never decide anything.

Each reporter is one module with a ``render(report, stream)`` function and is registered here by
name; the CLI's ``--format`` choices are this registry's keys. A reporter's module is imported
when it first renders, so that listing the names (``--help``) or using one reporter does not
load the others (the GitHub and SARIF ones need the rules registry).
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING, Protocol, TextIO

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


def _on_first_use(name: str) -> Reporter:
    """A reporter that imports ``newsschema.reporters.<name>`` when it first renders."""

    def render(report: Report, stream: TextIO, /) -> None:
        loaded: Reporter = _module(name).render
        loaded(report, stream)

    render.__doc__ = f"Render with :func:`newsschema.reporters.{name}.render`."
    return render


REPORTERS: dict[str, Reporter] = {
    name: _on_first_use(name) for name in ("text", "json", "github", "sarif", "junit")
}
"""Reporters by ``--format`` name."""
