"""Time anchoring 10,000 extracted quotes over 1,000 articles.

Usage::

    pip install -e '.[quotes]'      # rapidfuzz; without it the difflib fallback is timed
    python benchmarks/bench_anchor.py [--docs 1000] [--quotes 10] [--out DIR]

The articles are the benchmark corpus (``corpus.make_document``). Each gets ``--quotes``
extracted quotes written as a ``--from quotes`` record, as an extractor would: its quotes'
texts and sentences of the body, 55% verbatim without offsets, 15% verbatim with offsets,
15% with typographic changes (case, straight marks: found after normalising) and 15%
paraphrased (a word dropped or doubled: found fuzzily or not at all). Reports the time of
``Anchorer.find`` alone (library, ``fuzzy:0.85``), of the whole ``convert --from quotes --to
jsonl --anchor fuzzy:0.85`` command, and the same for one eighth of the articles (the ratio
shows growth).
"""

from __future__ import annotations

import argparse
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import orjson

from newsschema.formats.anchoring import Anchorer, AnchorPolicy, fuzzy_backend

sys.path.insert(0, str(Path(__file__).parent))
from corpus import make_document

_SENTENCE = re.compile(r"[^.]{20,160}")
POLICY = AnchorPolicy("fuzzy", 0.85)


def _variant(text: str, rng: random.Random, kind: str) -> str:
    if kind == "typographic":
        return f'"{text.upper()}"'
    words = text.split()
    if len(words) > 3:
        i = rng.randrange(1, len(words) - 1)
        words = words[:i] + words[i + 1 :] if rng.random() < 0.5 else words[: i + 1] + words[i:]
    return " ".join(words)


def make_records(docs: int, per_article: int, seed: int = 7) -> list[dict[str, Any]]:
    """The extractor's records: one per article, ``per_article`` quotes each."""
    rng = random.Random(seed)
    records = []
    for number in range(docs):
        doc = make_document(rng, number)
        body = doc["article"]["body"]
        texts = [q["text"] for q in doc["quotes"] if q["text"].strip()]
        texts += [m.group().strip() for m in _SENTENCE.finditer(body)]
        quotes = []
        for text in rng.sample(texts, min(per_article, len(texts))):
            roll = rng.random()
            item: dict[str, Any] = {"text": text, "kind": "indirect"}
            if roll < 0.15:
                start = body.index(text)
                item.update(start=start, end=start + len(text))
            elif roll < 0.30:
                item["text"] = _variant(text, rng, "typographic")
            elif roll < 0.45:
                item["text"] = _variant(text, rng, "paraphrase")
            quotes.append(item)
        article = {"id": doc["article"]["id"], "body": body, "language": "en"}
        records.append({"article": article, "quotes": quotes})
    return records


def time_library(records: list[dict[str, Any]]) -> tuple[float, Counter[str]]:
    """Seconds to anchor every quote with ``Anchorer.find``, and how each was found."""
    methods: Counter[str] = Counter()
    start = time.perf_counter()
    for record in records:
        anchorer = Anchorer(record["article"]["body"])
        for quote in record["quotes"]:
            found = anchorer.find(
                quote["text"], POLICY, start=quote.get("start"), end=quote.get("end")
            )
            methods[found.method or "not found"] += 1
    return time.perf_counter() - start, methods


def time_command(records: list[dict[str, Any]], directory: Path) -> float:
    """Seconds of the whole ``convert --from quotes`` command on these records."""
    source = directory / "quotes.jsonl"
    source.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    command = [
        sys.executable, "-m", "newsschema", "convert", str(source), "--from", "quotes",
        "--to", "jsonl", "-o", str(directory / "out.jsonl"), "--anchor", "fuzzy:0.85",
    ]  # fmt: skip
    start = time.perf_counter()
    subprocess.run(command, check=False, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    """Run the benchmark and print a small report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--quotes", type=int, default=10)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument(
        "--difflib", action="store_true", help="time the difflib fallback (library only)"
    )
    args = parser.parse_args()
    if args.difflib:
        from newsschema.formats import anchoring

        anchoring._rapidfuzz = lambda: None  # type: ignore[attr-defined]  # noqa: SLF001
    full = make_records(args.docs, args.quotes)
    eighth = full[: max(1, args.docs // 8)]
    total = sum(len(r["quotes"]) for r in full)
    print(f"python {platform.python_version()}, fuzzy backend: {fuzzy_backend()}")
    print(f"{len(full)} articles, {total} quotes")
    small, _ = time_library(eighth)
    seconds, methods = time_library(full)
    print(f"Anchorer.find, all quotes: {seconds:.2f} s ({1e6 * seconds / total:.0f} us/quote)")
    print(f"Anchorer.find, 1/8 of the articles: {small:.2f} s (ratio {seconds / small:.1f})")
    print("found by: " + ", ".join(f"{k} {v}" for k, v in sorted(methods.items())))
    if args.difflib:
        return
    with tempfile.TemporaryDirectory(dir=args.out) as work:
        command = time_command(full, Path(work))
        command_small = time_command(eighth, Path(work))
    print(f"convert --from quotes, all: {command:.2f} s; 1/8: {command_small:.2f} s")


if __name__ == "__main__":
    main()
