"""The loader's public verbs stay where callers import them from after its split by concept."""

from __future__ import annotations

import ast

from newsschema import loader

from ..conftest import ROOT


def _imported_from_loader() -> set[str]:
    """Every name a module of the package, a test or a benchmark imports from the loader."""
    names: set[str] = set()
    for folder in ("src", "tests", "benchmarks", "fuzz"):
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module == "newsschema.loader":
                    names.update(alias.name for alias in node.names)
    return names


def test_every_name_imported_from_the_loader_is_there() -> None:
    """Names imported from newsschema.loader anywhere, and its __all__, resolve on the module."""
    wanted = _imported_from_loader() | set(loader.__all__)
    assert {"Loaded", "load_one", "locate", "validate_model", "parse_json"} <= wanted
    assert [name for name in sorted(wanted) if not hasattr(loader, name)] == []


def test_validate_model_reports_located_pointers_through_the_split() -> None:
    """validate_model maps a model error to its code and an RFC 6901 pointer into the input."""
    found = loader.validate_model({"schema_version": "1.0", "article": {"id": 3}})
    assert isinstance(found, list)
    assert ("NS022", "/article/id") in {(f.code, f.pointer) for f in found}
