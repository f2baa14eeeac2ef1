"""Reading the documents of a git revision (``newsschema diff --git REV``).

Git is run as a subprocess with an argument list (never a shell), from the current directory,
so paths are as the user typed them. Only documents under the given paths are read.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

from newsschema._inputs import DOCUMENT_SUFFIXES
from newsschema.findings import Finding, Severity
from newsschema.formats import Options, importer_for_suffix
from newsschema.review._read import ReviewInputError, Source, check_loaded

__all__ = ["GitError", "read_revision"]


class GitError(Exception):
    """Git could not be run or refused the request (not a repository, unknown revision)."""


def _git(*args: str) -> bytes:
    try:
        # git from PATH with fixed subcommands; arguments are revisions and paths, never a shell.
        done = subprocess.run(["git", *args], capture_output=True, check=False)  # noqa: S603, S607
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror or exc}") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def read_revision(revision: str, paths: Sequence[str], options: Options) -> list[Source]:
    """Read and check the documents under ``paths`` as they are at ``revision``.

    Raises:
        GitError: not in a repository, or the revision is unknown.
        ReviewInputError: a document at that revision is unreadable or invalid.
    """
    if revision.startswith("-"):
        raise GitError(f"{revision!r} is not a revision")
    _git("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    listed = _git("ls-tree", "-r", "-z", "--name-only", revision, "--", *paths)
    findings: list[Finding] = []
    sources: list[Source] = []
    for name in sorted(n for n in listed.decode("utf-8", "surrogateescape").split("\0") if n):
        suffix = Path(name).suffix.lower()
        importer = importer_for_suffix(suffix) if suffix in DOCUMENT_SUFFIXES else None
        if importer is None or Path(name).name == "datapackage.json":
            continue
        data = _git("show", f"{revision}:./{name}")
        shown = f"{revision}:{name}"
        for loaded in importer.read_bytes(data, shown, options):
            raw = data
            if importer.name == "jsonl" and loaded.document is not None:
                raw = data.splitlines()[loaded.line - 1]
            document = check_loaded(loaded, findings, raw)
            if document is None:
                continue
            sources.append(Source(document, loaded.file or shown, loaded.line, raw))
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors:
        raise ReviewInputError(f"{len(errors)} error(s) at {revision}", errors)
    return sources
