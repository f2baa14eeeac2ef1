"""What an engine is: an ordered-map executor and a way to convert, with validation written once.

Engines (:mod:`newsschema.engines.local`, :mod:`newsschema.engines.dask`) subclass
:class:`Engine`; this module imports neither, so that an engine module and the registry never
import each other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from newsschema._inputs import Input
from newsschema._parallel import Executor
from newsschema.config import Settings
from newsschema.reading import ReadOptions
from newsschema.report import Report
from newsschema.validation import Check, Found, Importers, Progress, validate_inputs

if TYPE_CHECKING:
    from newsschema._cache import ResultCache

    # convert imports the format registry and the formats it uses: only convert loads it.
    from newsschema.convert import ConvertResult
    from newsschema.formats import GivenOptions, Options

__all__ = ["Conversion", "Engine"]

R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Conversion:
    """What ``newsschema convert`` was asked to do, whichever engine does it.

    The fields are the parameters of the same names of :func:`newsschema.convert.convert`
    (inputs, ``--to``, ``-o``, ``--from`` and the format's options); :meth:`run` passes them on.
    """

    arguments: Sequence[str]
    to: str
    output: str | None
    source_format: str | None
    options: Options
    read: ReadOptions | None = None
    keep_going: bool = False

    def run(self, convert: Callable[..., R], **engine: Any) -> R:
        """Call an engine's ``convert`` function with this request and the ``engine`` keywords."""
        return convert(
            self.arguments,
            to=self.to,
            output=self.output,
            source_format=self.source_format,
            options=self.options,
            read=self.read,
            keep_going=self.keep_going,
            **engine,
        )


class Engine(Protocol):
    """Runs validation and conversion; where it runs was fixed when it was built.

    An engine only schedules. It provides the ordered-map executor the units run on
    (:meth:`executor`) and its way of converting (:meth:`run_conversion`); validating and
    the conversion's checks are written once, here. A new engine subclasses this protocol,
    implements those two methods, and adds a factory to :data:`ENGINES`.
    """

    @property
    def name(self) -> str:
        """Registry key."""

    @property
    def blocksize(self) -> int | None:
        """Bytes of a JSON Lines file per unit of work (None: one unit per file)."""
        return None

    def executor(self) -> AbstractContextManager[Executor]:
        """The executor that runs the units, open for the duration of one command.

        Raises:
            EngineUnavailable: where the engine runs cannot be reached.
        """
        ...

    def run_conversion(
        self, conversion: Conversion, checks: Sequence[Check], progress: Progress | None
    ) -> tuple[ConvertResult, bytes | None]:
        """Convert (see :func:`newsschema.convert.convert`), refusing what ``checks`` find."""
        ...

    def validate(
        self,
        inputs: Sequence[Input],
        settings: Settings,
        *,
        progress: Progress | None = None,
        found: Found | None = None,
        cases: bool = False,
        read: ReadOptions | None = None,
        importers: Importers | None = None,
        cache: ResultCache | None = None,
    ) -> Report:
        """Validate every input (see :func:`newsschema.validation.validate_inputs`).

        ``progress`` is called with the number of input bytes just checked; the report is the
        same, byte for byte, on every engine. ``importers`` says which importer reads an
        input of another format, with the ``read`` options. ``cache`` replays the results of
        files checked by an earlier run and keeps this run's.
        """
        checks = (settings.rule_set(),)  # refuse unknown codes before any work is sent
        with self.executor() as executor:
            return validate_inputs(
                inputs,
                checks,
                fail_fast=settings.fail_fast,
                progress=progress,
                found=found,
                cases=cases,
                executor=executor,
                blocksize=self.blocksize,
                importers=importers,
                options=read,
                cache=cache,
            )

    def convert(
        self,
        arguments: Sequence[str],
        *,
        to: str,
        output: str | None,
        source_format: str | None,
        options: GivenOptions,
        settings: Settings | None = None,
        progress: Progress | None = None,
        read: ReadOptions | None = None,
        keep_going: bool = False,
    ) -> tuple[ConvertResult, bytes | None]:
        """Convert (see :func:`newsschema.convert.convert`) with the rules ``settings`` select.

        ``progress`` is called with the number of documents just checked; ``read`` says how
        the inputs are read; ``keep_going`` writes the valid documents instead of refusing.
        """
        from newsschema.formats import CsvOptions, write_options_type

        # Typed once here (a library call may give a mapping); workers receive the frozen object.
        typed = write_options_type(to).of(options)
        checks: tuple[Check, ...] = ((settings or Settings()).rule_set(errors_only=True),)
        if isinstance(typed, CsvOptions) and typed.excel:
            # Spreadsheet users cannot see a cell over Excel's limit: warn where it is.
            from newsschema.formats.tables.csv_bundle import excel_cell_warnings

            checks = (*checks, excel_cell_warnings)
        conversion = Conversion(arguments, to, output, source_format, typed, read, keep_going)
        return self.run_conversion(conversion, checks, progress)
