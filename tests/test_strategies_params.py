"""Parameters of the document strategies, and invalid documents paired with their codes."""

from __future__ import annotations

import contextlib
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsschema
from newsschema import Document
from newsschema.findings import Severity
from newsschema.strategies import INVALID_CODES, documents, invalid_documents


@given(documents(quotes=(3, 5), via=2, languages=["uk", "de-CH"]))
def test_parameters_shape_the_documents(doc: Document) -> None:
    """Quote count, chain length and language follow the parameters."""
    assert 3 <= len(doc.quotes) <= 5
    assert doc.article.language in ("uk", "de-CH")
    for quote in doc.quotes:
        if quote.speaker is not None:
            assert len(quote.via) == 2
            assert all(outlet.kind == "outlet" for outlet in doc.via(quote))
            assert quote.speaker not in quote.via


@given(documents(quotes=0, events=0))
def test_zero_counts_give_none(doc: Document) -> None:
    """quotes=0 and events=0 give documents without quotes or events."""
    assert doc.quotes == () and doc.events == ()


@given(documents(quotes=(1, 3), via=(1, 3)))
def test_generated_documents_with_chains_are_valid(doc: Document) -> None:
    """Documents with long outlet chains pass every error rule."""
    report = newsschema.validate(doc)
    assert not [f for f in report.findings if f.severity is Severity.ERROR], report.findings


@pytest.mark.parametrize(
    "kwargs", [{"quotes": (3, 1)}, {"via": -1}, {"events": (-1, 2)}, {"languages": []}]
)
def test_bad_parameters_are_refused(kwargs: dict[str, Any]) -> None:
    """Impossible ranges and an empty language list are a ValueError at once."""
    with pytest.raises(ValueError, match=r"must (be a count|name at least one)"):
        documents(**kwargs)


@given(invalid_documents())
def test_invalid_documents_produce_their_code(case: tuple[dict[str, Any], str]) -> None:
    """Each invalid example, read as JSON text, yields the code it is paired with."""
    document, code = case
    report = newsschema.validate(orjson.dumps(document, option=orjson.OPT_INDENT_2))
    codes = {f.code for f in report.findings}
    assert code in codes, (code, report.findings)
    assert not report.valid


@given(invalid_documents())
def test_invalid_documents_never_crash_the_model(case: tuple[dict[str, Any], str]) -> None:
    """Validating the dict from Python either builds a Document or raises ValidationError."""
    from pydantic import ValidationError

    with contextlib.suppress(ValidationError):
        Document.model_validate(case[0])


@pytest.mark.parametrize("code", sorted(INVALID_CODES))
@given(data=st.data())
def test_every_paired_code_is_reachable(code: str, data: st.DataObject) -> None:
    """Each code of INVALID_CODES, asked for alone, is produced by its examples."""
    document, paired = data.draw(invalid_documents(codes=[code]))
    assert paired == code
    report = newsschema.validate(orjson.dumps(document, option=orjson.OPT_INDENT_2))
    assert code in {f.code for f in report.findings}, (code, report.findings)


def test_unknown_code_is_refused() -> None:
    """Asking for a code the strategy cannot produce is a ValueError at once."""
    with pytest.raises(ValueError, match="codes must be a non-empty subset"):
        invalid_documents(codes=["NS999"])
