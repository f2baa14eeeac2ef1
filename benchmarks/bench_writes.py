"""Cost of writing many per-document outputs atomically: one file at a time vs in batches.

Usage::

    python benchmarks/bench_writes.py [--docs 500] [--format jsonld] [--repeat 5]

Renders ``--docs`` seed-like documents with the exporter of ``--format`` (a per-document
format: jsonld, schemaorg, html), then writes them to a fresh directory two ways, alternating,
``--repeat`` times each:

* ``atomic_write_bytes`` per file (temporary file, fsync, rename: one disk commit each);
* ``atomic_write_all`` (a batch of temporary files flushed concurrently, renamed, then one
  fsync of the directory), what ``newsschema convert --to FORMAT -o DIR`` does.

Prints the median and best wall and CPU time of each, and the load average, since the wall
time of a flush depends on what else the machine writes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import orjson

from newsschema._atomic import atomic_write_all, atomic_write_bytes
from newsschema.formats import get_exporter
from newsschema.models import Document

sys.path.insert(0, str(Path(__file__).parent))
from corpus import iter_lines


def one_by_one(files: Sequence[tuple[Path, bytes]]) -> None:
    """What convert did before batching: one atomic write (and one fsync) per file."""
    for path, data in files:
        atomic_write_bytes(path, data)


def batched(files: Sequence[tuple[Path, bytes]]) -> None:
    """The batched writer."""
    atomic_write_all(files)


def timed(
    write: Callable[[Sequence[tuple[Path, bytes]]], None], files: Sequence[tuple[Path, bytes]]
) -> tuple[float, float]:
    """Wall and CPU seconds of one write of ``files`` into a fresh directory."""
    start_wall, start_cpu = time.perf_counter(), time.process_time()
    write(files)
    return time.perf_counter() - start_wall, time.process_time() - start_cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--format", default="jsonld", choices=("jsonld", "schemaorg", "html"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    exporter = get_exporter(args.format)
    documents = [Document.model_validate(orjson.loads(line)) for line in iter_lines(args.docs)]
    rendered = [
        (f"doc{i:05d}{exporter.suffix}", exporter.dump(d, {})) for i, d in enumerate(documents)
    ]
    size = sum(len(data) for _, data in rendered)
    print(f"{len(rendered)} {args.format} files, {size / len(rendered) / 1024:.1f} KiB each")
    print(f"load average at start (1, 5, 15 min): {os.getloadavg()}")
    results: dict[str, list[tuple[float, float]]] = {"one by one": [], "batched": []}
    base = Path(tempfile.mkdtemp(prefix="newsschema-writes-", dir=Path.cwd()))
    try:
        for run in range(args.repeat):
            for name, write in (("one by one", one_by_one), ("batched", batched)):
                folder = base / f"{run}-{name.replace(' ', '-')}"
                folder.mkdir()
                results[name].append(timed(write, [(folder / n, data) for n, data in rendered]))
                shutil.rmtree(folder)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    for name, runs in results.items():
        walls, cpus = [w for w, _ in runs], [c for _, c in runs]
        print(
            f"  {name}: wall median {statistics.median(walls) * 1000:.0f} ms "
            f"(best {min(walls) * 1000:.0f}), CPU median {statistics.median(cpus) * 1000:.0f} ms "
            f"(best {min(cpus) * 1000:.0f})"
        )
    ratio = statistics.median(w for w, _ in results["one by one"]) / statistics.median(
        w for w, _ in results["batched"]
    )
    print(f"  batched is {ratio:.1f}x faster (median wall)")
    print(f"load average at end (1, 5, 15 min): {os.getloadavg()}")


if __name__ == "__main__":
    main()
