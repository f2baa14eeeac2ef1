from __future__ import annotations

from hypothesis import given

from newsschema import Document, loads
from newsschema.formats.canonical import dump_canonical
from newsschema.strategies import documents


@given(documents())
def test_generated_spans_match_and_ids_resolve(doc: Document) -> None:
    """Generated documents have in-range spans matching their text and resolvable unique ids."""
    body = doc.article.body
    for _, span in doc.iter_spans():
        assert 0 <= span.start < span.end <= len(body)
    for quote in doc.quotes:
        assert body[quote.span.start : quote.span.end] == quote.text
        for insertion in quote.insertions:
            assert quote.span.start <= insertion.start < insertion.end <= quote.span.end
        doc.speaker(quote)  # resolves (None for unattributed)
        doc.via(quote)
    for entity in doc.entities:
        names = {entity.name, *entity.aliases}
        assert entity.mentions
        assert all(doc.text(m) in names for m in entity.mentions)
    for event in doc.events:
        doc.participants(event)
        doc.location(event)
    assert len(
        {e.id for e in doc.entities} | {e.id for e in doc.events} | {q.id for q in doc.quotes}
    ) == (len(doc.entities) + len(doc.events) + len(doc.quotes))


@given(documents())
def test_canonical_json_round_trips(doc: Document) -> None:
    """Canonical JSON (indented and compact) reloads to an equal document."""
    assert loads(dump_canonical(doc)) == doc
    assert loads(dump_canonical(doc, indent=False)) == doc


@given(documents(schema_version="1.1"))
def test_1_1_documents_use_only_valid_1_1_structure(doc: Document) -> None:
    """Generated 1.1 documents nest inside their enclosing quote and split around the cue."""
    assert doc.schema_version == "1.1"
    body = doc.article.body
    for quote in doc.quotes:
        assert body[quote.span.start : quote.span.end] == quote.text
        for cut in quote.interruptions:
            assert quote.span.start <= cut.start < cut.end <= quote.span.end
            assert quote.cue is not None and cut.start <= quote.cue.start < quote.cue.end <= cut.end
        outer = doc.within(quote)
        if quote.within is not None:
            assert outer is not None and outer.within is None
            assert outer.span.start <= quote.span.start and quote.span.end <= outer.span.end
    for entity in doc.entities:
        names = {entity.name, *entity.aliases}
        for mention in entity.mentions:
            assert (doc.text(mention) in names) == (mention.form in (None, "name"))


@given(documents(schema_version="1.1"))
def test_1_1_canonical_json_round_trips(doc: Document) -> None:
    """Every 1.1 field survives the canonical JSON writer and reader."""
    assert loads(dump_canonical(doc)) == doc
