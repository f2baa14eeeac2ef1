"""Validation throughput and memory, in one run.

Usage::

    pip install -e '.[bench]'
    python benchmarks/bench_validate.py [--docs 2000] [--stream-docs 200000] [--out DIR]

Reports docs/s and MB/s on the same seed-like corpus (~8 KB, 15 entities, 6 events, 8 quotes
per document) for: orjson parsing alone (the floor), bare Pydantic ``model_validate_json``,
newsschema's full validation (structure and every rule, through the code path of
``newsschema validate``), the ``jsonschema`` library and ``jsonschema-rs`` validating against
the published schema (structure only), ``--jobs 2`` against ``--jobs 1`` on a JSON Lines file,
and the peak memory of ``newsschema validate`` streaming a large JSON Lines file.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import orjson

from newsschema import __version__
from newsschema._inputs import expand_inputs
from newsschema.models import Document
from newsschema.schema import document_schema, jsonschema_validator
from newsschema.validation import DEFAULT_CHECKS, validate_inputs

sys.path.insert(0, str(Path(__file__).parent))
from corpus import iter_lines


def _rate(name: str, seconds: float, docs: int, size: int) -> dict[str, object]:
    return {
        "name": name,
        "docs_per_s": docs / seconds,
        "mb_per_s": size / seconds / 1e6,
        "docs": docs,
    }


def _time_each(function: Callable[[bytes], object], lines: Sequence[bytes], repeat: int) -> float:
    """Best wall time of ``repeat`` passes of ``function`` over ``lines``."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        for line in lines:
            function(line)
        best = min(best, time.perf_counter() - start)
    return best


def _time_validate(path: Path, jobs: int, repeat: int) -> float:
    inputs = expand_inputs([str(path)])
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        report = validate_inputs(inputs, DEFAULT_CHECKS, jobs=jobs)
        best = min(best, time.perf_counter() - start)
        assert report.valid and not report.findings, report.summary()
    return best


