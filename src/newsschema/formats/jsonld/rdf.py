"""RDF serialisations of the full-fidelity JSON-LD export: N-Quads and Turtle (``--to nquads``).

The graph is the one ``--to jsonld`` describes, parsed by rdflib with our context inline (no
network). rdflib is the optional ``rdf`` extra, imported only when an RDF format is written.
Entities, events and quotes are blank nodes, as in the JSON-LD.
"""

from __future__ import annotations

from typing import Literal

from newsschema.formats._base import ExportError, GivenOptions
from newsschema.formats._export_options import NoOptions
from newsschema.formats.jsonld import to_jsonld
from newsschema.jsonld import to_graph
from newsschema.models import Document

__all__ = ["NQUADS", "TURTLE"]


class _Rdf:
    layout: Literal["document"] = "document"

    def __init__(self, name: str, description: str, suffix: str, rdflib_format: str) -> None:
        self.name = name
        self.description = description
        self.suffix = suffix
        self._format = rdflib_format

    def dump(self, document: Document, options: GivenOptions) -> bytes:
        NoOptions.of(options)  # it takes none: a name given is refused
        try:
            graph = to_graph(to_jsonld(document))
        except ImportError as exc:
            raise ExportError(
                f"--to {self.name} needs rdflib: pip install 'newsschema[rdf]' ({exc})"
            ) from exc
        data = graph.serialize(format=self._format, encoding="utf-8")
        return data if data.endswith(b"\n") else data + b"\n"


# Every statement is in the default graph, where an N-Quads line is an N-Triples line.
NQUADS = _Rdf("nquads", "RDF N-Quads of the JSON-LD export (needs the rdf extra)", ".nq", "nt")
TURTLE = _Rdf("turtle", "RDF Turtle of the JSON-LD export (needs the rdf extra)", ".ttl", "turtle")
