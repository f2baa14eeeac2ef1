"""The JSON-LD @context and the project vocabulary, generated from the declarative mapping.

The mapping ``exporters/jsonld.json`` says, for every key of the JSON-LD form, which IRI it
stands for, how its values are typed and which canonical field it carries. From it
``newsschema schema`` writes ``schema/context.jsonld`` (the published @context) and
``schema/vocab.ttl`` (the definitions of the project's own terms), and ``--check`` fails when
either is stale. The exporter and importer only need the context's IRI, so they work without
the mapping file; the tests check that every key they write is a term of the generated context.

``exporters/`` is the mapping's home; the package reads its copy in ``formats/_data/`` (a
package resource, so wheel and editable installs read the same file, from inside the package).
A test fails when the copy differs from ``exporters/jsonld.json``; refresh it with
``cp exporters/jsonld.json src/newsschema/formats/_data/jsonld.json``.
"""

from __future__ import annotations

import typing
from functools import lru_cache
from importlib.resources import files
from typing import Any

import orjson

from newsschema import types
from newsschema.formats.jsonld._terms import CONTEXT_IRI
from newsschema.vocabulary import VOCABULARIES

__all__ = [
    "CONTEXT_FILENAME",
    "CONTEXT_IRI",
    "MAPPING_RESOURCE",
    "VOCABULARY_FILENAME",
    "VOCABULARY_IRI",
    "context_document",
    "load_mapping",
    "mapping_bytes",
    "schemaorg_context_bytes",
    "vocabulary_turtle",
]

VOCABULARY_IRI = "https://w3id.org/newsschema/vocab#"
"""The namespace of the project's own terms (quote kind, cue, outlet chain, ...)."""
CONTEXT_FILENAME = "context.jsonld"
VOCABULARY_FILENAME = "vocab.ttl"

MAPPING_RESOURCE = "_data/jsonld.json"
"""Where the copy of ``exporters/jsonld.json`` is, inside ``newsschema.formats``."""

_STANDARD_PREFIXES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}


@lru_cache(maxsize=1)
def schemaorg_context_bytes() -> bytes:
    """Return schema.org's JSON-LD context as bundled (release 30.0, CC BY-SA 3.0).

    The notice is beside the file, ``_schemaorg/NOTICE.md``.
    """
    return (
        files("newsschema.formats").joinpath("_schemaorg", "schemaorgcontext.jsonld").read_bytes()
    )


def mapping_bytes() -> bytes:
    """Return the declarative mapping file's bytes (a resource of this package).

    Raises:
        FileNotFoundError: the installed package lacks it (a broken build).
    """
    folder, name = MAPPING_RESOURCE.split("/")
    return files("newsschema.formats").joinpath(folder).joinpath(name).read_bytes()


@lru_cache(maxsize=1)
def load_mapping() -> dict[str, Any]:
    """Load and sanity-check the mapping.

    Raises:
        ValueError: the mapping disagrees with the IRIs the code uses, or a project term lacks
            its label or comment.
    """
    mapping: dict[str, Any] = orjson.loads(mapping_bytes())
    if mapping["context_iri"] != CONTEXT_IRI or mapping["vocabulary_iri"] != VOCABULARY_IRI:
        raise ValueError("exporters/jsonld.json: context_iri/vocabulary_iri differ from the code")
    if mapping["prefixes"].get("ns") != VOCABULARY_IRI:
        raise ValueError("exporters/jsonld.json: the ns prefix must be the vocabulary IRI")
    for key, term in mapping["terms"].items():
        if _is_project_term(term) and not (term.get("label") and term.get("comment")):
            raise ValueError(f"exporters/jsonld.json: project term {key!r} needs label and comment")
    return mapping


def _is_project_term(term: dict[str, Any]) -> bool:
    return str(term.get("id", "")).startswith("ns:")


def _definition(term: dict[str, Any]) -> str | dict[str, str]:
    key = "@reverse" if "reverse" in term else "@id"
    definition = {key: term["reverse" if "reverse" in term else "id"]}
    if "type" in term:
        definition["@type"] = term["type"]
    if "container" in term:
        definition["@container"] = term["container"]
    return definition["@id"] if list(definition) == ["@id"] else definition


def context_document() -> dict[str, Any]:
    """Return the JSON-LD 1.1 context document generated from the mapping.

    Terms are ``@protected``: a later context in the same document cannot silently change what
    ``headline`` or ``via`` mean.
    """
    mapping = load_mapping()
    context: dict[str, Any] = {"@version": 1.1, "@protected": True}
    context.update(mapping["prefixes"])
    for key, term in mapping["terms"].items():
        context[key] = _definition(term)
    return {"@context": context}


def _turtle_string(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"@en'


def _values_note(name: str) -> str:
    """The values of the Literal ``name``, each with its definition when it has one."""
    values = typing.get_args(getattr(types, name))
    defined = VOCABULARIES.get(name, {})
    return (
        " Values: "
        + ("; " if defined else ", ").join(
            f'"{value}" ({defined[value].rstrip(".")})' if value in defined else f'"{value}"'
            for value in values
        )
        + "."
    )


def vocabulary_turtle() -> str:
    """Return the project vocabulary in Turtle: every ``ns:`` term with label and comment."""
    mapping = load_mapping()
    prefixes = {**_STANDARD_PREFIXES, **mapping["prefixes"]}
    ontology = VOCABULARY_IRI.rstrip("#")
    lines = [f"@prefix {name}: <{iri}> ." for name, iri in prefixes.items()]
    lines += [
        "",
        f"<{ontology}> a owl:Ontology ;",
        f"    rdfs:label {_turtle_string('newsschema vocabulary')} ;",
        "    rdfs:comment "
        + _turtle_string(
            "Terms for annotated news articles that schema.org and the Web Annotation "
            "vocabulary do not have. Spans are Web Annotation TextPositionSelectors counted "
            "in Unicode code points of the article body."
        )
        + " .",
    ]
    for term in mapping["terms"].values():
        if not _is_project_term(term):
            continue
        comment = term["comment"] + (_values_note(term["values"]) if "values" in term else "")
        kind = "rdfs:Class" if term.get("class") else "rdf:Property"
        lines += [
            "",
            f"{term['id']} a {kind} ;",
            f"    rdfs:label {_turtle_string(term['label'])} ;",
            f"    rdfs:comment {_turtle_string(comment)} ;",
        ]
        for key, predicate in (
            ("domain", "rdfs:domain"),
            ("range", "rdfs:range"),
            ("subPropertyOf", "rdfs:subPropertyOf"),
        ):
            if key in term:
                lines.append(f"    {predicate} {term[key]} ;")
        lines.append(f"    rdfs:isDefinedBy <{ontology}> .")
    return "\n".join(lines) + "\n"
