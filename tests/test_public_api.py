import newsschema


def test_all_is_pinned() -> None:
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
            "Work",
            "__version__",
            "iter_documents",
            "load_document",
            "load_documents",
            "loads",
            "validate",
        ]
    )


def test_every_name_in_all_exists() -> None:
    for name in newsschema.__all__:
        assert hasattr(newsschema, name), name
