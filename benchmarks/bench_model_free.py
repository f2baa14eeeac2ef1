"""The model-free path for valid documents against the model path and bare Pydantic.

Usage::

    python benchmarks/bench_model_free.py [--docs 2000] [--rounds 5] [--cli]

In this process, per document of the seed-like corpus (``benchmarks/corpus.py``), CPU time of:
bare ``Document.model_validate_json``; ``check_document`` (structure and every rule) on the
model-free path; and the same with models always built (``NEWSSCHEMA_MODEL_FREE=0``'s switch).
The three run in alternating rounds (best round of each shown), because a shared machine's
speed drifts between minutes. With ``--cli``, also ``newsschema validate --jobs 1`` over the
corpus as JSON Lines, with and without the switch, in alternating pairs (CPU time of the
process, start-up included), against the bare Pydantic rate.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from newsschema import _fast
from newsschema.models import Document
from newsschema.validation import check_document

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import iter_lines


def cpu_pass(function: Callable[[Any], object], lines: Sequence[bytes]) -> float:
    """CPU seconds of one pass of ``function`` over ``lines``."""
    gc.collect()
    start = time.process_time()
    for line in lines:
        function(line)
    return time.process_time() - start


def _models(line: bytes) -> object:
    _fast.MODEL_FREE = False
    try:
        return check_document(line)
    finally:
        _fast.MODEL_FREE = True


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cli_cpu(argv: Sequence[str], env: dict[str, str]) -> float:
    """CPU seconds (user + system) of one run of ``argv``."""
    before = _children_cpu()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True)
    return _children_cpu() - before


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cli", action="store_true", help="also time the validate command")
    args = parser.parse_args()
    lines = list(iter_lines(args.docs))
    check_document(lines[0])  # build the validators once, outside the timings
    _models(lines[0])
    Document.model_validate_json(lines[0])
    timed: dict[str, Callable[[bytes], object]] = {
        "bare Pydantic Document.model_validate_json": Document.model_validate_json,
        "check_document, model-free path": check_document,
        "check_document, models always built": _models,
    }
    best = dict.fromkeys(timed, float("inf"))
    for _ in range(args.rounds):
        for name, function in timed.items():
            best[name] = min(best[name], cpu_pass(function, lines))
    print(f"in process, {args.docs} documents, best of {args.rounds} alternating rounds (CPU):")
    bare = best["bare Pydantic Document.model_validate_json"]
    for name, seconds in best.items():
        print(
            f"  {name}: {seconds / args.docs * 1e6:.0f} us/doc, "
            f"{args.docs / seconds:,.0f} docs/CPU-s, {bare / seconds:.2f}x bare Pydantic"
        )
    if not args.cli:
        return
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus.jsonl"
        corpus.write_bytes(b"\n".join(lines) + b"\n")
        argv = [sys.executable, "-m", "newsschema", "validate", str(corpus), "--jobs", "1"]
        envs = {
            "validate --jobs 1, model-free path": {**os.environ, "NEWSSCHEMA_MODEL_FREE": "1"},
            "validate --jobs 1, models always built": {**os.environ, "NEWSSCHEMA_MODEL_FREE": "0"},
        }
        cli_best = dict.fromkeys(envs, float("inf"))
        for round_ in range(args.rounds):
            order = list(envs) if round_ % 2 == 0 else list(reversed(envs))
            for name in order:
                cli_best[name] = min(cli_best[name], cli_cpu(argv, envs[name]))
        print(f"CLI process, {args.docs} documents as JSON Lines, best of {args.rounds} (CPU):")
        for name, seconds in cli_best.items():
            print(
                f"  {name}: {args.docs / seconds:,.0f} docs/CPU-s, "
                f"{bare / seconds:.2f}x bare Pydantic (in process)"
            )


if __name__ == "__main__":
    main()
