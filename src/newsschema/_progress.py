"""Progress on a terminal for ``validate`` and ``convert``: count, rate and elapsed time.

Drawn on standard error only when it is a terminal, so logs and pipes stay clean; the bar is
removed when the run ends. rich is imported only when a bar is drawn
(:mod:`newsschema._progress_bar`): a run whose standard error is not a terminal never loads it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

__all__ = ["Meter", "meter"]


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
    from newsschema._progress_bar import progress_bar

    with progress_bar(total_bytes) as bar:
        task = bar.add_task(verb, total=total_bytes or None, documents=0)
        yield Meter(bar, task)
