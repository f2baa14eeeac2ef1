"""The formats' module paths: families in subpackages, the earlier paths kept as aliases."""

from __future__ import annotations

import importlib

import pytest

from newsschema.formats import EXPORTERS, IMPORTERS

from .conftest import run_python

# Earlier path -> where the module is now (formats/<family>/).
MOVED = {
    "brat": "tools.brat",
    "inception": "tools.inception",
    "labelstudio": "tools.labelstudio",
    "doccano": "tools.doccano",
    "spacy_docbin": "tools.spacy_docbin",
    "webannotation": "standards.webannotation",
    "ninjs": "standards.ninjs",
    "citron": "quotes.citron",
    "ggt": "quotes.ggt",
    "csv_bundle": "tables.csv_bundle",
    "parquet_bundle": "tables.parquet_bundle",
    "bundle_parts": "tables.bundle_parts",
}


@pytest.mark.parametrize("old", sorted(MOVED))
def test_an_earlier_path_is_the_moved_module_itself(old: str) -> None:
    """`import newsschema.formats.OLD` gives the module of its family (one object, its own name)."""
    alias = importlib.import_module(f"newsschema.formats.{old}")
    moved = importlib.import_module(f"newsschema.formats.{MOVED[old]}")
    assert alias is moved
    assert moved.__spec__ is not None
    assert moved.__name__ == moved.__spec__.name == f"newsschema.formats.{MOVED[old]}"


def test_from_imports_of_earlier_paths_keep_working() -> None:
    """`from newsschema.formats.brat import BRAT` and `from newsschema.formats import brat` work."""
    namespace: dict[str, object] = {}
    exec(
        "from newsschema.formats.brat import BRAT\nfrom newsschema.formats import csv_bundle\n",
        namespace,
    )
    from newsschema.formats.tables.csv_bundle import CSV
    from newsschema.formats.tools.brat import BRAT

    assert namespace["BRAT"] is BRAT
    assert getattr(namespace["csv_bundle"], "CSV") is CSV  # noqa: B009
    assert EXPORTERS["brat"] is BRAT and IMPORTERS["csv"] is CSV


def test_the_registry_loads_formats_from_their_family() -> None:
    """Reading every registry entry imports each family module and never an earlier path."""
    out = run_python(
        "import sys\n"
        "from newsschema.formats import BUNDLE_PARTS, EXPORTERS, IMPORTERS\n"
        "for registry in (EXPORTERS, IMPORTERS, BUNDLE_PARTS):\n"
        "    for name in registry:\n"
        "        registry[name]\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('newsschema.formats.'))))\n"
    )
    loaded = set(out.split())
    assert {f"newsschema.formats.{new}" for new in MOVED.values()} <= loaded
    earlier = loaded & {f"newsschema.formats.{old}" for old in MOVED}
    assert not earlier, earlier


def test_an_alias_is_imported_only_when_asked_for() -> None:
    """Importing the registry loads no tool format; the alias loads its module on first import."""
    out = run_python(
        "import sys, newsschema.formats\n"
        "print('newsschema.formats.tools.brat' in sys.modules)\n"
        "import newsschema.formats.brat as b\n"
        "print(b.__name__, 'newsschema.formats.brat' in sys.modules)\n"
    )
    assert out.split() == ["False", "newsschema.formats.tools.brat", "True"]


def test_a_name_that_never_was_a_format_module_is_still_missing() -> None:
    """The aliases cover the moved modules only: any other name is a ModuleNotFoundError."""
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("newsschema.formats.no_such_format")
