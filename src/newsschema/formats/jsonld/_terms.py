"""The JSON-LD node names and types that the writer and the reader of ``--to jsonld`` share.

The context's IRI, blank node ids, the ``@type`` of each entity kind and the XSD type of each
event-date precision: one table each, read in both directions, so an export always imports back.
"""

from __future__ import annotations

__all__ = [
    "ARTICLE_NODE",
    "CONTEXT_IRI",
    "DATETIME_TYPE",
    "DATE_TYPES",
    "ENTITY_KINDS",
    "ENTITY_TYPES",
    "date_type",
    "node_id",
]

CONTEXT_IRI = "https://w3id.org/newsschema/1.0/context.jsonld"
"""Where the @context is published; exports refer to it, and it is the only one imports accept.

Here, with the other names the writer and the reader share, so that neither loads the module
that builds the context (:mod:`.context`, which imports the schema generator) to name it.
"""

ARTICLE_NODE = "_:article"
"""The ``@id`` of the article node."""

ENTITY_TYPES = {
    "person": "Person",
    "organization": "Organization",
    "outlet": "NewsMediaOrganization",
    "place": "Place",
    "gpe": "AdministrativeArea",
    "group": "Group",
    "work": "CreativeWork",
    "other": "Thing",
}
"""The ``@type`` of an entity node by entity kind."""

ENTITY_KINDS = {value: key for key, value in ENTITY_TYPES.items()}
"""The entity kind of each entity ``@type``."""

DATE_TYPES = {4: "xsd:gYear", 7: "xsd:gYearMonth", 10: "xsd:date"}
"""The XSD type of an event date by its length: its precision (2022, 2022-01, 2022-01-13)."""

DATETIME_TYPE = "xsd:dateTime"
"""The XSD type of an event date of any other length (a timestamp)."""


def node_id(kind: str, local: str) -> str:
    """Return the blank node id of a document-local id (``_:entity-e1``)."""
    return f"_:{kind}-{local}"


def date_type(value: str) -> str:
    """Return the XSD type of an event date, from its precision."""
    return DATE_TYPES.get(len(value), DATETIME_TYPE)
