"""Annotation-tool formats: export and import time at N and 8N documents.

Usage: ``python benchmarks/bench_tools.py [--documents 200]`` (needs the ``inception`` and
``spacy`` extras for those formats). Seed-like documents (``benchmarks/corpus.py``) are written
as JSON Lines, then the real command line converts them to each tool format and back
(``--from FORMAT --to jsonl``); the re-imported corpus must hold the same documents. Prints seconds
and the 8N/N ratios (linear growth gives about 8).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import iter_lines

FORMATS = {"brat": "out", "doccano": "out.jsonl", "labelstudio": "out", "inception": "out.zip"}


def run(*args: str) -> float:
    """Run ``newsschema ARGS`` in a fresh process; return its wall-clock seconds."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "newsschema", *args], check=True, capture_output=True)
    return time.perf_counter() - start


def measure(count: int, tmp: Path) -> dict[str, tuple[float, float]]:
    raw = tmp / f"raw-{count}.jsonl"
    raw.write_bytes(b"".join(iter_lines(count)))
    source = tmp / f"in-{count}.jsonl"
    run("convert", str(raw), "--to", "jsonl", "-o", str(source))  # canonical form, to compare
    results = {}
    for name, out_name in FORMATS.items():
        out = tmp / f"{name}-{count}" / out_name
        back = tmp / f"{name}-{count}-back.jsonl"
        export_s = run("convert", str(source), "--to", name, "-o", str(out))
        import_s = run("convert", str(out), "--from", name, "--to", "jsonl", "-o", str(back))
        # Folder formats give documents back in file-name order.
        assert sorted(back.read_bytes().splitlines()) == sorted(source.read_bytes().splitlines()), (
            name
        )
        results[name] = (export_s, import_s)
    spacy_s = run("convert", str(source), "--to", "spacy", "-o", str(tmp / f"{count}.spacy"))
    results["spacy"] = (spacy_s, 0.0)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=200)
    n = parser.parse_args().documents
    with tempfile.TemporaryDirectory() as tmp:
        small, large = measure(n, Path(tmp)), measure(8 * n, Path(tmp))
    print(f"{'format':<12} {'export s':>9} {'import s':>9} {'8x export':>10} {'8x import':>10}")
    for name in small:
        (es, is_), (el, il) = small[name], large[name]
        ratio_i = f"{il / is_:.1f}" if is_ else "-"
        print(f"{name:<12} {es:>9.2f} {is_:>9.2f} {el / es:>10.1f} {ratio_i:>10}")


if __name__ == "__main__":
    main()
