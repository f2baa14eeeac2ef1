"""Execution engines: where ``validate`` and ``convert`` run, keyed by ``--engine`` name.

An engine only schedules: it is an ordered-map executor configured when it is built, and the
work is the one core of :mod:`newsschema.validation` (plan the units, run each, merge the
chunks in input order). ``local`` runs in this process and ``jobs`` worker processes;
``dask`` runs on a Dask cluster (the ``dask`` extra), at the scheduler address it is built
with, or on a local cluster it starts. Both give the same report and the same outputs, in the
same order. Another engine (Ray, Spark) is one module with an executor and one entry here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from newsschema._engine_errors import EngineUnavailable
from newsschema._inputs import Input
from newsschema._parallel import LocalExecutor
from newsschema.config import Settings
from newsschema.report import Report
from newsschema.validation import Found, Progress, validate_inputs

if TYPE_CHECKING:
    # convert imports the format registry and the formats it uses: only convert loads it.
    from newsschema.convert import ConvertResult
    from newsschema.formats import Options

__all__ = ["ENGINES", "Engine", "EngineFactory", "EngineUnavailable", "LocalEngine", "build_engine"]


class Engine(Protocol):
    """Runs validation and conversion; where it runs was fixed when it was built."""

    @property
    def name(self) -> str:
        """Registry key."""

    def validate(
        self,
        inputs: Sequence[Input],
        settings: Settings,
        *,
        progress: Progress | None = None,
        found: Found | None = None,
        cases: bool = False,
    ) -> Report:
        """Validate every input (see :func:`newsschema.validation.validate_inputs`).

        ``progress`` is called with the number of input bytes just checked.
        """
        ...

    def convert(
        self,
        arguments: Sequence[str],
        *,
        to: str,
        output: str | None,
        source_format: str | None,
        options: Options,
        settings: Settings | None = None,
        progress: Progress | None = None,
    ) -> tuple[ConvertResult, bytes | None]:
        """Convert (see :func:`newsschema.convert.convert`) with the rules ``settings`` select.

        ``progress`` is called with the number of documents just checked.
        """
        ...


class EngineFactory(Protocol):
    """Builds an engine; raises :class:`EngineUnavailable` when it cannot run as asked."""

    def __call__(self, *, jobs: int, scheduler: str | None) -> Engine:
        """Return the engine for ``jobs`` local workers or the Dask ``scheduler`` address."""
        ...


@dataclass(frozen=True, slots=True)
class LocalEngine:
    """This process, or ``jobs`` worker processes on this machine."""

    jobs: int = 1
    name = "local"

    def validate(
        self,
        inputs: Sequence[Input],
        settings: Settings,
        *,
        progress: Progress | None = None,
        found: Found | None = None,
        cases: bool = False,
    ) -> Report:
        """Validate on this machine (see :meth:`Engine.validate`)."""
        return validate_inputs(
            inputs,
            (settings.rule_set(),),
            fail_fast=settings.fail_fast,
            progress=progress,
            found=found,
            cases=cases,
            executor=LocalExecutor(self.jobs),
        )

    def convert(
        self,
        arguments: Sequence[str],
        *,
        to: str,
        output: str | None,
        source_format: str | None,
        options: Options,
        settings: Settings | None = None,
        progress: Progress | None = None,
    ) -> tuple[ConvertResult, bytes | None]:
        """Convert on this machine (see :meth:`Engine.convert`)."""
        from newsschema.convert import convert as local_convert

        settings = settings or Settings()
        return local_convert(
            arguments,
            to=to,
            output=output,
            source_format=source_format,
            options=options,
            checks=(settings.rule_set(errors_only=True),),
            jobs=self.jobs,
            progress=progress,
        )


def _local(*, jobs: int, scheduler: str | None) -> Engine:
    if scheduler is not None:
        raise EngineUnavailable("--scheduler applies only to --engine dask")
    return LocalEngine(jobs)


def _dask(*, jobs: int, scheduler: str | None) -> Engine:
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
    engine: Engine = module.DaskEngine(scheduler)
    return engine


ENGINES: dict[str, EngineFactory] = {"local": _local, "dask": _dask}
"""Engine factories by ``--engine`` name."""


def build_engine(name: str, *, jobs: int = 1, scheduler: str | None = None) -> Engine:
    """Build the engine ``name`` for ``jobs`` local workers or the Dask ``scheduler``.

    Raises:
        EngineUnavailable: the engine cannot run as asked (its extra is missing, or an option
            does not apply to it).
    """
    return ENGINES[name](jobs=jobs, scheduler=scheduler)
