"""newsschema: typed models, validators and converters for annotated news articles.

Public names are imported on first use (module ``__getattr__``): ``import newsschema`` stays
cheap, so that a command or a library user pays only for the parts it touches (building the
Pydantic models is most of the cost of ``newsschema.models``).
"""

from types import ModuleType
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
        ToolRecord,
        ToolSpan,
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
    "ToolRecord",
    "ToolSpan",
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
            "ToolRecord",
            "ToolSpan",
            "Work",
        ),
        "models",
    ),
    "Report": "report",
    **dict.fromkeys(("dumps", "save"), "serialize"),
    "tables": "dataframes",
    "validate": "validation",
}


def _module(name: str) -> ModuleType | None:
    """Import the package's module ``name`` (one `import newsschema` used to load), or None."""
    # Each import is written out (no import by computed name), so that the import graph, which
    # the architecture tests check, sees them; `import a.b` rather than `from a import b`, which
    # would ask this module's __getattr__ for b again.
    if name == "codes":
        import newsschema.codes

        return newsschema.codes
    if name == "dataframes":
        import newsschema.dataframes

        return newsschema.dataframes
    if name == "findings":
        import newsschema.findings

        return newsschema.findings
    if name == "formats":
        import newsschema.formats

        return newsschema.formats
    if name == "loader":
        import newsschema.loader

        return newsschema.loader
    if name == "models":
        import newsschema.models

        return newsschema.models
    if name == "report":
        import newsschema.report

        return newsschema.report
    if name == "rules":
        import newsschema.rules

        return newsschema.rules
    if name == "serialize":
        import newsschema.serialize

        return newsschema.serialize
    if name == "types":
        import newsschema.types

        return newsschema.types
    if name == "validation":
        import newsschema.validation

        return newsschema.validation
    return None


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use and keep the name as a plain global.

    The modules that `import newsschema` used to load (``newsschema.models``...) are imported
    when first reached as attributes, so that code written against the eager package still runs.
    """
    home = _HOMES.get(name)
    module = _module(home if home is not None else name)
    if module is None:
        raise AttributeError(f"module 'newsschema' has no attribute {name!r}")
    if home is None:
        return module
    value = getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
