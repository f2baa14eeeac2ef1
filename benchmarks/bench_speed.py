"""Speed against the targets: validation, conversion and start-up, each with its baseline.

Usage::

    pip install -e '.[bench]'
    python benchmarks/bench_speed.py [--docs 2000] [--jobs-docs 8000] [--runs 7] [--rounds 5]
        [--readme]

Every figure is measured in the same run as its baseline, on the same seed-like corpus
(``benchmarks/corpus.py``):

* validation throughput: orjson parsing (the floor), bare Pydantic
  ``Document.model_validate_json`` (in this process, and as a process over the JSONL file in
  alternating pairs with ``validate``: the target's comparison), jsonschema-rs on the
  published schema (structure only, parsing included; extra ``bench``), the same Pydantic
  core schema without model instances (plain dicts out: a design figure for a validator that
  would run the rules on plain data), the library's ``check_document`` in this process, and
  the ``newsschema validate`` CLI process with ``--jobs 1`` and ``--jobs 2``;
* conversion: ``newsschema convert --to FORMAT`` for every format against ``newsschema
  validate`` on the same JSONL file;
* start-up: ``newsschema validate one.json`` (its result in the cache, as in a project with
  ``[tool.newsschema]``; and with ``--no-cache``), ``--help`` and ``rules`` against
  ``python -c "import pydantic, orjson, click"`` (median of ``--runs``);
* the cache: a second ``validate`` over an unchanged folder of ``--cache-docs`` files against
  the first (cold cache), in ``--rounds`` pairs, and how many documents a run re-checks after
  one file changed (from the json report's ``summary.cached``);
* peak memory of ``validate`` (largest process) on a file and on one 4x its size.

Ratios are printed against the targets of the speed issue. A command compared with a baseline
(each converter with ``validate``, ``--jobs 2`` with ``--jobs 1``, start-up with the imports) is
run in alternating pairs and the ratio is the median of the ratios within each pair, because
this machine's speed drifts by half over minutes and a ratio of best times taken minutes apart
drifts with it. ``--readme`` rewrites the block
between the ``bench_speed`` markers in README.md with the table and the machine it came from.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from pydantic_core import SchemaValidator

from newsschema import __version__
from newsschema.loader import load_one
from newsschema.models import Document
from newsschema.schema import document_schema
from newsschema.validation import DEFAULT_CHECKS, check_document

sys.path.insert(0, str(Path(__file__).parent))
from corpus import iter_lines

README = Path(__file__).resolve().parent.parent / "README.md"
BEGIN, END = "<!-- bench_speed:begin -->", "<!-- bench_speed:end -->"
BARE_PYDANTIC = """
import sys
from newsschema.models import Document
check = Document.model_validate_json
with open(sys.argv[1], "rb") as lines:
    for line in lines:
        check(line)
"""
"""Bare Pydantic as a process: every line of a JSON Lines file through the model's validator."""

FORMATS = ("jsonl", "csv", "parquet", "schemaorg", "jsonld", "html")
# Minimum ratio of each format's docs/s to validate's (the targets).
CONVERT_TARGETS = {"jsonl": 0.8, "csv": 0.5, "parquet": 0.5, "schemaorg": 0.5, "jsonld": 0.5}
CONVERT_TARGETS["html"] = 0.25


@dataclass
class Row:
    """One measured figure: what, how fast, against which baseline and target."""

    name: str
    value: float
    unit: str
    note: str = ""


def _without_models(schema: Any) -> Any:
    """Return a core schema whose model schemas are replaced by their fields (dicts out)."""
    if isinstance(schema, dict):
        if schema.get("type") == "model":
            fields = _without_models(schema["schema"])
            return {**fields, "ref": schema["ref"]} if "ref" in schema else fields
        return {key: _without_models(value) for key, value in schema.items()}
    if isinstance(schema, list):
        return [_without_models(item) for item in schema]
    return schema


def machine() -> str:
    """CPU model, cores, OS and Python: where the numbers came from."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"{model}, {cores} cores, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}, newsschema {__version__}"
    )


def best_time(function: Callable[[Any], object], lines: Sequence[Any], repeat: int) -> float:
    """Best wall time of ``repeat`` passes of ``function`` over ``lines``."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        for line in lines:
            function(line)
        best = min(best, time.perf_counter() - start)
    return best


