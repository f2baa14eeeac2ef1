"""Reporters render a :class:`~newsschema.report.Report`; they never decide anything.

Each reporter is one module with a ``render(report, stream)`` function and is registered here by
name; the CLI's ``--format`` choices are this registry's keys.
"""

from __future__ import annotations

from typing import Protocol, TextIO

from newsschema.report import Report
from newsschema.reporters import github, json, junit, sarif, text

__all__ = ["REPORTERS", "Reporter"]


class Reporter(Protocol):
    """Renders a report to a text stream."""

    def __call__(self, report: Report, stream: TextIO, /) -> None:
        """Write ``report`` to ``stream``."""


REPORTERS: dict[str, Reporter] = {
    "text": text.render,
    "json": json.render,
    "github": github.render,
    "sarif": sarif.render,
    "junit": junit.render,
}
"""Reporters by ``--format`` name."""
