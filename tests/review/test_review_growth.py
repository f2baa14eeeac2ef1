"""``diff`` and ``agree`` grow about linearly with their input (round three, blow-ups).

Each test compares the CPU time of a small and an 8x input (``cpu_growth``): linear work gives
about 8, quadratic about 64. The bounds are generous; the old code was quadratic in each case.
"""

from __future__ import annotations

import json
import random
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsschema.formats.canonical import dump_canonical
from newsschema.loader import loads
from newsschema.review._read import read_sources
from newsschema.review.diff import DiffReport, diff_documents, diff_sources
from newsschema.review.layers import Unit
from newsschema.review.matching import match_units

Growth = Callable[[Callable[[], object], Callable[[], object]], float]

_WORDS = ("minister", "said", "talks", "would", "resume", "in", "the", "spring", "and", "of")


def quoted_article(quotes: int, prefix: str = "q") -> dict[str, Any]:
    """An article of ``quotes`` sentences, each one quote with id ``{prefix}{n}``."""
    sentences = [f"Sentence {n} says the talks go on." for n in range(quotes)]
    body = " ".join(["Ivan said:", *sentences])
    items, start = [], len("Ivan said: ")
    for n, sentence in enumerate(sentences):
        end = start + len(sentence)
        items.append(
            {
                "id": f"{prefix}{n}",
                "kind": "indirect",
                "speaker": "ivan",
                "text": sentence,
                "span": {"start": start, "end": end},
            }
        )
        start = end + 1
    return {
        "schema_version": "1.0",
        "article": {"id": "a1", "headline": "Talks", "body": body, "language": "en"},
        "entities": [
            {"id": "ivan", "kind": "person", "name": "Ivan", "mentions": [{"start": 0, "end": 4}]}
        ],
        "events": [],
        "quotes": items,
    }


def _write(path: Path, data: dict[str, Any]) -> Path:
    path.write_bytes(dump_canonical(loads(json.dumps(data))))
    return path


def _renamed_diff(tmp_path: Path, quotes: int) -> Callable[[], DiffReport]:
    """A diff of two files whose quotes all changed ids (each change is located in the file)."""
    folder = tmp_path / str(quotes)
    folder.mkdir()
    old = read_sources([str(_write(folder / "old.json", quoted_article(quotes, "q")))])
    new = read_sources([str(_write(folder / "new.json", quoted_article(quotes, "renamed")))])
    return lambda: diff_sources(old, new, show_renames=True)


def test_diff_of_renamed_ids_grows_linearly(tmp_path: Path, cpu_growth: Growth) -> None:
    """Renaming 8x more quote ids costs about 8x (each change located in one scan, not one each)."""
    small, large = _renamed_diff(tmp_path, 60), _renamed_diff(tmp_path, 480)
    assert len(small().changes) == 60  # every rename is found and reported
    assert cpu_growth(small, large) < 24


def _edited_bodies(length: int) -> tuple[Any, Any]:
    """Two versions of a body of about ``length`` characters, one word changed in every ten.

    Half the words are a few common ones, half rarer ones, as in prose.
    """
    rng = random.Random(length)
    words = [
        rng.choice(_WORDS) if rng.random() < 0.5 else f"word{rng.randrange(5000)}"
        for _ in range(length // 7)
    ]
    edited = [w.upper() if n % 10 == 3 else w for n, w in enumerate(words)]
    old = quoted_article(0)
    new = quoted_article(0)
    old["article"]["body"] = " ".join(words)
    new["article"]["body"] = " ".join(edited)
    return loads(json.dumps(old)), loads(json.dumps(new))


def test_diff_of_an_edited_body_grows_linearly(cpu_growth: Growth) -> None:
    """A body 8x longer with edits spread through it costs about 8x to diff (words first)."""
    small, large = _edited_bodies(2_000), _edited_bodies(16_000)
    for old, new in (small, large):
        (change,) = diff_documents(old, new)
        (body,) = change.fields
        # Every edited word is found as its own edit: five shown, then how many more.
        edited = len(old.article.body.split()) // 10 + (len(old.article.body.split()) % 10 > 3)
        assert body.field == "body" and body.added[-1] == f"… {edited - 5} more edit(s)"
    assert cpu_growth(lambda: diff_documents(*small), lambda: diff_documents(*large)) < 24


def _nested(count: int, shift: int) -> list[Unit]:
    """``count`` spans nested inside one another, each ``shift`` code points off the previous."""
    return [Unit(n + shift, 10 * count - n, None, f"u{n}") for n in range(count)]


def _under_a_long_span(count: int) -> list[Unit]:
    """One span over the whole text, then ``count`` short disjoint spans under it."""
    return [Unit(0, 10 * count, None, "long")] + [
        Unit(10 * n + 1, 10 * n + 6, None, f"u{n}") for n in range(count)
    ]


def test_agree_matching_of_nested_spans_grows_linearly(cpu_growth: Growth) -> None:
    """Deeply nested spans (every pair overlaps) cost about 8x for 8x units, not 64x."""
    small = (_nested(150, 0), _nested(150, 1))
    large = (_nested(1200, 0), _nested(1200, 1))
    assert len(match_units(*small, exact=False, same_label=False)) == 150
    ratio = cpu_growth(
        lambda: match_units(*small, exact=False, same_label=False),
        lambda: match_units(*large, exact=False, same_label=False),
    )
    assert ratio < 24


def test_agree_matching_under_one_long_span_grows_linearly(cpu_growth: Growth) -> None:
    """One long span does not make every unit scan all others: 8x units cost about 8x."""
    small = (
        _under_a_long_span(300),
        [Unit(u.start + 1, u.end, None, u.ref) for u in _under_a_long_span(300)],
    )
    large = (
        _under_a_long_span(2400),
        [Unit(u.start + 1, u.end, None, u.ref) for u in _under_a_long_span(2400)],
    )
    pairs = match_units(*small, exact=False, same_label=False)
    assert pairs == [(i, i) for i in range(301)]  # each span with its shifted twin
    ratio = cpu_growth(
        lambda: match_units(*small, exact=False, same_label=False),
        lambda: match_units(*large, exact=False, same_label=False),
    )
    assert ratio < 24


def _peak(action: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_agree_matching_of_nested_spans_keeps_memory_linear() -> None:
    """The candidates kept for nested spans grow with the units, not with the pairs of them."""
    small = _peak(
        lambda: match_units(_nested(150, 0), _nested(150, 1), exact=False, same_label=False)
    )
    large = _peak(
        lambda: match_units(_nested(1200, 0), _nested(1200, 1), exact=False, same_label=False)
    )
    assert large < 24 * small
