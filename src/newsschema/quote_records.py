"""The ``quotes`` record: the simple shape machine quote extractors are asked to write.

One record holds an article and the quotes found in it; only a quote's ``text`` is required. A
speaker is a name, a cue is the reporting verb's text, offsets may count any unit (they are
verified and re-anchored). ``newsschema convert --from quotes`` reads JSON Lines (or one JSON
object) of these records and anchors every quote in the body; ``--to quotes`` writes them. The
JSON Schema published as ``schema/quotes.schema.json`` is generated from these models, so that
a language model can be asked for output by schema.
"""

import sys
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from newsschema._field_docs import attach_field_docstrings
from newsschema.models import SCHEMA_VERSION
from newsschema.types import AttributionType, Offset

__all__ = [
    "QUOTES_SCHEMA_FILENAME",
    "QUOTES_SCHEMA_ID",
    "QuoteArticle",
    "QuoteItem",
    "QuoteRecord",
    "quotes_schema",
]

QUOTES_SCHEMA_FILENAME = "quotes.schema.json"
QUOTES_SCHEMA_ID = f"https://w3id.org/newsschema/{SCHEMA_VERSION}/{QUOTES_SCHEMA_FILENAME}"

QuoteKind = Literal["direct", "partial", "indirect", "mixed", "scare"]


class _Record(BaseModel):
    model_config = ConfigDict(strict=True, frozen=True, extra="forbid", defer_build=True)


class QuoteArticle(_Record):
    """The article the quotes were extracted from."""

    id: Annotated[str, Field(min_length=1)]
    """Identifier of the article (a letter or underscore, then letters, digits, ``_ . : -``)."""
    body: Annotated[str, Field(min_length=1)]
    """The exact article text the quotes are found in."""
    language: str | None = None
    """BCP 47 language tag (or give ``--set article.language=TAG``)."""
    headline: str | None = None
    """The headline as published."""
    url: str | None = None
    """Where the article was published."""
    date_published: str | None = None
    """When it was first published (ISO 8601 with an offset)."""
    date_modified: str | None = None
    """When it was last changed (ISO 8601 with an offset)."""


class QuoteItem(_Record):
    """One extracted quote; only its text is required."""

    text: Annotated[str, Field(min_length=1)]
    """The quoted words, as they stand in the body (quotation marks around them may be left
    out)."""
    speaker: Annotated[str, Field(min_length=1)] | None = None
    """Who said it, by name as the article names them."""
    cue: Annotated[str, Field(min_length=1)] | None = None
    """The reporting verb's text ("said", "warned"), found near the quote."""
    kind: QuoteKind | None = None
    """``direct`` (in quotation marks), ``partial``, ``indirect`` (reported speech),
    ``mixed`` or ``scare``; inferred from the quotation marks when absent."""
    attribution: AttributionType | None = None
    """``speech``, ``belief``, ``knowledge`` or ``intention``."""
    start: Offset | None = None
    """Start offset of the text in the body, in any unit (code points, UTF-16 code units or
    UTF-8 bytes); checked and re-anchored."""
    end: Offset | None = None
    """End offset (exclusive), in the same unit as ``start``."""
    confidence: Annotated[float, Field(ge=0, le=1)] | None = None
    """The extractor's confidence, from 0 to 1 (read, not kept in the canonical document)."""


class QuoteRecord(_Record):
    """An article and the quotes found in it: one JSON Lines record."""

    article: QuoteArticle
    """The article."""
    quotes: list[QuoteItem] = Field(default_factory=list)
    """The quotes found in it, preferably in document order."""


def quotes_schema() -> dict[str, object]:
    """Return the JSON Schema (draft 2020-12) of one :class:`QuoteRecord`."""
    schema = QuoteRecord.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": QUOTES_SCHEMA_ID,
        **schema,
        "title": "newsschema extracted quotes",
        "description": (
            "An article and the quotes a person or a model extracted from it, as read by "
            "`newsschema convert --from quotes`: each quote's text is anchored in the body "
            "(exact, normalised or fuzzy), its offsets verified in any unit, its speaker linked "
            "to a mention. Only a quote's text is required."
        ),
    }


attach_field_docstrings(sys.modules[__name__], [QuoteArticle, QuoteItem, QuoteRecord])
