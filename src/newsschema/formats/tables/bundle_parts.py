"""Bundle formats written in parts: each worker writes its part's tables, one descriptor lists them.

What a bundle exporter offers an engine that writes from many workers
(:class:`~newsschema.formats.BundleParts`); registered in ``formats.BUNDLE_PARTS`` by
``--to`` name, next to the exporters, so every engine uses the one registry. The options are
the exporter's own (:class:`CsvOptions` for ``csv``), frozen, so that they travel to workers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from newsschema.formats._base import GivenOptions
from newsschema.formats._export_options import CsvOptions, NoOptions
from newsschema.formats.tables import csv_bundle, parquet_bundle
from newsschema.models import Document

__all__ = ["CSV_PARTS", "PARQUET_PARTS", "CsvOptions"]


@dataclass(frozen=True, slots=True)
class _CsvParts:
    extension: str = "csv"

    def write_parts(
        self, documents: Iterable[Document], files: Mapping[str, Path], options: GivenOptions
    ) -> None:
        read = CsvOptions.of(options)
        csv_bundle.write_table_files(
            documents, files, excel=read.excel, formula_escape=read.formula_escape
        )

    def write_descriptor(
        self, directory: Path, options: GivenOptions, parts: Mapping[str, list[str]] | None
    ) -> None:
        read = CsvOptions.of(options)
        csv_bundle.write_descriptor(
            directory, excel=read.excel, parts=parts, formula_escape=read.formula_escape
        )


@dataclass(frozen=True, slots=True)
class _ParquetParts:
    extension: str = "parquet"

    def write_parts(
        self, documents: Iterable[Document], files: Mapping[str, Path], options: GivenOptions
    ) -> None:
        NoOptions.of(options)  # it takes none: a name given is refused
        parquet_bundle.write_table_files(documents, files)

    def write_descriptor(
        self, directory: Path, options: GivenOptions, parts: Mapping[str, list[str]] | None
    ) -> None:
        NoOptions.of(options)
        parquet_bundle.write_descriptor(directory, parts=parts)


CSV_PARTS = _CsvParts()
"""The CSV bundle (``--to csv``), in parts."""

PARQUET_PARTS = _ParquetParts()
"""The Parquet bundle (``--to parquet``), in parts."""
