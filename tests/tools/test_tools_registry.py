"""The annotation-tool formats are registered and reachable by name."""

from __future__ import annotations

import pytest

from newsschema import formats


def test_formats_api_is_pinned() -> None:
    """The formats package exports exactly these names."""
    assert sorted(formats.__all__) == sorted(
        ["BUNDLE_PARTS", "BundleParts", "EXPORTERS", "EXPORT_OPTIONS", "IMPORTERS",
         "IMPORT_SUFFIXES",
         "ExportError", "ExportOption", "Exporter", "Importer", "Options", "OutputRefused",
         "QUOTE_CODES", "TABLE_CODES", "TOOL_CODES", "get_exporter", "get_importer",
         "importer_for_bundle",
         "importer_for_suffix",
         "BundleExporter", "DocumentExporter", "Layout", "StreamExporter",
         "get_bundle_exporter", "get_document_exporter", "write_many",
         "READ_OPTIONS", "WRITE_OPTIONS", "FormatOptions", "GivenOptions", "NoOptions",
         "OptionError", "BratReadOptions", "CsvOptions", "DoccanoOptions", "HtmlOptions",
         "QuoteReadOptions", "ToolReadOptions", "ToolWriteOptions", "options_for",
         "read_options_type", "write_options_type"]
    )  # fmt: skip


def test_tool_formats_are_offered_both_ways() -> None:
    """brat, inception, labelstudio and doccano import and export; spacy only exports."""
    for name in ("brat", "inception", "labelstudio", "doccano"):
        assert formats.get_importer(name).name == name
        assert formats.get_exporter(name).name == name
    assert formats.get_exporter("spacy").name == "spacy"
    with pytest.raises(KeyError, match="choose from"):
        formats.get_importer("spacy")
