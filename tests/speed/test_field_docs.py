"""One-pass field docstrings give the descriptions Pydantic's use_attribute_docstrings gives."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from pydantic import BaseModel

from newsschema import models

SOURCE = '''
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Base(BaseModel):
    model_config = ConfigDict({CONFIG})

    a: int
    """The a.

    Indented second line."""
    b: str = "x"
    c: int = 0  # no docstring


class Child(Base):
    """A child; its class docstring is not a field docstring."""

    b: str = "y"
    d: float = Field(0.0, description="explicit wins")
    """Not used: the explicit description wins."""
    e: int = 1
    """The e."""


class Grandchild(Child):
    a: int = 2
    f: bool = False

    """Not after an annotation: documents nothing."""
'''


def load(tmp_path: Path, name: str, config: str) -> ModuleType:
    """Import SOURCE as module ``name`` with the given model_config arguments."""
    path = tmp_path / f"{name}.py"
    path.write_text(SOURCE.replace("{CONFIG}", config), encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def descriptions(module: ModuleType) -> dict[str, dict[str, str | None]]:
    """Every field's description, per model class."""
    return {
        name: {f: info.description for f, info in getattr(module, name).model_fields.items()}
        for name in ("Base", "Child", "Grandchild")
    }


def test_descriptions_match_pydantics_own_extraction(tmp_path: Path) -> None:
    """Inherited, overridden, explicit and undocumented fields all match Pydantic's result."""
    from newsschema._field_docs import attach_field_docstrings

    reference = load(tmp_path, "docs_reference", "use_attribute_docstrings=True")
    ours = load(tmp_path, "docs_one_pass", "defer_build=True")
    attach_field_docstrings(ours, [ours.Base, ours.Child, ours.Grandchild])
    expected = descriptions(reference)
    assert expected["Base"]["a"] == "The a.\n\nIndented second line."
    assert expected["Grandchild"]["a"] is None  # redeclared without a docstring
    assert descriptions(ours) == expected
    assert ours.Grandchild.model_json_schema() == reference.Grandchild.model_json_schema()


def test_the_models_are_described_before_they_are_built() -> None:
    """Every documented field of the package's models has its description in the JSON Schema."""
    documented = models.Span.model_fields["start"].description
    assert documented == "Index of the first code point."
    schema = models.Document.model_json_schema()
    assert schema["$defs"]["Span"]["properties"]["start"]["description"] == documented
    classes = [
        v for v in vars(models).values() if isinstance(v, type) and v.__module__ == models.__name__
    ]
    fields = [f for cls in classes if issubclass(cls, BaseModel) for f in cls.model_fields.values()]
    assert sum(f.description is not None for f in fields) > len(fields) // 2
