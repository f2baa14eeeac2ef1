"""Atheris fuzz target for the strict loader (not run in CI).

Feeds arbitrary bytes to :func:`newsschema.loader.load_one` and to the whole validation of one
document. Any exception escaping is a bug: bad input must come back as located findings. Also
checks that every finding is located and coded, and that messages stay short.

Run (needs ``pip install atheris``, which builds against clang's libFuzzer)::

    python fuzz/fuzz_loader.py -max_total_time=300 fuzz/corpus

Seed the corpus with real documents first, e.g. ``mkdir -p fuzz/corpus && cp seeds/*.json
tests/invalid/*.json fuzz/corpus/``.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from newsschema.codes import LOADER_CODES
    from newsschema.loader import load_one
    from newsschema.rules import ALL_CODES
    from newsschema.validation import check_document

KNOWN = set(ALL_CODES) | set(LOADER_CODES)


def test_one_input(data: bytes) -> None:
    """Load and validate ``data``; fail on any escaping exception or unlocated finding."""
    loaded = load_one(data, file="fuzz.json")
    assert (loaded.document is None) == bool(loaded.findings)
    for finding in check_document(data, file="fuzz.json"):
        assert finding.code in KNOWN, finding
        assert finding.line is not None and finding.column is not None, finding
        assert len(finding.message) < 400, finding


def main() -> None:
    """Run libFuzzer on :func:`test_one_input`."""
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
