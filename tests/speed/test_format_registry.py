"""The static format and engine tables agree with the modules they stand for, and stay lazy."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsschema import formats
from newsschema._registry import LazyRegistry
from newsschema.formats._base import Format

from ..conftest import run_python


def test_names_membership_and_length_load_no_format_module() -> None:
    """Listing, `in` and `len` of the registries import no format module; one read imports one."""
    out = run_python(
        "import sys\n"
        "from newsschema.formats import EXPORTERS, IMPORTERS, BUNDLE_PARTS, EXPORT_OPTIONS\n"
        "names = sorted(EXPORTERS) + sorted(IMPORTERS) + sorted(BUNDLE_PARTS)\n"
        "assert 'json' in EXPORTERS and 'nope' not in IMPORTERS and len(EXPORTERS) == 17\n"
        "assert sorted(EXPORT_OPTIONS) == ['excel', 'layers', 'markup', 'no-formula-escape']\n"
        "mods = lambda: sorted(m for m in sys.modules if m.startswith('newsschema.formats.')\n"
        "    and not m.split('.')[-1].startswith('_'))\n"
        "print(mods())\n"
        "EXPORTERS['turtle']\n"
        "print(mods())"
    )
    before, after = out.splitlines()
    assert before == "[]"
    assert "'newsschema.formats.jsonld.rdf'" in after
    assert "'newsschema.formats.html'" not in after


def test_each_importer_reads_its_suffixes_from_the_one_table() -> None:
    """Importers take their suffixes from IMPORT_SUFFIXES itself; no format module restates any."""
    assert list(formats.IMPORT_SUFFIXES) == list(formats.IMPORTERS)
    for name, importer in formats.IMPORTERS.items():
        assert importer.suffixes is formats.IMPORT_SUFFIXES[name], name
    package = Path(formats.__file__).parent
    restating = sorted(
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "suffixes=(" in path.read_text(encoding="utf-8")
    )
    assert restating == []


def test_a_format_not_in_the_table_reads_nothing() -> None:
    """A format whose name has no IMPORT_SUFFIXES entry (an exporter only) declares no suffix."""
    assert Format("nope", "an exporter only", suffix=".x").suffixes == ()
    assert getattr(formats.EXPORTERS["html"], "suffixes", None) == ()


def test_export_options_name_registered_exporters_and_read_their_keys() -> None:
    """Every export option names real exporters and is keyed by its own name."""
    for name, option in formats.EXPORT_OPTIONS.items():
        assert option.name == name
        assert option.formats <= set(formats.EXPORTERS), name


def test_engine_names_load_no_engine() -> None:
    """Listing the engine registry (the --engine choices) imports no engine and no core."""
    out = run_python(
        "import sys\n"
        "from newsschema.engines._registry import ENGINES\n"
        "print(list(ENGINES))\n"
        "print(sorted(m for m in sys.modules if m in ('newsschema.engines._base', "
        "'newsschema.validation', 'newsschema.engines.dask', 'newsschema.engines.local')))"
    )
    names, loaded = out.splitlines()
    assert names == "['local', 'dask']" and loaded == "[]"


def test_importer_by_suffix_and_bundle_resolve_through_the_table() -> None:
    """`.ndjson` picks the JSON Lines importer, `.xmi` INCEpTION, an unknown suffix none."""
    assert formats.importer_for_suffix(".NDJSON") is formats.IMPORTERS["jsonl"]
    assert formats.importer_for_suffix(".xmi") is formats.IMPORTERS["inception"]
    assert formats.importer_for_suffix(".txt") is None


def test_lazy_registry_loads_each_value_once_and_raises_key_error() -> None:
    """A value's loader runs on its first read only; an unknown name is a KeyError."""
    calls: list[str] = []

    def load() -> int:
        calls.append("a")
        return 1

    registry: LazyRegistry[int] = LazyRegistry({"a": load})
    assert list(registry) == ["a"] and "a" in registry and calls == []
    assert registry["a"] == 1 and registry.get("a") == 1 and dict(registry) == {"a": 1}
    assert calls == ["a"]
    assert registry.get("b") is None
    with pytest.raises(KeyError):
        registry["b"]
    registry["b"] = 2
    assert registry["b"] == 2 and list(registry) == ["a", "b"]
    del registry["b"]
    assert "b" not in registry and len(registry) == 1


def test_an_importer_registered_later_is_found_by_its_suffix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An importer set into IMPORTERS at run time is chosen by its own suffixes."""
    canonical = formats.IMPORTERS["json"]

    class Extra:
        name = "extra"
        suffixes = (".xyz",)
        read = canonical.read
        read_bytes = canonical.read_bytes

    extra = Extra()
    monkeypatch.setitem(formats.IMPORTERS, "extra", extra)
    assert formats.importer_for_suffix(".xyz") is extra
    assert "extra" in formats.IMPORTERS
