"""The format-specific options that ``newsschema convert`` offers as ``--NAME``.

They live here, apart from the formats that read them, so that ``convert --help`` lists them
without importing those formats.
"""

from __future__ import annotations

from newsschema.formats._base import ExportOption

__all__ = ["EXCEL", "LAYERS", "MARKUP", "NO_FORMULA_ESCAPE"]

MARKUP = ExportOption(
    name="markup",
    choices=("jsonld", "microdata", "both"),
    default="jsonld",
    help="How the page carries schema.org data: a JSON-LD block, inline microdata, or both.",
    formats=frozenset({"html"}),
)
"""``--markup`` of the HTML exporter."""

EXCEL = ExportOption(
    name="excel",
    help="Tables for Excel: start each CSV file with a UTF-8 byte-order mark.",
    formats=frozenset({"csv"}),
)
"""``--excel`` of the CSV bundle exporter."""

NO_FORMULA_ESCAPE = ExportOption(
    name="no-formula-escape",
    help=(
        "Tables for machines: write text cells as they are, without the apostrophe that keeps "
        "a spreadsheet from running a cell as a formula (unsafe to open in a spreadsheet)."
    ),
    formats=frozenset({"csv"}),
)
"""``--no-formula-escape`` of the CSV bundle exporter (declared in ``datapackage.json``)."""

LAYERS = ExportOption(
    name="layers",
    help=(
        "doccano without overlapping spans: write each article as several records (layers), "
        "none holding overlapping spans; relations across layers are left out and counted."
    ),
    formats=frozenset({"doccano"}),
)
"""``--layers`` of the doccano exporter."""
