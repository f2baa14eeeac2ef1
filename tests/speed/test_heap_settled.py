"""Documents a conversion keeps are out of the cyclic collector's walks, and given back after."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsschema import _heap
from newsschema.convert import ConvertError
from newsschema.convert import convert as run_convert
from newsschema.models import Document

from ..conftest import INVALID, invoke, seed_corpus


@pytest.fixture(autouse=True)
def _nothing_frozen() -> Iterator[None]:
    """Each test starts and ends with no frozen objects and the collector on."""
    gc.unfreeze()
    assert gc.isenabled()
    yield
    gc.unfreeze()


def test_settle_freezes_what_is_kept_and_the_block_unfreezes_it() -> None:
    """Objects alive at a settle() call leave the collector's generations until the block ends."""
    kept: list[dict[str, Any]] = []
    with _heap.settled() as settle:
        kept.append({"a": [1, 2]})
        settle()
        assert gc.get_freeze_count() > 0
        assert not any(item is kept[0] for item in gc.get_objects())
    assert gc.get_freeze_count() == 0
    assert any(item is kept[0] for item in gc.get_objects())


def test_settled_leaves_a_callers_frozen_objects_frozen() -> None:
    """When the caller froze objects itself, settle() does nothing and the block unfreezes none."""
    gc.freeze()
    before = gc.get_freeze_count()
    with _heap.settled() as settle:
        settle()
    assert gc.get_freeze_count() == before > 0


def test_settled_does_nothing_while_the_collector_is_off() -> None:
    """With the collector disabled (the caller's choice), nothing is frozen."""
    gc.disable()
    try:
        with _heap.settled() as settle:
            settle()
            assert gc.get_freeze_count() == 0
    finally:
        gc.enable()


def test_settled_unfreezes_when_the_block_raises() -> None:
    """An exception inside the block still gives every object back to the collector."""
    with pytest.raises(RuntimeError), _heap.settled() as settle:
        settle()
        raise RuntimeError
    assert gc.get_freeze_count() == 0


def test_per_document_outputs_keep_no_model_when_they_appear(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When one-file-per-document outputs are committed, no model is alive and none frozen."""
    from newsschema._folder import FolderWriter

    alive: list[int] = []
    frozen: list[int] = []
    real = FolderWriter.commit

    def counting(self: FolderWriter) -> list[Path]:
        frozen.append(gc.get_freeze_count())  # nothing hidden from get_objects() below
        alive.append(sum(isinstance(item, Document) for item in gc.get_objects()))
        return real(self)

    monkeypatch.setattr(FolderWriter, "commit", counting)
    folder = seed_corpus(tmp_path, 16)
    gc.collect()
    before = sum(isinstance(item, Document) for item in gc.get_objects())  # other tests' own
    run_convert([str(folder)], to="jsonld", output=str(tmp_path / "out"))
    assert frozen == [0]
    assert alive == [before]
    assert len(list((tmp_path / "out").glob("*.jsonld"))) == 16


def test_refused_conversion_gives_every_object_back(tmp_path: Path) -> None:
    """A conversion refused for invalid input leaves nothing frozen."""
    bad = next(INVALID.glob("*.json"))
    with pytest.raises(ConvertError):
        run_convert([str(bad)], to="jsonld", output=str(tmp_path / "out"))
    assert gc.get_freeze_count() == 0


def test_agree_keeps_the_documents_it_read_out_of_the_collectors_walks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While `agree` computes, every document it read is frozen; afterwards nothing is."""
    from newsschema.review import agreement

    seen: list[tuple[int, int, int]] = []
    real = agreement.agree

    def watching(documents: Any, **kwargs: Any) -> Any:
        held = sum(len(docs) for docs in documents.values())
        walked = sum(isinstance(item, Document) for item in gc.get_objects())
        seen.append((held, gc.get_freeze_count(), walked))
        return real(documents, **kwargs)

    monkeypatch.setattr(agreement, "agree", watching)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = seed_corpus(tmp_path / "a", 4), seed_corpus(tmp_path / "b", 4)
    code, output = invoke("agree", str(first), str(second), "--format", "json")
    assert code == 0, output
    [(held, frozen, walked)] = seen
    assert held == 8
    assert frozen >= held
    assert walked == 0  # the 8 documents are alive, but in no generation the collector walks
    assert gc.get_freeze_count() == 0