def command() -> list[str]:
    """The installed ``newsschema`` script (what users run), else ``python -m newsschema``."""
    script = Path(sys.executable).parent / "newsschema"
    return [str(script)] if script.exists() else [sys.executable, "-m", "newsschema"]


# Child processes cache bytecode as an installed package does (an environment that turns the
# cache off would time the compiler at every start instead of the program).
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


# CPU seconds (user + system, the process and its workers) of the best run of each command
# timed by best_run: on a shared machine they show the work done whatever else runs.
CPU: dict[str, float] = {}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(argv: Sequence[str], ok: Sequence[int] = (0,)) -> float:
    """Run a process to completion (output discarded) and return its wall time."""
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False, env=CHILD_ENV
    )
    wall = time.perf_counter() - start
    if done.returncode not in ok:
        raise RuntimeError(f"{' '.join(argv)} exited {done.returncode}: {done.stderr[-2000:]!r}")
    key = " ".join(argv)
    CPU[key] = min(CPU.get(key, float("inf")), _children_cpu() - cpu)
    return wall


def best_run(argv: Sequence[str], repeat: int) -> float:
    """Best wall time of ``repeat`` runs of a process (its best CPU time goes in ``CPU``)."""
    return min(run(argv) for _ in range(repeat))


@dataclass
class Paired:
    """A command against its baseline, run in alternating pairs: the ratios within each pair."""

    wall: list[float]
    cpu: list[float]
    best: float
    base_best: float

    @property
    def ratio(self) -> float:
        """Median over the pairs of baseline time / command time (a rate ratio)."""
        return statistics.median(self.wall)

    @property
    def cpu_ratio(self) -> float:
        """The same ratio by CPU time."""
        return statistics.median(self.cpu)

    def spread(self) -> str:
        """The lowest and highest pair's ratio."""
        return f"{min(self.wall):.2f}-{max(self.wall):.2f}"


def paired(
    baseline: Sequence[str],
    argv: Sequence[str],
    rounds: int,
    before: Callable[[], None] = lambda: None,
) -> Paired:
    """Run ``baseline`` and ``argv`` in ``rounds`` pairs, the order swapped every other pair.

    On a machine whose speed drifts (a shared virtual machine), a ratio of two best times taken
    minutes apart moves by half; within a pair both commands see the same machine.
    """
    walls: list[float] = []
    cpus: list[float] = []
    best = base_best = float("inf")
    for number in range(rounds):
        timed: dict[str, tuple[float, float]] = {}
        for which in ("base", "cmd") if number % 2 == 0 else ("cmd", "base"):
            before()
            cpu = _children_cpu()
            wall = run(baseline if which == "base" else argv)
            timed[which] = (wall, _children_cpu() - cpu)
        walls.append(timed["base"][0] / timed["cmd"][0])
        cpus.append(timed["base"][1] / timed["cmd"][1])
        best = min(best, timed["cmd"][0])
        base_best = min(base_best, timed["base"][0])
    return Paired(walls, cpus, best, base_best)


def cpu_of(argv: Sequence[str]) -> float:
    """Best CPU seconds of a command timed before."""
    return CPU[" ".join(argv)]


def median_run(argv: Sequence[str], runs: int) -> float:
    """Median wall time of ``runs`` runs of a short process (after one warm-up)."""
    run(argv)
    return statistics.median(run(argv) for _ in range(runs))


def peak_rss_mb(argv: Sequence[str]) -> float:
    """Peak RSS of the largest process of ``argv``'s tree, in MB (measured in a fresh parent)."""
    probe = (
        "import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *argv],
        capture_output=True,
        check=True,
        text=True,
        env=CHILD_ENV,
    )
    return int(out.stdout.strip()) / 1024


def write_jsonl(path: Path, lines: Sequence[bytes], count: int) -> Path:
    """Write ``count`` documents (the corpus repeated) to ``path``."""
    with open(path, "wb") as handle:
        handle.writelines(itertools.islice(itertools.cycle(lines), count))
    return path


_ASIDE = itertools.count()


