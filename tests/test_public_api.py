import newsschema


def test_all_is_pinned() -> None:
    """`newsschema.__all__` is exactly the pinned list of public names."""
    assert sorted(newsschema.__all__) == sorted(
        [
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
            "Participant",
            "PartialQuote",
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
    )


def test_every_name_in_all_exists() -> None:
    """Every name in `__all__` is an attribute of the package."""
    for name in newsschema.__all__:
        assert hasattr(newsschema, name), name
