"""Progress on a terminal for ``validate`` and ``convert``: count, rate and elapsed time.

Drawn on standard error only when it is a terminal, so logs and pipes stay clean; the bar is
removed when the run ends.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

__all__ = ["Meter", "meter"]


class _Rate(ProgressColumn):
    """Documents per second so far."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        documents = int(task.fields.get("documents", 0))
        rate = documents / elapsed if elapsed > 0 else 0.0
        return Text(f"{rate:,.0f} doc/s", style="progress.data.speed")


@dataclass
class Meter:
    """Callbacks that move a progress display (no-ops when nothing is drawn)."""

    bar: Progress | None = None
    task: TaskID | None = None
    documents: int = 0

    def advance_bytes(self, done: int) -> None:
        """Count ``done`` more input bytes."""
        if self.bar is not None and self.task is not None:
            self.bar.advance(self.task, done)

    def advance_documents(self, done: int) -> None:
        """Count ``done`` more documents."""
        self.documents += done
        if self.bar is not None and self.task is not None:
            self.bar.update(self.task, documents=self.documents)


@contextmanager
def meter(verb: str, total_bytes: int | None, *, show: bool) -> Iterator[Meter]:
    """Show ``verb``, the documents done, the rate and the elapsed time while the block runs.

    Args:
        verb: What is being done (``validating``).
        total_bytes: Input size, for a bar and a byte count; None when unknown.
        show: Draw anything at all (a terminal, and a format meant for people).
    """
    if not show:
        yield Meter()
        return
    columns: list[ProgressColumn | str] = [TextColumn("{task.description}")]
    if total_bytes:
        columns += [BarColumn(), DownloadColumn()]
    columns += [
        TextColumn("{task.fields[documents]:,} documents"),
        _Rate(),
        TimeElapsedColumn(),
    ]
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(verb, total=total_bytes or None, documents=0)
        yield Meter(bar, task)