def _run_cli(path: Path, jobs: int) -> tuple[float, float, float, float]:
    """Run ``newsschema validate PATH --jobs N`` and sample its process tree every 50 ms.

    Returns the peak RSS of the largest single process and the peak total RSS of the tree
    (CLI, fork server and workers), both in MB; the wall time; and the CPU seconds (user +
    system) used by the tree, which shows the work done whatever else the machine runs.
    """
    import psutil

    entry = "from newsschema.cli import main; main()"
    command = [sys.executable, "-c", entry, "validate", str(path), "--jobs", str(jobs)]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    root = psutil.Process(process.pid)
    single = total = 0
    cpu: dict[int, float] = {}
    while process.poll() is None:
        try:
            for member in [root, *root.children(recursive=True)]:
                times = member.cpu_times()
                cpu[member.pid] = times.user + times.system
            sizes = [p.memory_info().rss for p in [root, *root.children(recursive=True)]]
        except psutil.Error:
            continue
        single, total = max(single, *sizes), max(total, sum(sizes))
        time.sleep(0.05)
    wall = time.perf_counter() - start
    if process.returncode != 0:
        raise RuntimeError(process.stderr.read().decode()[-2000:] if process.stderr else "")
    return single / 1e6, total / 1e6, wall, sum(cpu.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000, help="corpus size for throughput")
    parser.add_argument("--jsonschema-docs", type=int, default=200)
    parser.add_argument("--jobs-docs", type=int, default=20000, help="JSONL size for --jobs")
    parser.add_argument("--stream-docs", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None, help="where to write corpora")
    args = parser.parse_args()

    lines = list(iter_lines(args.docs))
    size = sum(len(line) for line in lines)
    first = orjson.loads(lines[0])
    print(
        f"newsschema {__version__}, Python {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs"
    )
    print(
        f"corpus: {len(lines)} documents, {size / len(lines) / 1024:.1f} KiB each on average; "
        f"first has {len(first['entities'])} entities, {len(first['events'])} events, "
        f"{len(first['quotes'])} quotes"
    )
    out = args.out or Path(tempfile.mkdtemp(prefix="newsschema-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    corpus = out / "corpus.jsonl"
    corpus.write_bytes(b"".join(lines))

    rows = [
        _rate(
            "orjson.loads (floor)", _time_each(orjson.loads, lines, args.repeat), len(lines), size
        ),
        _rate(
            "Pydantic model_validate_json (bare)",
            _time_each(Document.model_validate_json, lines, args.repeat),
            len(lines),
            size,
        ),
        _rate(
            "newsschema validate (structure + all rules, --jobs 1)",
            _time_validate(corpus, 1, args.repeat),
            len(lines),
            size,
        ),
    ]
    subset = lines[: args.jsonschema_docs]
    subset_size = sum(len(line) for line in subset)
    validator = jsonschema_validator()

    def with_jsonschema(line: bytes) -> None:
        validator.validate(orjson.loads(line))

    rows.append(
        _rate(
            "jsonschema library (structure only)",
            _time_each(with_jsonschema, subset, 1),
            len(subset),
            subset_size,
        )
    )
    try:
        import jsonschema_rs
    except ImportError:
        print("jsonschema-rs not installed: pip install -e '.[bench]'")
    else:
        rs_validator = jsonschema_rs.validator_for(document_schema())

        def with_jsonschema_rs(line: bytes) -> None:
            rs_validator.validate(orjson.loads(line))

        rows.append(
            _rate(
                "jsonschema-rs (structure only)",
                _time_each(with_jsonschema_rs, lines, args.repeat),
                len(lines),
                size,
            )
        )

    print()
    print("| What | docs/s | MB/s |")
    print("| --- | ---: | ---: |")
    for row in rows:
        print(f"| {row['name']} | {row['docs_per_s']:,.0f} | {row['mb_per_s']:.1f} |")
    ours = rows[2]["docs_per_s"]
    bare = rows[1]["docs_per_s"]
    print()
    print(f"full validation / bare Pydantic: {ours / bare:.2f}x")  # type: ignore[operator]
    print(f"full validation / jsonschema library: {ours / rows[3]['docs_per_s']:.0f}x")  # type: ignore[operator]
    if len(rows) > 4:
        print(f"full validation / jsonschema-rs: {ours / rows[4]['docs_per_s']:.2f}x")  # type: ignore[operator]

    big = out / "jobs.jsonl"
    with open(big, "wb") as handle:
        handle.writelines(itertools.islice(itertools.cycle(lines), args.jobs_docs))
    big_size = big.stat().st_size
    print()
    print(f"`newsschema validate` on {args.jobs_docs} documents ({big_size / 1e6:.0f} MB JSONL):")
    walls = {}
    for jobs in (1, 2):
        _, _, wall, cpu = _run_cli(big, jobs)
        walls[jobs] = wall
        print(
            f"  --jobs {jobs}: {wall:.1f} s wall ({args.jobs_docs / wall:,.0f} docs/s), "
            f"{cpu:.1f} CPU-s"
        )
    print(f"  speed-up of --jobs 2: {walls[1] / walls[2]:.2f}x")
    print(f"  load average (1, 5, 15 min): {os.getloadavg()}")
    big.unlink()

    stream = out / "stream.jsonl"
    with open(stream, "wb") as handle:
        handle.writelines(itertools.islice(itertools.cycle(lines), args.stream_docs))
    small = out / "stream-small.jsonl"
    with open(small, "wb") as handle:
        handle.writelines(itertools.islice(itertools.cycle(lines), args.stream_docs // 10))
    print()
    print("peak memory of `newsschema validate FILE.jsonl` (RSS sampled every 50 ms):")
    for path, count in ((small, args.stream_docs // 10), (stream, args.stream_docs)):
        for jobs in (1, 2):
            single, total, wall, _ = _run_cli(path, jobs)
            print(
                f"  {count:>7,} documents ({path.stat().st_size / 1e9:.2f} GB), --jobs {jobs}: "
                f"largest process {single:.0f} MB, all processes {total:.0f} MB, {wall:.0f} s"
            )
    stream.unlink()
    small.unlink()
    corpus.unlink()
    print(f"\nself: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB peak")


if __name__ == "__main__":
    main()
