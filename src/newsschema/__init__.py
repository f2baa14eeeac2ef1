"""newsschema: typed models, validators and converters for annotated news articles.

Public names are imported on first use (module ``__getattr__``): ``import newsschema`` stays
cheap, so that a command or a library user pays only for the parts it touches (building the
Pydantic models is most of the cost of ``newsschema.models``).
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsschema.dataframes import tables
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

# Public name -> the module that defines it (imported when the name is first asked for).
_HOMES: dict[str, str] = {
    **dict.fromkeys(("Finding", "Severity"), "findings"),
    **dict.fromkeys(
        ("LoadError", "Loaded", "iter_documents", "load_document", "load_documents", "loads"),
        "loader",
    ),
    **dict.fromkeys(
        (
            "SCHEMA_VERSION",
            "SCHEMA_VERSIONS",
            "AnyQuote",
            "Article",
            "DirectQuote",
            "Document",
            "Entity",
            "Event",
            "EventDate",
            "GeopoliticalEntity",
            "Group",
            "IndirectQuote",
            "Mention",
            "MixedQuote",
            "Organization",
            "OtherEntity",
            "Outlet",
            "PartialQuote",
            "Participant",
            "Person",
            "Place",
            "ScareQuote",
            "Span",
            "Work",
        ),
        "models",
    ),
    "Report": "report",
    **dict.fromkeys(("dumps", "save"), "serialize"),
    "tables": "dataframes",
    "validate": "validation",
}


# Public modules that `import newsschema` used to load, so `newsschema.models.Document` (without
# importing the module) still works: they are imported when first reached this way.
_SUBMODULES = frozenset(
    (
        "codes",
        "findings",
        "formats",
        "loader",
        "models",
        "report",
        "rules",
        "serialize",
        "types",
        "validation",
    )
)


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use and keep the name as a plain global."""
    if name in _SUBMODULES:
        return import_module(f"newsschema.{name}")  # the import sets the attribute too
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'newsschema' has no attribute {name!r}")
    value = getattr(import_module(f"newsschema.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
