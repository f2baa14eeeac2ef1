"""Export cost per format, against validation, optionally against another source tree.

Usage::

    python benchmarks/bench_exports.py [--docs 1000] [--rounds 3] [--baseline OTHER/src]

For every ``--to`` format of the speed targets it measures, on the seed-like corpus
(``benchmarks/corpus.py``):

* in process: the CPU time of exporting a document (``EXPORTERS[name].dump`` for the document
  formats, the bundle writer for ``csv`` and ``parquet``) and of ``check_document`` on its line,
  in µs per document (``time.process_time``, ``gc.collect()`` before each, best of the rounds);
* as a command: the docs/s of ``newsschema convert --to FORMAT`` and of ``newsschema validate
  --jobs 1`` on the same JSONL file (best of the rounds), and their ratio (the speed issue's
  target), by wall time and by the CPU time of the process (user + system), which other work
  on a shared machine disturbs less.

With ``--baseline``, a second source tree (its ``src`` folder, e.g. an unpacked ``git archive``
of the commit before a change) is measured in the same run: the rounds alternate between the
trees, so that both see the same machine load. Each tree runs in its own processes
(``PYTHONPATH``), with the same Python and installed dependencies.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

FORMATS = ("jsonl", "csv", "parquet", "schemaorg", "jsonld", "html")
TARGETS = {"jsonl": 0.8, "csv": 0.5, "parquet": 0.5, "schemaorg": 0.5, "jsonld": 0.5, "html": 0.25}
HERE = Path(__file__).resolve().parent
CURRENT = HERE.parent / "src"


def worker(corpus: Path) -> dict[str, float]:
    """Measure one round in this process: µs per document of each export and of validation."""
    from newsschema.formats import EXPORTERS
    from newsschema.models import Document
    from newsschema.validation import check_document

    lines = corpus.read_bytes().splitlines()
    documents = [Document.model_validate_json(line) for line in lines]
    out = Path(tempfile.mkdtemp(prefix="newsschema-exports-"))

    def cpu(function: Callable[[], object]) -> float:
        gc.collect()
        start = time.process_time()
        function()
        return (time.process_time() - start) / len(lines) * 1e6

    try:
        EXPORTERS["parquet"].write(documents[:1], out / "warm", {})  # imports pyarrow
        results = {"validate": cpu(lambda: [check_document(line) for line in lines])}
        for name in FORMATS:
            exporter = EXPORTERS[name]
            if exporter.layout == "bundle":
                target = out / name
                results[name] = cpu(lambda e=exporter, t=target: e.write(documents, t, {}))
            else:
                results[name] = cpu(lambda e=exporter: [e.dump(d, {}) for d in documents])
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return results


def _env(tree: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(tree)
    return env


def in_process(tree: Path, corpus: Path) -> dict[str, float]:
    """One round of :func:`worker` in a fresh process importing ``tree``."""
    done = subprocess.run(
        [sys.executable, __file__, "--worker", str(corpus)],
        capture_output=True,
        text=True,
        check=True,
        env=_env(tree),
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def command(tree: Path, argv: list[str], scratch: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one ``python -m newsschema`` run from ``tree`` (output dropped)."""
    for leftover in scratch.iterdir():
        shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
    cpu = _children_cpu()
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "newsschema", *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
        env=_env(tree),
    )
    return time.perf_counter() - start, _children_cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000, help="documents in the corpus")
    parser.add_argument("--rounds", type=int, default=3, help="rounds (best is kept)")
    parser.add_argument("--baseline", type=Path, help="another source tree to measure too")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker)))
        return

    sys.path.insert(0, str(HERE))
    from corpus import iter_lines

    trees = {"current": CURRENT}
    if args.baseline:
        trees = {"baseline": args.baseline.resolve(), **trees}
    base = Path(tempfile.mkdtemp(prefix="newsschema-exports-"))
    try:
        corpus = base / "corpus.jsonl"
        corpus.write_bytes(b"".join(iter_lines(args.docs)))
        scratch = base / "out"
        scratch.mkdir()
        cpu: dict[str, dict[str, float]] = {name: {} for name in trees}
        wall: dict[str, dict[str, float]] = {name: {} for name in trees}
        process: dict[str, dict[str, float]] = {name: {} for name in trees}
        for _ in range(args.rounds):
            for name, tree in trees.items():
                for key, value in in_process(tree, corpus).items():
                    cpu[name][key] = min(cpu[name].get(key, float("inf")), value)
                runs = {"validate": ["validate", str(corpus), "--jobs", "1"]}
                for fmt in FORMATS:
                    runs[fmt] = ["convert", str(corpus), "--to", fmt, "-o", str(scratch / fmt)]
                for key, argv in runs.items():
                    seconds, used = command(tree, argv, scratch)
                    wall[name][key] = min(wall[name].get(key, float("inf")), seconds)
                    process[name][key] = min(process[name].get(key, float("inf")), used)
    finally:
        shutil.rmtree(base, ignore_errors=True)

    print(f"{args.docs} documents, best of {args.rounds} rounds, load {os.getloadavg()}")
    print("in process: µs of CPU per document (and x validate's); command: docs/s (wall) and")
    print("the ratio of validate's cost to convert's, by wall time and by CPU time")
    for name in trees:
        print(f"\n{name} ({trees[name]})")
        print(f"{'':10} {'µs/doc':>8} {'x valid.':>9} {'docs/s':>8} {'wall':>6} {'CPU':>6}")
        for key in ("validate", *FORMATS):
            micro = cpu[name][key]
            rate = args.docs / wall[name][key]
            by_wall = wall[name]["validate"] / wall[name][key]
            by_cpu = process[name]["validate"] / process[name][key]
            target = f"  target ≥ {TARGETS[key]}x" if key in TARGETS else ""
            print(
                f"{key:10} {micro:8.0f} {micro / cpu[name]['validate']:8.2f}x {rate:8.0f} "
                f"{by_wall:5.2f}x {by_cpu:5.2f}x{target}"
            )


if __name__ == "__main__":
    main()
