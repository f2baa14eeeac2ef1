"""Full-fidelity JSON-LD 1.1 (``--to jsonld``) and its importer (``--from jsonld``).

Every field of the canonical document is carried, so importing an export gives back the identical
document. The terms come from schema.org where it has them (NewsArticle, Person, Event,
Quotation, creator, isPartOf, ...), from the W3C Web Annotation vocabulary for spans
(``oa:TextPositionSelector`` with ``start``/``end``, ``oa:TextQuoteSelector`` with ``exact``)
and from the project vocabulary for the rest (quote kind, cue, ordered outlet chain, editorial
insertions, realis, planned duration, inferred date parts; since schema 1.1 attribution type,
nesting (``within``), interruptions, mention form and anonymous sources). The @context is
published at :data:`~newsschema.formats.jsonld.context.CONTEXT_IRI` and committed as
``schema/context.jsonld``.

Entities, events and quotes are blank nodes (``_:entity-e1``, ``_:event-ev1``, ``_:quote-q1``):
their ids are local to the document. Arrays keep the canonical order in the JSON text; in RDF
only the outlet chain (``via``) is an ordered list.

The writer is :mod:`._write`, the reader :mod:`._read`, the accepted context
:mod:`._policy` and the mapping of findings back to the input :mod:`._locate`;
this module is the format's entry point. The importer never fetches anything. The exporter's
own shape (our context by its IRI, the article node ``_:article``) is read strictly: anything
else in it is refused with ``NS061`` at its line and column. Any other JSON-LD document that
expands to our graph (flattened, framed, expanded, in a ``@graph``, compacted with another or
an inline context) is read through its graph with pyld (the ``jsonld`` extra,
:mod:`._graph`): it imports to the same document. A remote context other than ours or
schema.org's is refused with ``NS060`` (nothing is fetched), and a key that expands to no IRI
with ``NS061`` (never silently dropped).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from newsschema.findings import Finding, Severity
from newsschema.formats._base import Format, GivenOptions
from newsschema.formats._export_options import NoOptions
from newsschema.formats._script_safe import script_safe_json_bytes
from newsschema.formats.jsonld._policy import Refused, check_context
from newsschema.formats.jsonld._read import from_jsonld, load_jsonld
from newsschema.formats.jsonld._terms import CONTEXT_IRI
from newsschema.formats.jsonld._write import plain_to_jsonld, to_jsonld
from newsschema.loader import Loaded

if TYPE_CHECKING:  # annotations only: a valid document is exported without the models
    from newsschema.models import Document

__all__ = [
    "CONTEXT_IRI",
    "JSONLD",
    "Refused",
    "check_context",
    "context_document",
    "from_jsonld",
    "load_jsonld",
    "schemaorg_context_bytes",
    "to_jsonld",
]


def context_document() -> dict[str, Any]:
    """Return our JSON-LD 1.1 context document (:func:`.context.context_document`).

    Its module is loaded on first use: it builds the context from the mapping and loads the
    schema generator, which exporting and importing, which only name the context, do not need.
    """
    from newsschema.formats.jsonld import context

    return context.context_document()


def schemaorg_context_bytes() -> bytes:
    """Return schema.org's bundled JSON-LD context (:func:`.context.schemaorg_context_bytes`)."""
    from newsschema.formats.jsonld import context

    return context.schemaorg_context_bytes()


class _JsonLd(Format):
    layout: Literal["document"] = "document"

    def dump(self, document: Document, options: GivenOptions) -> bytes:
        NoOptions.of(options)  # it takes none: a name given is refused
        # Script-safe, so that the file can be pasted into an HTML page as it is.
        return script_safe_json_bytes(to_jsonld(document), newline=True)

    def dump_plain(self, document: Mapping[str, Any], options: GivenOptions) -> bytes:
        """Return :meth:`dump`'s bytes for a document given as its plain data (a valid one's)."""
        NoOptions.of(options)  # it takes none: a name given is refused
        return script_safe_json_bytes(plain_to_jsonld(document), newline=True)

    def read(self, path: Path, options: GivenOptions) -> Iterator[Loaded]:
        NoOptions.of(options)  # it takes none: a name given is refused
        try:
            data = path.read_bytes()
        except OSError as exc:
            message = f"cannot read file: {exc.strerror or exc}"
            yield Loaded(None, [Finding("NS030", Severity.ERROR, message, file=str(path))])
            return
        yield load_jsonld(data, file=str(path))

    def read_bytes(self, data: bytes, name: str, options: GivenOptions) -> Iterator[Loaded]:
        NoOptions.of(options)  # it takes none: a name given is refused
        yield load_jsonld(data, file=name)


JSONLD = _JsonLd(
    "jsonld",
    "full-fidelity JSON-LD 1.1 (schema.org, Web Annotation, newsschema vocabulary)",
    suffix=".jsonld",
)
