"""Where a one-file-per-document conversion's time goes: per document in this process, and the CLI.

Usage::

    python benchmarks/bench_convert.py [--docs 2000] [--rounds 5] [--repeat 7]
        [--formats jsonld schemaorg html]

In this process, on the seed-like corpus (``benchmarks/corpus.py``), the CPU microseconds per
document (best of ``--repeat`` passes) of: building the models (``Document.model_validate_json``),
the model-free check ``validate`` and ``convert`` run on a valid document (parse, plain data,
the error rules' quiet tests), the error rules on models, and each exporter's ``dump`` (from
models) and ``dump_plain`` (from plain data, what ``convert`` uses for a valid document).

Then ``newsschema convert FILE --to FORMAT -o DIR/`` against ``newsschema validate FILE`` on the
same JSONL file, in ``--rounds`` alternating pairs: the median ratio of their CPU times (user +
system: a conversion's system time is mostly creating, flushing and renaming one file per
document) and the user and system seconds of the best conversion. Each round writes a new
folder; all are deleted at the end.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import orjson

from newsschema._plain import plain_document
from newsschema.formats import EXPORTERS
from newsschema.models import Document
from newsschema.validation import ERROR_CHECKS

sys.path.insert(0, str(Path(__file__).parent))
from corpus import iter_lines

# Child processes cache bytecode as an installed package does.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def per_document(function: Callable[[Any], object], items: Sequence[Any], repeat: int) -> float:
    """Best CPU microseconds per item of ``repeat`` passes of ``function`` over ``items``."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.process_time()
        for item in items:
            function(item)
        best = min(best, time.process_time() - start)
    return best / len(items) * 1e6


def _children() -> tuple[float, float]:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime, usage.ru_stime


def cpu_run(argv: Sequence[str]) -> tuple[float, float]:
    """Run a process to completion; return its user and system CPU seconds."""
    user, system = _children()
    subprocess.run(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=CHILD_ENV
    )
    after_user, after_system = _children()
    return after_user - user, after_system - system


def in_process(docs: int, repeat: int, formats: Sequence[str]) -> None:
    """Print the per-document costs measured in this process."""
    lines = list(iter_lines(docs))
    models = [Document.model_validate_json(line) for line in lines]
    plains = [plain_document(orjson.loads(line)) for line in lines]
    rules = ERROR_CHECKS[0]

    def plain_check(line: bytes) -> None:
        plain = plain_document(orjson.loads(line))
        assert plain is not None and rules.quiet(plain)  # type: ignore[attr-defined]

    print(f"per document, in this process ({docs} documents, best of {repeat}, CPU us):")
    print(f"  build the models: {per_document(Document.model_validate_json, lines, repeat):.0f}")
    print(f"  error rules on models: {per_document(rules, models, repeat):.0f}")
    print(
        f"  model-free check (parse, plain data, quiet rules): "
        f"{per_document(plain_check, lines, repeat):.0f}"
    )
    for name in formats:
        exporter: Any = EXPORTERS[name]
        dump = per_document(partial(exporter.dump, options=None), models, repeat)
        row = f"  {name}: dump {dump:.0f}"
        # Absent in a tree before the plain-data exporters (run with PYTHONPATH=OTHER/src).
        dump_plain = getattr(exporter, "dump_plain", None)
        if dump_plain is not None and all(p is not None for p in plains):
            plain = per_document(partial(dump_plain, options=None), plains, repeat)
            row += f", dump_plain {plain:.0f}"
        print(row)


def cli(docs: int, rounds: int, formats: Sequence[str]) -> None:
    """Print each conversion's CPU against validate's, in alternating pairs."""
    ns = [sys.executable, "-m", "newsschema"]
    base = Path(tempfile.mkdtemp(prefix="newsschema-convert-"))
    try:
        corpus = base / "corpus.jsonl"
        corpus.write_bytes(b"".join(iter_lines(docs)))
        validate = [*ns, "validate", str(corpus), "--jobs", "1"]
        print(f"\nCLI, {docs} documents, {rounds} pairs with validate (CPU user + system):")
        for name in formats:
            ratios: list[float] = []
            best: tuple[float, float] = (float("inf"), 0.0)
            for number in range(rounds):
                # A new folder each round, all deleted at the end: ext4 skips inodes freed in
                # the last seconds one by one, so creating files just after deleting as many
                # adds system time that is the benchmark's, not the command's.
                out = base / f"out-{name}-{number}"
                argv = [*ns, "convert", str(corpus), "--to", name, "-o", f"{out}/"]
                timed: dict[str, tuple[float, float]] = {}
                for which in ("base", "cmd") if number % 2 == 0 else ("cmd", "base"):
                    timed[which] = cpu_run(validate if which == "base" else argv)
                ratios.append(sum(timed["base"]) / sum(timed["cmd"]))
                if sum(timed["cmd"]) < sum(best):
                    best = timed["cmd"]
            print(
                f"  convert --to {name} / validate: {statistics.median(ratios):.2f} "
                f"(pairs {min(ratios):.2f}-{max(ratios):.2f}); best convert user {best[0]:.2f} s, "
                f"system {best[1]:.2f} s = {sum(best) / docs * 1e6:.0f} us per document"
            )
    finally:
        shutil.rmtree(base, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--formats", nargs="+", default=["jsonld", "schemaorg", "html"])
    parser.add_argument("--no-cli", action="store_true", help="only the in-process figures")
    args = parser.parse_args()
    in_process(min(args.docs, 300), args.repeat, args.formats)
    if not args.no_cli:
        cli(args.docs, args.rounds, args.formats)


if __name__ == "__main__":
    main()
