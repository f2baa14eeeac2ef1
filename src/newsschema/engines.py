"""Execution engines: where ``validate`` and ``convert`` run, keyed by ``--engine`` name.

``local`` runs in this process and its worker processes (``--jobs``); ``dask`` runs on a Dask
cluster (the ``dask`` extra), at the address given by ``--scheduler`` or on a local cluster it
starts. Both give the same report and the same outputs, in the same order.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Protocol

from newsschema._engine_errors import EngineUnavailable
from newsschema._inputs import Input
from newsschema.config import Settings
from newsschema.report import Report
from newsschema.validation import Found, Progress, validate_inputs

if TYPE_CHECKING:
    # convert imports the format registry (every format module): only convert loads it.
    from newsschema.convert import ConvertResult
    from newsschema.formats import Options

__all__ = ["ENGINES", "Engine", "EngineUnavailable"]


class Engine(Protocol):
    """Runs validation and conversion."""

    @property
    def name(self) -> str:
        """Registry key."""

    def validate(
        self,
        inputs: Sequence[Input],
        settings: Settings,
        *,
        scheduler: str | None,
        progress: Progress | None,
        found: Found | None = None,
        cases: bool = False,
    ) -> Report:
        """Validate every input (see :func:`newsschema.validation.validate_inputs`)."""
        ...

    def convert(
        self,
        arguments: Sequence[str],
        *,
        to: str,
        output: str | None,
        source_format: str | None,
        options: Options,
        scheduler: str | None,
        settings: Settings | None = None,
        progress: Progress | None = None,
    ) -> tuple[ConvertResult, bytes | None]:
        """Convert (see :func:`newsschema.convert.convert`) with the rules ``settings`` select.

        ``progress`` is called with the number of documents just checked.
        """
        ...


class _Local:
    name = "local"

    def _no_scheduler(self, scheduler: str | None) -> None:
        if scheduler is not None:
            raise EngineUnavailable("--scheduler applies only to --engine dask")

    def validate(
        self,
        inputs: Sequence[Input],
        settings: Settings,
        *,
        scheduler: str | None,
        progress: Progress | None,
        found: Found | None = None,
        cases: bool = False,
    ) -> Report:
        self._no_scheduler(scheduler)
        return validate_inputs(
            inputs,
            (settings.rule_set(),),
            fail_fast=settings.fail_fast,
            jobs=settings.jobs,
            progress=progress,
            found=found,
            cases=cases,
        )

    def convert(
        self,
        arguments: Sequence[str],
        *,
        to: str,
        output: str | None,
        source_format: str | None,
        options: Options,
        scheduler: str | None,
        settings: Settings | None = None,
        progress: Progress | None = None,
    ) -> tuple[ConvertResult, bytes | None]:
        from newsschema.convert import convert as local_convert

        self._no_scheduler(scheduler)
        settings = settings or Settings()
        return local_convert(
            arguments,
            to=to,
            output=output,
            source_format=source_format,
            options=options,
            checks=(settings.rule_set(errors_only=True),),
            jobs=settings.jobs,
            progress=progress,
        )


class _Dask:
    name = "dask"

    def _module(self) -> ModuleType:
        """Import :mod:`newsschema.dask`, which needs the optional ``dask`` extra.

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
        return module

    def validate(
        self,
        inputs: Sequence[Input],
        settings: Settings,
        *,
        scheduler: str | None,
        progress: Progress | None,
        found: Found | None = None,
        cases: bool = False,
    ) -> Report:
        report: Report = self._module().validate_inputs(
            inputs, settings, scheduler=scheduler, cases=cases
        )
        return report

    def convert(
        self,
        arguments: Sequence[str],
        *,
        to: str,
        output: str | None,
        source_format: str | None,
        options: Options,
        scheduler: str | None,
        settings: Settings | None = None,
        progress: Progress | None = None,
    ) -> tuple[ConvertResult, bytes | None]:
        settings = settings or Settings()
        result: tuple[ConvertResult, bytes | None] = self._module().convert(
            arguments,
            to=to,
            output=output,
            source_format=source_format,
            options=options,
            scheduler=scheduler,
            checks=(settings.rule_set(errors_only=True),),
        )
        return result


ENGINES: dict[str, Engine] = {"local": _Local(), "dask": _Dask()}
"""Engines by ``--engine`` name."""
