"""Field descriptions from the docstrings written under the fields, read in one pass.

Pydantic's ``use_attribute_docstrings`` finds the source of every model class separately (a
walk of the call stack, a tokenizer pass and two parses per class): about half the cost of
building the models. :func:`attach_field_docstrings` parses the module once and gives each
field the description that option would, before the (deferred) validators are built.
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Iterable
from types import ModuleType

from pydantic import BaseModel

__all__ = ["attach_field_docstrings"]


def _class_docstrings(node: ast.ClassDef) -> dict[str, str]:
    """``name: type`` followed directly by a string statement: the string documents ``name``."""
    found: dict[str, str] = {}
    for statement, following in zip(node.body, node.body[1:], strict=False):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            found[statement.target.id] = inspect.cleandoc(following.value.value)
    return found


def attach_field_docstrings(module: ModuleType, models: Iterable[type[BaseModel]]) -> None:
    """Describe each field of ``models`` by its docstring, as ``use_attribute_docstrings`` does.

    A field takes the docstring written under it in the class that declares it (the nearest
    one in the method resolution order that annotates it); an explicit ``description`` wins.
    The models must not be built yet (``defer_build``): their schemas read the descriptions.
    """
    tree = ast.parse(inspect.getsource(module))
    by_class = {
        node.name: _class_docstrings(node) for node in tree.body if isinstance(node, ast.ClassDef)
    }
    for model in models:
        if model.__module__ != module.__name__:
            continue  # imported, not declared here (BaseModel itself)
        for name, field in model.__pydantic_fields__.items():
            if field.description is not None:
                continue
            owner = next((k for k in model.__mro__ if name in inspect.get_annotations(k)), None)
            if owner is not None and owner.__module__ == module.__name__:
                field.description = by_class.get(owner.__name__, {}).get(name)
