"""Execution engines: where ``validate`` and ``convert`` run, keyed by ``--engine`` name.

An engine only schedules: it is an ordered-map executor configured when it is built, and the
work is the one core of :mod:`newsschema.validation` (plan the units, run each, merge the
chunks in input order). ``local`` runs in this process and ``jobs`` worker processes;
``dask`` runs on a Dask cluster (the ``dask`` extra), at the scheduler address it is built
with, or on a local cluster it starts. Both give the same report and the same outputs, in the
same order. Another engine (Ray, Spark) is one module with an executor and one entry here.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from newsschema._engine import Conversion, Engine
from newsschema._engine_errors import EngineUnavailable
from newsschema._parallel import Executor, LocalExecutor
from newsschema.validation import Check, Progress

if TYPE_CHECKING:
    # convert imports the format registry and the formats it uses: only convert loads it.
    from newsschema.convert import ConvertResult

__all__ = [
    "ENGINES",
    "Conversion",
    "Engine",
    "EngineFactory",
    "EngineUnavailable",
    "LocalEngine",
    "build_engine",
]


class EngineFactory(Protocol):
    """Builds an engine; raises :class:`EngineUnavailable` when it cannot run as asked."""

    def __call__(self, *, jobs: int | None, scheduler: str | None) -> Engine:
        """Return the engine for ``jobs`` workers (None: its default) or a Dask ``scheduler``."""
        ...


@dataclass(frozen=True, slots=True)
class LocalEngine(Engine):
    """This process, or ``jobs`` worker processes on this machine."""

    jobs: int = 1
    name = "local"

    def executor(self) -> AbstractContextManager[Executor]:
        """This process, or ``jobs`` worker processes (started per map, nothing to open)."""
        return contextlib.nullcontext(LocalExecutor(self.jobs))

    def run_conversion(
        self, conversion: Conversion, checks: Sequence[Check], progress: Progress | None
    ) -> tuple[ConvertResult, bytes | None]:
        """Convert on this machine, checking canonical input on this engine's executor."""
        from newsschema.convert import convert as local_convert

        with self.executor() as executor:
            return conversion.run(
                local_convert, checks=checks, executor=executor, progress=progress
            )


def _local(*, jobs: int | None, scheduler: str | None) -> Engine:
    if scheduler is not None:
        raise EngineUnavailable("--scheduler applies only to --engine dask")
    return LocalEngine(jobs or 1)


def _dask(*, jobs: int | None, scheduler: str | None) -> Engine:
    """Build the Dask engine; :mod:`newsschema.dask` needs the optional ``dask`` extra.

    This is the one place the extra is imported, so that everything else works without it.

    Raises:
        EngineUnavailable: the extra is not installed.
    """
    try:
        # The optional extra, imported here only, so that the CLI starts without it.
        from newsschema import dask as module
    except ImportError as exc:
        raise EngineUnavailable(
            f"--engine dask needs the dask extra ({exc.name or exc} is missing): "
            "pip install 'newsschema[dask]'"
        ) from exc
    if jobs is not None and scheduler is not None:
        # A running cluster has the workers it was started with: a number here would be ignored.
        raise EngineUnavailable(
            "--jobs sets the workers of the local Dask cluster; with --scheduler the cluster "
            "has its own workers (leave out --jobs)"
        )
    engine: Engine = module.DaskEngine(scheduler, workers=jobs)
    return engine


ENGINES: dict[str, EngineFactory] = {"local": _local, "dask": _dask}
"""Engine factories by ``--engine`` name."""


def build_engine(name: str, *, jobs: int | None = None, scheduler: str | None = None) -> Engine:
    """Build the engine ``name`` for ``jobs`` workers or the Dask ``scheduler``.

    ``jobs`` lives here only: the local engine's worker processes, or the workers of the
    local cluster the Dask engine starts (None: one process locally, one per CPU on Dask).

    Raises:
        EngineUnavailable: the engine cannot run as asked (its extra is missing, or an option
            does not apply to it).
    """
    return ENGINES[name](jobs=jobs, scheduler=scheduler)
