"""The local engine: this process, or worker processes on this machine."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsschema._parallel import Executor, LocalExecutor
from newsschema.engines._base import Conversion, Engine
from newsschema.validation import Check, Progress

if TYPE_CHECKING:
    # convert imports the format registry and the formats it uses: only convert loads it.
    from newsschema.convert import ConvertResult

__all__ = ["LocalEngine"]


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
