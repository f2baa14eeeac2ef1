"""Executors: ordered maps that engines schedule units with; the local one is a process pool.

The pool is ordered and bounded: results come back in submission order.

Workers start as cheaply as the platform allows: forked from this process when it runs no other
thread (no import cost, and fork is only unsafe with threads), otherwise forked from a server
process that has already imported newsschema, and spawned where neither exists. At most
``window`` tasks are in flight, so memory stays flat however many tasks there are.
"""

from __future__ import annotations

import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:  # the pool machinery is imported only when a pool is started (--jobs 2+)
    import multiprocessing.context

__all__ = ["Executor", "LocalExecutor", "Pending", "in_order", "ordered_map"]

T = TypeVar("T")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)


def _context() -> multiprocessing.context.BaseContext:
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1 and sys.platform != "darwin":
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["newsschema.validation"])
        return context
    return multiprocessing.get_context("spawn")


def ordered_map(
    function: Callable[[T], R], tasks: Iterable[T], *, jobs: int, window: int | None = None
) -> Iterator[R]:
    """Yield ``function(task)`` for every task, in order, computed by ``jobs`` processes.

    Closing the iterator early cancels the tasks not yet started.
    """
    from concurrent.futures import ProcessPoolExecutor

    window = window or 4 * jobs
    # Forked workers flush the standard streams they inherit: empty them first, or text the
    # caller has not flushed yet would be written once more by every worker.
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context()) as pool:
        yield from in_order(lambda task: pool.submit(function, task), tasks, window=window)


class Pending(Protocol[R_co]):
    """A submitted task (a process-pool future, a Dask future): its result, or cancel it."""

    def result(self) -> R_co:
        """Wait for the task and return its result."""
        ...

    def cancel(self) -> object:
        """Cancel the task if it has not started."""
        ...


def in_order(submit: Callable[[T], Pending[R]], tasks: Iterable[T], *, window: int) -> Iterator[R]:
    """Yield the result of every submitted task in task order, with ``window`` in flight.

    Closing the iterator early cancels the tasks still pending. Used by every executor, so that
    ordering, the memory bound and cancellation are written once.
    """
    pending: deque[Pending[R]] = deque()
    try:
        for task in tasks:
            pending.append(submit(task))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()


class Executor(Protocol):
    """Runs a function over tasks and yields the results in task order (an engine's scheduler).

    An engine is an executor configured when it is built: this process, ``jobs`` local worker
    processes, or a cluster. The work itself (:func:`newsschema.validation.run`) is the same.
    """

    @property
    def in_process(self) -> bool:
        """True when tasks run in this process (callbacks may then be passed to the work)."""
        ...

    @property
    def workers(self) -> int:
        """How many tasks run at once (how finely the work is worth cutting)."""
        ...

    def map(self, function: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        """Yield ``function(task)`` for every task, in order; closing early stops the rest."""
        ...


@dataclass(frozen=True, slots=True)
class LocalExecutor:
    """This process (``jobs`` below 2) or ``jobs`` worker processes (:func:`ordered_map`)."""

    jobs: int = 1

    @property
    def in_process(self) -> bool:
        """True for one job: everything runs here."""
        return self.jobs < 2

    @property
    def workers(self) -> int:
        """The number of jobs."""
        return self.jobs

    def map(self, function: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        """Map in this process, or on a bounded pool of ``jobs`` processes, in order."""
        if self.in_process:
            return map(function, tasks)
        return ordered_map(function, tasks, jobs=self.jobs)
