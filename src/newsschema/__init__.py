"""newsschema: typed models, validators and converters for annotated news articles."""

from typing import TYPE_CHECKING, Any

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
    SCHEMA_VERSIONS,
    AnyQuote,
    Article,
    DirectQuote,
    Document,
    Entity,
    Event,
    EventDate,
    GeopoliticalEntity,
    Group,
    IndirectQuote,
    Mention,
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
    Work,
)
from newsschema.report import Report
from newsschema.serialize import dumps, save
from newsschema.validation import validate

if TYPE_CHECKING:
    from newsschema.dataframes import tables

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "SCHEMA_VERSIONS",
    "AnyQuote",
    "Article",
    "DirectQuote",
    "Document",
    "Entity",
    "Event",
    "EventDate",
    "Finding",
    "GeopoliticalEntity",
    "Group",
    "IndirectQuote",
    "LoadError",
    "Loaded",
    "Mention",
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
    "Work",
    "__version__",
    "dumps",
    "iter_documents",
    "load_document",
    "load_documents",
    "loads",
    "save",
    "tables",
    "validate",
]


def __getattr__(name: str) -> Any:
    # tables() loads the table layout (and pandas when called): only on first use.
    if name == "tables":
        from newsschema.dataframes import tables

        return tables
    raise AttributeError(f"module 'newsschema' has no attribute {name!r}")
