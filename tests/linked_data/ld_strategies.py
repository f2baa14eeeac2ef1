"""Hypothesis strategies for the linked-data tests."""

from __future__ import annotations

from hypothesis import strategies as st

from newsschema.models import Document
from newsschema.strategies import documents


@st.composite
def inconsistent_documents(draw: st.DrawFn) -> Document:
    """Model-valid documents that break semantic rules: dangling ids, duplicates, wild spans."""
    data = draw(
        documents(max_entities=4).map(lambda d: d.model_dump(mode="json", exclude_none=True))
    )
    wild = st.fixed_dictionaries({"start": st.integers(0, 400), "end": st.integers(0, 400)})
    for entity in data["entities"]:
        if draw(st.booleans()):
            entity["mentions"] = draw(st.lists(wild, max_size=3))
        if draw(st.booleans()):
            entity["id"] = "dup"
    for quote in data["quotes"]:
        if draw(st.booleans()):
            quote["speaker"] = "nobody"
        if draw(st.booleans()):
            quote["span"] = draw(wild)
        if draw(st.booleans()):
            quote["via"] = ["nowhere"]
    for event in data["events"]:
        if draw(st.booleans()):
            event["location"] = "nowhere"
            event["participants"] = [{"entity": "ghost", "role": "host"}]
    if draw(st.booleans()):
        data["article"]["publisher"] = "ghost"
        data["article"]["authors"] = ["ghost", "dup"]
    return Document.model_validate(data)
