"""Bundle formats written in parts: each worker writes its part's tables, one descriptor lists them.

What a bundle exporter offers an engine that writes from many workers
(:class:`~newsschema.formats.BundleParts`); registered in ``formats.BUNDLE_PARTS`` by
``--to`` name, next to the exporters, so every engine uses the one registry. The options are
frozen dataclasses read once from the command-line :data:`~newsschema.formats.Options`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from newsschema.formats import csv_bundle, parquet_bundle
from newsschema.formats._base import Options
from newsschema.models import Document

__all__ = ["CSV_PARTS", "PARQUET_PARTS", "CsvOptions"]


@dataclass(frozen=True, slots=True)
class CsvOptions:
    """Options of the CSV bundle.

    Attributes:
        excel: Start every file with a byte-order mark, for spreadsheet programs.
        formula_escape: Escape text cells a spreadsheet would run as formulas (the default).
    """

    excel: bool = False
    formula_escape: bool = True

    @classmethod
    def read(cls, options: Options) -> CsvOptions:
        """The CSV options among command-line ``options``."""
        return cls(
            excel=bool(options.get("excel", False)),
            formula_escape=not options.get("no-formula-escape", False),
        )


@dataclass(frozen=True, slots=True)
class _CsvParts:
    extension: str = "csv"

    def write_parts(
        self, documents: Iterable[Document], files: Mapping[str, Path], options: Options
    ) -> None:
        read = CsvOptions.read(options)
        csv_bundle.write_table_files(
            documents, files, excel=read.excel, formula_escape=read.formula_escape
        )

    def write_descriptor(
        self, directory: Path, options: Options, parts: Mapping[str, list[str]] | None
    ) -> None:
        read = CsvOptions.read(options)
        csv_bundle.write_descriptor(
            directory, excel=read.excel, parts=parts, formula_escape=read.formula_escape
        )


@dataclass(frozen=True, slots=True)
class _ParquetParts:
    extension: str = "parquet"

    def write_parts(
        self, documents: Iterable[Document], files: Mapping[str, Path], options: Options
    ) -> None:
        parquet_bundle.write_table_files(documents, files)

    def write_descriptor(
        self, directory: Path, options: Options, parts: Mapping[str, list[str]] | None
    ) -> None:
        parquet_bundle.write_descriptor(directory, parts=parts)


CSV_PARTS = _CsvParts()
"""The CSV bundle (``--to csv``), in parts."""

PARQUET_PARTS = _ParquetParts()
"""The Parquet bundle (``--to parquet``), in parts."""
