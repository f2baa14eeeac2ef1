"""The controlled vocabularies are defined once, in newsschema.vocabulary, and derived elsewhere."""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import Literal, get_args

import pytest
import rdflib

from newsschema import types, vocabulary
from newsschema.formats.jsonld.context import vocabulary_turtle

ROOT = Path(__file__).resolve().parents[1]
NS = rdflib.Namespace("https://w3id.org/newsschema/vocab#")


def test_every_vocabulary_is_keyed_by_its_literal_in_types() -> None:
    """VOCABULARIES names each table by its Literal in types, in the Literal's value order."""
    assert len(vocabulary.VOCABULARIES) == 7
    for name, table in vocabulary.VOCABULARIES.items():
        assert tuple(table) == get_args(getattr(types, name)), name


def test_a_table_that_disagrees_with_its_literal_fails_at_import() -> None:
    """A definition table missing a value (or naming an extra one) is refused when built."""
    with pytest.raises(ValueError, match="differ from the values"):
        vocabulary._defined(Literal["a", "b"], {"a": "The first value."})
    with pytest.raises(ValueError, match="differ from the values"):
        vocabulary._defined(Literal["a"], {"a": "The first.", "c": "An extra one."})


def test_rdf_vocabulary_defines_each_value_from_the_vocabulary_module() -> None:
    """Each ns: term with a controlled list carries every value's definition in its comment."""
    graph = rdflib.Graph().parse(data=vocabulary_turtle(), format="turtle")
    mapping = json.loads((ROOT / "exporters" / "jsonld.json").read_text(encoding="utf-8"))
    named = {t["values"]: t["id"] for t in mapping["terms"].values() if "values" in t}
    checked = 0
    for literal, table in vocabulary.VOCABULARIES.items():
        if literal not in named:
            continue
        term = NS[named[literal].removeprefix("ns:")]
        comment = str(graph.value(term, rdflib.RDFS.comment))
        for value, definition in table.items():
            assert f'"{value}" ({definition.rstrip(".")})' in comment, (literal, value)
        checked += 1
    assert checked >= 5


def test_literal_docstrings_point_to_the_definitions_instead_of_restating_them() -> None:
    """types.py's Literal docstrings name the vocabulary table and quote no definition."""
    source = inspect.getsource(types)
    for literal, table in vocabulary.VOCABULARIES.items():
        constant = next(k for k, v in vars(vocabulary).items() if v is table and k.isupper())
        assert f"newsschema.vocabulary.{constant}" in source, literal
        for definition in table.values():
            assert definition.rstrip(".") not in source, definition