def set_aside(path: Path) -> None:
    """Move an earlier output out of the way, to be deleted with the temporary folder.

    Deleting thousands of files just before a converter creates as many makes ext4 check each
    recently freed inode as it allocates (system time that varied from 0.3 to 1.7 s for the
    same command): a renamed folder frees nothing until the end.
    """
    if path.exists():
        path.rename(path.with_name(f"{path.name}.aside-{next(_ASIDE)}"))


def remove(path: Path) -> None:
    """Delete an output file or directory if it exists."""
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def verdict(ratio: float, target: float) -> str:
    return f"{ratio:.2f}x (target ≥ {target}x: {'met' if ratio >= target else 'NOT met'})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000, help="corpus size for throughput")
    parser.add_argument("--jobs-docs", type=int, default=8000, help="JSONL size for --jobs")
    parser.add_argument("--repeat", type=int, default=3, help="passes per throughput figure")
    parser.add_argument("--runs", type=int, default=7, help="runs per start-up figure")
    parser.add_argument(
        "--cache-docs", type=int, default=10_000, help="files of the cache's corpus (0: skip)"
    )
    parser.add_argument(
        "--rounds", type=int, default=5, help="alternating pairs per command-against-baseline ratio"
    )
    parser.add_argument("--skip-memory", action="store_true", help="skip the memory figures")
    parser.add_argument("--readme", action="store_true", help="rewrite the README table")
    args = parser.parse_args()

    where = machine()
    load_start = os.getloadavg()
    lines = list(iter_lines(args.docs))
    docs = len(lines)
    size = sum(len(line) for line in lines)
    print(where)
    print(f"corpus: {docs} documents, {size / docs / 1024:.1f} KiB each on average")
    print(f"load average at start (1, 5, 15 min): {load_start}")
    stripped = [line.rstrip(b"\n") for line in lines]

    rows: list[Row] = []

    def rate(name: str, seconds: float, count: int = docs, note: str = "") -> float:
        value = count / seconds
        rows.append(Row(name, value, "docs/s", note))
        print(f"  {name}: {value:,.0f} docs/s")
        return value

    print("\nvalidation throughput (in process unless marked CLI):")
    floor = rate("orjson.loads (floor)", best_time(orjson.loads, stripped, args.repeat))
    bare = rate(
        "Pydantic Document.model_validate_json (bare)",
        best_time(Document.model_validate_json, stripped, args.repeat),
    )
    rs: float | None = None
    try:
        import jsonschema_rs
    except ImportError:
        print("  jsonschema-rs not installed (pip install -e '.[bench]'): skipped")
    else:
        rs_validator = jsonschema_rs.validator_for(document_schema())

        def with_rs(line: bytes) -> None:
            rs_validator.validate(orjson.loads(line))

        rs = rate(
            "jsonschema-rs, structure only (parse included)",
            best_time(with_rs, stripped, args.repeat),
        )
    # A design figure: the same core schema without model instances (plain dicts out), what a
    # validator that runs the rules on plain data could build on.
    plain = SchemaValidator(_without_models(Document.__pydantic_core_schema__))
    no_models = rate(
        "Pydantic core schema on parsed dicts, no model instances (design figure)",
        best_time(plain.validate_python, [orjson.loads(line) for line in stripped], args.repeat),
    )
    library = rate(
        "newsschema check_document (structure + all rules)",
        best_time(check_document, stripped, args.repeat),
    )
    # Where check_document's time goes: the structure (parse, checks, model) and the rules.
    structure = rate(
        "newsschema load_one (structure only)", best_time(load_one, stripped, args.repeat)
    )
    built = [Document.model_validate_json(line) for line in stripped]
    rule_set = DEFAULT_CHECKS[0]
    rules_only = rate(
        "newsschema rules on built documents", best_time(rule_set, built, args.repeat)
    )
    print(
        "  per document: "
        + ", ".join(
            f"{name} {1e6 / value:.0f} us"
            for name, value in (
                ("orjson", floor),
                ("bare Pydantic", bare),
                ("core schema without models", no_models),
                ("structure", structure),
                ("rules", rules_only),
                ("check_document", library),
            )
        )
    )

    base = Path(tempfile.mkdtemp(prefix="newsschema-speed-"))
    try:
        corpus = write_jsonl(base / "corpus.jsonl", lines, docs)
        ns = command()
        validate_argv = [*ns, "validate", str(corpus), "--jobs", "1"]
        cli1 = rate("CLI newsschema validate --jobs 1", best_run(validate_argv, args.repeat))
        # The target's comparison, in alternating pairs: bare Pydantic as a process over the
        # same file (its imports included, as the CLI's are), so that both see the same machine.
        bare_argv = [sys.executable, "-c", BARE_PYDANTIC, str(corpus)]
        bare_pairs = paired(bare_argv, validate_argv, args.rounds)
        rate("bare Pydantic process over the JSONL file", bare_pairs.base_best)
        print(f"  bare Pydantic process / validate in {args.rounds} pairs: {bare_pairs.spread()}")
        cpu_rates = {"validate": docs / cpu_of(validate_argv)}
        big = write_jsonl(base / "jobs.jsonl", lines, args.jobs_docs)
        jobs_argv = {jobs: [*ns, "validate", str(big), "--jobs", str(jobs)] for jobs in (1, 2)}
        scaling = paired(jobs_argv[1], jobs_argv[2], args.rounds)
        rate(f"CLI validate --jobs 1 ({args.jobs_docs} docs)", scaling.base_best, args.jobs_docs)
        rate(f"CLI validate --jobs 2 ({args.jobs_docs} docs)", scaling.best, args.jobs_docs)
        print(f"  --jobs 2 / --jobs 1 in {args.rounds} pairs: {scaling.spread()}")

        print(
            f"\nconversion of {docs} documents (CLI; {args.rounds} pairs with validate, "
            "best time shown):"
        )
        convert: dict[str, Paired] = {}
        for name in FORMATS:
            out = base / f"out-{name}"
            argv = [*ns, "convert", str(corpus), "--to", name, "-o", str(out)]
            convert[name] = paired(validate_argv, argv, args.rounds, lambda out=out: set_aside(out))
            rate(f"CLI convert --to {name}", convert[name].best)
            print(f"    / validate in each pair: {convert[name].spread()}")
            cpu_rates[name] = docs / cpu_of(argv)
            set_aside(out)
        print("  per CPU-second of the process (user + system):")
        for name, value in cpu_rates.items():
            print(f"    {name}: {value:,.0f} docs per CPU-s")
            rows.append(Row(f"CLI {name}, per CPU-second", value, "docs/CPU-s"))

        print(f"\nstart-up (median of {args.runs} runs):")
        one = base / "one.json"
        one.write_bytes(lines[0])
        startup = {
            "python -c 'import pydantic, orjson, click'": median_run(
                [sys.executable, "-c", "import pydantic, orjson, click"], args.runs
            ),
            "newsschema validate one.json": median_run([*ns, "validate", str(one)], args.runs),
            "newsschema --help": median_run([*ns, "--help"], args.runs),
            "newsschema rules": median_run([*ns, "rules"], args.runs),
        }
        for name, seconds in startup.items():
            rows.append(Row(name, seconds * 1000, "ms"))
            print(f"  {name}: {seconds * 1000:.0f} ms")
        imports_argv = [sys.executable, "-c", "import pydantic, orjson, click"]
        startup_pairs = paired(imports_argv, [*ns, "validate", str(one)], args.runs)
        print(f"  baseline / validate one.json in {args.runs} pairs: {startup_pairs.spread()}")
        # The same file in a project (its settings in pyproject.toml): its result is cached.
        project = base / "project"
        project.mkdir()
        (project / "pyproject.toml").write_text("[tool.newsschema]\n", encoding="utf-8")
        cached_one = project / "one.json"
        cached_one.write_bytes(lines[0])
        run([*ns, "validate", str(cached_one)])
        hit_argv = [*ns, "validate", str(cached_one)]
        hit = "newsschema validate one.json, cached"
        startup[hit] = median_run(hit_argv, args.runs)
        rows.append(Row(hit, startup[hit] * 1000, "ms"))
        print(f"  {hit}: {startup[hit] * 1000:.0f} ms")
        hit_pairs = paired(imports_argv, hit_argv, args.runs)
        print(f"  baseline / validate one.json, cached, in {args.runs} pairs: {hit_pairs.spread()}")

        second: tuple[list[float], list[float], int, int] | None = None
        if args.cache_docs:
            second = cache_figures(ns, base, lines, args.cache_docs, args.rounds, rows)

        memory: dict[str, float] = {}
        if not args.skip_memory:
            print("\npeak memory of validate (largest process):")
            four = write_jsonl(base / "four.jsonl", lines, 4 * args.jobs_docs)
            for label, path in ((f"{args.jobs_docs}", big), (f"{4 * args.jobs_docs}", four)):
                for jobs in (1, 2):
                    key = f"validate --jobs {jobs}, {label} docs"
                    memory[key] = peak_rss_mb([*ns, "validate", str(path), "--jobs", str(jobs)])
                    rows.append(Row(f"peak RSS, {key}", memory[key], "MB"))
                    print(f"  {key}: {memory[key]:.0f} MB")
    finally:
        shutil.rmtree(base, ignore_errors=True)

    lines_out = [
        (
            f"validate CLI --jobs 1 / bare Pydantic process: {verdict(bare_pairs.ratio, 1.0)} "
            f"(median of {len(bare_pairs.wall)} pairs; pairs {bare_pairs.spread()}; by CPU "
            f"time {bare_pairs.cpu_ratio:.2f}x)"
        ),
        f"validate CLI --jobs 1 / bare Pydantic in process (measured apart): {cli1 / bare:.2f}x",
        f"check_document in process / bare Pydantic: {library / bare:.2f}x",
        f"bare Pydantic / orjson floor: {bare / floor:.2f}x",
    ]
    if rs is not None:
        lines_out.append(f"validate CLI --jobs 1 / jsonschema-rs: {verdict(cli1 / rs, 0.5)}")
        lines_out.append(f"  stretch (faster than jsonschema-rs): {cli1 / rs:.2f}x of 1.0x")
    for name in FORMATS:
        pair = convert[name]
        lines_out.append(
            f"convert --to {name} / validate: {verdict(pair.ratio, CONVERT_TARGETS[name])}; "
            f"by CPU time {pair.cpu_ratio:.2f}x (median of {len(pair.wall)} pairs; "
            f"pairs {pair.spread()})"
        )
    slowdown = 1 / startup_pairs.ratio
    lines_out.append(
        f"validate one.json / python -c 'import pydantic, orjson, click': {slowdown:.2f}x "
        f"(target ≤ 2x: {'met' if slowdown <= 2 else 'NOT met'}; median of "
        f"{len(startup_pairs.wall)} pairs; no configuration file, so no cache)"
    )
    hit_slowdown = 1 / hit_pairs.ratio
    lines_out.append(
        f"validate one.json, result cached / the imports: {hit_slowdown:.2f}x "
        f"(target ≤ 2x: {'met' if hit_slowdown <= 2 else 'NOT met'}; median of "
        f"{len(hit_pairs.wall)} pairs; by CPU time {1 / hit_pairs.cpu_ratio:.2f}x)"
    )
    if second is not None:
        walls, cpus, checked, total = second
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        lines_out.append(
            f"second validate / first over {args.cache_docs:,} unchanged files: {wall:.1%} of "
            f"the time (target ≤ 5%: {'met' if wall <= 0.05 else 'NOT met'}; median of "
            f"{len(walls)} pairs, {min(walls):.1%}–{max(walls):.1%}; by CPU time {cpu:.1%}); "
            f"after changing one file: {checked} of {total:,} documents checked again"
        )
    for name in ("newsschema --help", "newsschema rules"):
        faster = startup[name] <= startup["newsschema validate one.json"]
        lines_out.append(
            f"{name}: {startup[name] * 1000:.0f} ms vs validate one.json "
            f"{startup['newsschema validate one.json'] * 1000:.0f} ms "
            f"({'met' if faster else 'NOT met'}: faster still)"
        )
    lines_out.append(
        f"--jobs 2 / --jobs 1: {verdict(scaling.ratio, 1.8)} (median of {len(scaling.wall)} "
        f"pairs; pairs {scaling.spread()}; --jobs 2 spends {1 / scaling.cpu_ratio:.2f}x the CPU "
        "time of --jobs 1)"
    )
    if memory:
        keys = list(memory)
        for jobs in (1, 2):
            small, large = memory[keys[jobs - 1]], memory[keys[jobs + 1]]
            lines_out.append(
                f"memory --jobs {jobs}, 4x the input: {small:.0f} MB -> {large:.0f} MB "
                f"({'flat' if large <= small * 1.2 else 'NOT flat'})"
            )
    print("\nagainst the targets:")
    for line in lines_out:
        print(f"  {line}")
    print(f"load average at end (1, 5, 15 min): {os.getloadavg()}")
    print(f"self: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB peak")

    if args.readme:
        load = f"load average (1, 5, 15 min) {load_start} at start, {os.getloadavg()} at end"
        write_readme(f"{where}; {load}", docs, size, rows, lines_out)


