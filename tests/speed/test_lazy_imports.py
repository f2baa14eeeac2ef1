"""Importing the library loads only what it uses: formats and the process pool come on demand."""

from __future__ import annotations

import subprocess
import sys


def imported_after(code: str) -> set[str]:
    """The module names a fresh interpreter has loaded after running ``code``."""
    probe = f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    return set(out.split())


def test_library_and_rules_import_no_format_module_nor_jsonschema() -> None:
    """`import newsschema` (models, loader, rules, validation) skips formats and jsonschema."""
    loaded = imported_after("import newsschema, newsschema.rules, newsschema.validation")
    assert "newsschema.rules" in loaded
    heavy = {"jsonschema", "newsschema.schema", "concurrent.futures", "multiprocessing"}
    heavy |= {f"newsschema.formats.{name}" for name in ("jsonld", "html", "csv_bundle")}
    assert not heavy & loaded, sorted(heavy & loaded)


def test_the_registries_name_every_format_and_load_one_when_read() -> None:
    """The registries list every exporter and importer; reading one entry loads its format."""
    loaded = imported_after(
        "from newsschema.formats import EXPORTERS, IMPORTERS\n"
        "assert sorted(EXPORTERS) == ['brat', 'csv', 'doccano', 'html', 'inception', 'json', "
        "'jsonl', 'jsonld', 'labelstudio', 'ninjs', 'nquads', 'parquet', 'quotes', 'schemaorg', "
        "'spacy', 'turtle', 'webannotation'], EXPORTERS\n"
        "assert sorted(IMPORTERS) == ['brat', 'citron', 'csv', 'doccano', 'ggt', 'inception', "
        "'json', 'jsonl', 'jsonld', 'labelstudio', 'parquet', 'quotes', 'webannotation'], "
        "IMPORTERS\n"
        "EXPORTERS['html']"
    )
    assert "newsschema.formats.html" in loaded
    assert "newsschema.formats.tools.inception" not in loaded


def test_registries_are_built_once() -> None:
    """Every lookup returns the same registry object (built once, then a plain global)."""
    from newsschema import formats

    assert formats.EXPORTERS is formats.EXPORTERS
    assert formats.importer_for_suffix(".jsonl") is formats.IMPORTERS["jsonl"]
