"""The public API of newsschema.review."""

from __future__ import annotations

import newsschema.review


def test_review_all_is_pinned() -> None:
    """The names newsschema.review exports are the documented ones, and all exist."""
    assert sorted(newsschema.review.__all__) == sorted(
        [
            "LAYERS",
            "AgreementError",
            "AgreementReport",
            "Change",
            "DiffReport",
            "Disagreement",
            "FieldChange",
            "Layer",
            "LayerAgreement",
            "PairAgreement",
            "ReviewInputError",
            "Source",
            "Unit",
            "agree",
            "diff_documents",
            "diff_sources",
            "read_sources",
        ]
    )
    for name in newsschema.review.__all__:
        assert hasattr(newsschema.review, name), name
