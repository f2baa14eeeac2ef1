"""The rich progress bar behind :func:`newsschema._progress.meter` (imported only to draw it)."""

from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

__all__ = ["progress_bar"]


class _Rate(ProgressColumn):
    """Documents per second so far."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        documents = int(task.fields.get("documents", 0))
        rate = documents / elapsed if elapsed > 0 else 0.0
        return Text(f"{rate:,.0f} doc/s", style="progress.data.speed")


def progress_bar(total_bytes: int | None) -> Progress:
    """A transient bar on standard error: bytes (when the total is known), documents, rate, time."""
    columns: list[ProgressColumn | str] = [TextColumn("{task.description}")]
    if total_bytes:
        columns += [BarColumn(), DownloadColumn()]
    columns += [
        TextColumn("{task.fields[documents]:,} documents"),
        _Rate(),
        TimeElapsedColumn(),
    ]
    return Progress(*columns, console=Console(stderr=True), transient=True)
