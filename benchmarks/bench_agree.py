"""Time ``newsschema agree`` on 1,000 articles x 3 annotators.

Usage::

    pip install -e '.[review]'
    python benchmarks/bench_agree.py [--docs 1000] [--bootstrap 1000] [--out DIR]

The first annotator's articles are the seed-like benchmark corpus (~15 entities, ~6 events,
~8 quotes each); the other two are deterministic perturbations of it: moved mention and quote
boundaries, changed entity kinds, speakers, quote kinds and realis, dropped mentions, and (for
the third) 5% of the articles not annotated at all. Reports the time of the whole command
(reading and checking three JSON Lines files, every layer, alpha's bootstrap, the JSON report)
and of ``agree()`` alone, for the full size and for one eighth of it (the ratio shows growth).
"""

from __future__ import annotations

import argparse
import copy
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson

from newsschema.models import Document
from newsschema.review import agree

sys.path.insert(0, str(Path(__file__).parent))
from corpus import make_document

_SWAP = {"organization": "group", "group": "organization"}
_REALIS = ["planned", "promised", "uncertain"]


def _perturb(doc: dict[str, Any], rng: random.Random, rate: float) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    body = doc["article"]["body"]
    for entity in doc["entities"]:
        if entity["kind"] in _SWAP and rng.random() < rate:
            # Swaps the rules accept (a place stays a place: events are located there).
            entity["kind"] = _SWAP[entity["kind"]]
        kept = []
        for mention in entity["mentions"]:
            if rng.random() < rate / 2:
                continue  # missed mention
            if rng.random() < rate and mention["end"] - mention["start"] > 2:
                mention["end"] -= 1  # boundary disagreement
            kept.append(mention)
        entity["mentions"] = kept
    people = [e["id"] for e in doc["entities"] if e["kind"] == "person"]
    for quote in doc["quotes"]:
        if people and rng.random() < rate:
            quote["speaker"] = rng.choice(people)
        if quote["kind"] in ("direct", "partial") and rng.random() < rate:
            quote["kind"] = "partial" if quote["kind"] == "direct" else "direct"
    for event in doc["events"]:
        if event["realis"] != "actual" and rng.random() < rate:
            event["realis"] = rng.choice(_REALIS)  # "actual" has date rules: left alone
    doc["article"]["body"] = body
    return doc


def corpus(docs: int) -> dict[str, list[dict[str, Any]]]:
    rng = random.Random(42)
    first = [make_document(rng, n) for n in range(docs)]
    second = [_perturb(d, rng, 0.1) for d in first]
    third = [_perturb(d, rng, 0.2) for d in first if rng.random() >= 0.05]
    return {"ann1": first, "ann2": second, "ann3": third}


def _time_agree(data: dict[str, list[dict[str, Any]]], bootstrap: int) -> tuple[float, float]:
    """Return wall and CPU seconds of agree() (CPU time is robust on a shared machine)."""
    documents = {
        name: [Document.model_validate(d, strict=False) for d in docs]
        for name, docs in data.items()
    }
    start, cpu = time.perf_counter(), time.process_time()
    agree(documents, bootstrap=bootstrap)
    return time.perf_counter() - start, time.process_time() - cpu


def _time_command(
    data: dict[str, list[dict[str, Any]]], bootstrap: int, out: Path
) -> tuple[float, float]:
    """Return wall and CPU seconds of the whole command in a child process."""
    paths = []
    for name, docs in data.items():
        path = out / f"{name}.jsonl"
        path.write_bytes(b"".join(orjson.dumps(d) + b"\n" for d in docs))
        paths.append(str(path))
    command = [sys.executable, "-m", "newsschema", "agree", *paths, "--format", "json"]
    command += ["--bootstrap", str(bootstrap), "-o", str(out / "report.json")]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"agree failed ({done.returncode}): {done.stderr[-2000:]}")
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--bootstrap", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        for docs in (args.docs // 8, args.docs):
            data = corpus(docs)
            units = sum(len(m["mentions"]) for d in data["ann1"] for m in d["entities"])
            (wall, cpu), (command_wall, command_cpu) = (
                _time_agree(data, args.bootstrap),
                _time_command(data, args.bootstrap, out),
            )
            print(
                f"{docs:>5} articles x 3 annotators ({units} mentions in the first): "
                f"agree() {wall:.2f} s wall / {cpu:.2f} s CPU; whole command (read, check, "
                f"compute, JSON report) {command_wall:.2f} s wall / {command_cpu:.2f} s CPU"
            )


if __name__ == "__main__":
    main()
