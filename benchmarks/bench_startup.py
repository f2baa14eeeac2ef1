"""Start-up cost of each command against ``python -c "import pydantic, orjson, click"``.

Usage::

    python benchmarks/bench_startup.py [--runs 21] [--importtime validate]

Runs every command ``--runs`` times, interleaved (so that a burst of load on a shared machine
hits all of them alike), after one warm-up each, with the bytecode cache on (as an installed
package runs, whatever ``PYTHONDONTWRITEBYTECODE`` says). Prints the median wall and CPU time
(user + system) of each and its ratio to the baseline; CPU time is the steadier figure when
other work shares the machine. The load average is printed at start and end.

``--importtime NAME`` also prints the slowest imports of that command (``python -X
importtime``, median of five runs, cumulative), which is where start-up time goes.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import iter_lines

# Children cache bytecode as an installed package does.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
BASELINE = "python -c 'import pydantic, orjson, click'"
FLOOR = (
    "import pydantic, orjson, click\n"
    "from pydantic import BaseModel\n"
    "class M(BaseModel):\n"
    "    a: int\n"
    "M.model_validate_json(b'{\"a\": 1}')"
)


def commands(one: Path) -> dict[str, list[str]]:
    """The timed command lines, by name (the baseline first)."""
    ns = [sys.executable, "-m", "newsschema"]
    script = Path(sys.executable).parent / "newsschema"
    if script.exists():
        ns = [str(script)]
    return {
        BASELINE: [sys.executable, "-c", "import pydantic, orjson, click"],
        # What any Pydantic model costs: the model machinery, plugin discovery, one validator.
        "floor: one trivial Pydantic model": [sys.executable, "-c", FLOOR],
        "newsschema --help": [*ns, "--help"],
        "newsschema --version": [*ns, "--version"],
        "newsschema rules": [*ns, "rules"],
        "newsschema validate one.json": [*ns, "validate", str(one)],
        "newsschema validate --help": [*ns, "validate", "--help"],
        "newsschema convert one.json --to json": [*ns, "convert", str(one), "--to", "json"],
        "newsschema schema --check": [*ns, "schema", "--check"],
    }


def timed(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``argv`` (output discarded)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def importtime(argv: list[str], top: int = 15) -> None:
    """Print the slowest imports (cumulative microseconds, median of five runs) of ``argv``."""
    script = argv[0] if argv[0] != sys.executable else None
    if script is not None:
        argv = [sys.executable, "-m", "newsschema", *argv[1:]]
    samples: dict[str, list[int]] = {}
    for _ in range(5):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", *argv[1:]],
            capture_output=True,
            text=True,
            env=ENV,
            check=False,
        )
        for line in done.stderr.splitlines():
            if not line.startswith("import time:") or "self [us]" in line:
                continue
            _, cumulative, name = line[len("import time:") :].split("|")
            samples.setdefault(name.rstrip(), []).append(int(cumulative))
    ranked = sorted(samples.items(), key=lambda item: -statistics.median(item[1]))
    for name, values in ranked[:top]:
        print(f"    {statistics.median(values) / 1000:7.1f} ms  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="runs per command (median)")
    parser.add_argument("--importtime", metavar="NAME", help="profile the imports of a command")
    args = parser.parse_args()

    print(f"load average at start (1, 5, 15 min): {os.getloadavg()}")
    with tempfile.TemporaryDirectory(prefix="newsschema-startup-") as folder:
        one = Path(folder) / "one.json"
        one.write_bytes(next(iter_lines(1)))
        lines = commands(one)
        os.chdir(folder)  # convert writes to standard output; nothing lands in the caller's tree
        for argv in lines.values():
            timed(argv)  # warm-up: bytecode cache and file cache
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in lines}
        for _ in range(args.runs):
            for name, argv in lines.items():
                samples[name].append(timed(argv))
        base_wall = statistics.median(w for w, _ in samples[BASELINE])
        base_cpu = statistics.median(c for _, c in samples[BASELINE])
        print(f"median of {args.runs} runs        wall ms  (x base)    CPU ms  (x base)")
        for name, runs in samples.items():
            wall = statistics.median(w for w, _ in runs)
            cpu = statistics.median(c for _, c in runs)
            print(
                f"  {name:40s} {wall * 1000:6.0f}  ({wall / base_wall:4.2f}x)  "
                f"{cpu * 1000:6.0f}  ({cpu / base_cpu:4.2f}x)"
            )
        if args.importtime:
            matches = [name for name in lines if args.importtime in name]
            if not matches:
                raise SystemExit(f"no command matches {args.importtime!r}")
            print(f"\nslowest imports of {matches[0]} (cumulative, median of 5):")
            importtime(lines[matches[0]])
    print(f"load average at end (1, 5, 15 min): {os.getloadavg()}")


if __name__ == "__main__":
    main()
