"""newsschema: typed models, validators and converters for annotated news articles."""

from newsschema.findings import Finding, Severity
from newsschema.loader import (
    Loaded,
    LoadError,
    iter_documents,
    load_document,
    load_documents,
    loads,
)
from newsschema.models import (
    SCHEMA_VERSION,
    AnyQuote,
    Article,
    DirectQuote,
    Document,
    Entity,
    Event,
    EventDate,
    Group,
    IndirectQuote,
    MixedQuote,
    Organization,
    OtherEntity,
    Outlet,
    PartialQuote,
    Participant,
    Person,
    Place,
    ScareQuote,
    Span,
)
from newsschema.report import Report
from newsschema.validation import validate

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "AnyQuote",
    "Article",
    "DirectQuote",
    "Document",
    "Entity",
    "Event",
    "EventDate",
    "Finding",
    "Group",
    "IndirectQuote",
    "LoadError",
    "Loaded",
    "MixedQuote",
    "Organization",
    "OtherEntity",
    "Outlet",
    "PartialQuote",
    "Participant",
    "Person",
    "Place",
    "Report",
    "ScareQuote",
    "Severity",
    "Span",
    "__version__",
    "iter_documents",
    "load_document",
    "load_documents",
    "loads",
    "validate",
]