def cache_figures(
    ns: Sequence[str],
    base: Path,
    lines: Sequence[bytes],
    count: int,
    rounds: int,
    rows: list[Row],
) -> tuple[list[float], list[float], int, int]:
    """Time a first and a second ``validate`` over ``count`` files of a project, in pairs.

    Each pair empties the cache, runs once (every file checked and kept) and again (every
    result replayed). Then one file is changed and the json report says how many documents
    were checked again. Returns the second/first ratios by wall and CPU time, and those counts.
    """
    project = base / "cache-project"
    data = project / "data"
    data.mkdir(parents=True)
    (project / "pyproject.toml").write_text("[tool.newsschema]\n", encoding="utf-8")
    for number in range(count):
        (data / f"d{number:06d}.json").write_bytes(lines[number % len(lines)])
    # Files changed in the last two seconds are hashed on every run (the cache's racy-clean
    # rule); files in a repository are older than that, so the corpus is let settle first.
    time.sleep(2.5)
    argv = [*ns, "validate", str(data)]
    walls: list[float] = []
    cpus: list[float] = []
    print(f"\nthe cache: {count:,} files, first run (cold cache) then second ({rounds} pairs):")
    for _ in range(rounds):
        remove(project / ".newsschema_cache")
        cpu = _children_cpu()
        first = run(argv)
        first_cpu = _children_cpu() - cpu
        cpu = _children_cpu()
        again = run(argv)
        again_cpu = _children_cpu() - cpu
        walls.append(again / first)
        cpus.append(again_cpu / first_cpu)
        print(f"  first {first:.2f} s, second {again:.3f} s: {again / first:.1%}")
    rows.append(Row(f"validate {count:,} files, first run", count / first, "docs/s"))
    rows.append(Row(f"validate {count:,} files, second run (cached)", count / again, "docs/s"))
    changed = data / "d000000.json"
    changed.write_bytes(changed.read_bytes().replace(b"{", b"{ ", 1))
    done = subprocess.run([*argv, "--format", "json"], capture_output=True, check=False)
    summary = orjson.loads(done.stdout)["summary"]
    return walls, cpus, summary["documents"] - summary["cached"], summary["documents"]


def write_readme(
    where: str, docs: int, size: int, rows: Sequence[Row], ratios: Sequence[str]
) -> None:
    """Replace the marked block of README.md with this run's table."""
    table = [
        BEGIN,
        (
            f"Measured with `python benchmarks/bench_speed.py {' '.join(sys.argv[1:])}` on "
            f"{where}; {docs:,} seed-like documents of {size / docs / 1024:.1f} KiB, every figure "
            "and its baseline in the same run."
        ),
        "",
        "| What | Measured |",
        "| --- | ---: |",
    ]
    for row in rows:
        shown = f"{row.value:,.0f}" if row.unit != "ms" else f"{row.value:.0f}"
        table.append(f"| {row.name} | {shown} {row.unit} |")
    table += ["", "Against the targets:", ""]
    table += [f"- {line.strip()}" for line in ratios]
    table.append(END)
    text = README.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.DOTALL)
    if not pattern.search(text):
        raise SystemExit(f"README.md has no {BEGIN} ... {END} block")
    README.write_text(pattern.sub(lambda _: "\n".join(table), text), encoding="utf-8")
    print(f"\nwrote the table to {README.name}")


if __name__ == "__main__":
    main()
