"""Local ``--jobs 2`` against Dask ``LocalCluster(2)`` on a 1 GB JSON Lines corpus.

Usage: ``python benchmarks/bench_dask.py [--size-mb 1024] [--workers 2]`` (needs the ``dask``
extra). The corpus is generated in a temporary directory: a few hundred seed-like documents
(``benchmarks/corpus.py``) repeated with distinct article ids until the size is reached. Both
engines run the real command line, ``newsschema validate``, one after the other in the same
run, including process and cluster start-up; the reports must be byte-identical.
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson
from distributed import LocalCluster

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import iter_lines

_BASE_DOCUMENTS = 300


def write_corpus(path: Path, size: int) -> int:
    """Write at least ``size`` bytes of valid documents with distinct ids; return the count."""
    templates = []
    for line in iter_lines(_BASE_DOCUMENTS, seed=7):
        doc = orjson.loads(line)
        doc["article"]["id"] = "@@ID@@"
        templates.append(orjson.dumps(doc) + b"\n")
    count = written = 0
    with open(path, "wb") as handle:
        while written < size:
            chunk = []
            for template in templates:
                chunk.append(template.replace(b"@@ID@@", f"b{count:09d}".encode()))
                count += 1
            data = b"".join(chunk)
            handle.write(data)
            written += len(data)
    return count


def run(args: list[str], report: Path) -> float:
    command = [sys.executable, "-m", "newsschema", "validate", *args, "--format", "json"]
    started = time.perf_counter()
    subprocess.run([*command, "-o", str(report)], check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        started = time.perf_counter()
        documents = write_corpus(corpus, options.size_mb << 20)
        size = corpus.stat().st_size
        print(
            f"corpus: {documents:,} documents, {size / 1e9:.2f} GB, "
            f"generated in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        jobs = str(options.workers)
        local = run([str(corpus), "--jobs", jobs], Path(tmp) / "local.json")
        env_workers = os.cpu_count()
        dask = run([str(corpus), "--engine", "dask"], Path(tmp) / "dask.json")
        with LocalCluster(
            n_workers=options.workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster:
            args = [str(corpus), "--engine", "dask", "--scheduler", cluster.scheduler_address]
            running = run(args, Path(tmp) / "running.json")
        reports = [(Path(tmp) / f"{n}.json").read_bytes() for n in ("local", "dask", "running")]
        same = reports[0] == reports[1] == reports[2]
        print(f"CPUs: {env_workers}; reports byte-identical: {same}")
        print("| engine | wall s | docs/s | MB/s |")
        print("| --- | ---: | ---: | ---: |")
        for name, seconds in (
            (f"local `--jobs {jobs}`", local),
            (f"`--engine dask` (starts a LocalCluster of {jobs})", dask),
            (f"`--engine dask --scheduler` (a running LocalCluster of {jobs})", running),
        ):
            print(
                f"| {name} | {seconds:.1f} | {documents / seconds:,.0f} | "
                f"{size / 1e6 / seconds:.1f} |"
            )
        print(f"overhead ratio (dask / local wall time): {dask / local:.2f}x")
        print(f"overhead ratio (running cluster / local wall time): {running / local:.2f}x")
        if not same:
            sys.exit(1)


if __name__ == "__main__":
    main()
