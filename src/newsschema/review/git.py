"""Reading the documents of a git revision (``newsschema diff --git REV``).

Git is run as a subprocess with an argument list (never a shell), from the current directory,
so paths are as the user typed them. Only documents under the given paths are read.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

from newsschema._foreign import is_foreign
from newsschema._inputs import BUNDLE_DESCRIPTOR, DOCUMENT_SUFFIXES
from newsschema.errors import EXIT_USAGE, NewsschemaError
from newsschema.findings import Finding
from newsschema.review._read import Source, read_units
from newsschema.validation import ERROR_CHECKS, Check, Unit

__all__ = ["GitError", "read_revision", "repository_root"]


class GitError(NewsschemaError):
    """Git could not be run or refused the request (not a repository, unknown revision)."""

    exit_status = EXIT_USAGE


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


def repository_root() -> Path:
    """The root of the git repository the current directory is in (where its config is).

    Raises:
        GitError: not in a repository.
    """
    return Path(_git("rev-parse", "--show-toplevel").decode("utf-8", "surrogateescape").strip())


def read_revision(
    revision: str,
    paths: Sequence[str],
    checks: Sequence[Check] = ERROR_CHECKS,
    *,
    findings: list[Finding] | None = None,
    skipped: list[str] | None = None,
) -> list[Source]:
    """Read and check the documents under ``paths`` as they are at ``revision``.

    Annotation files at a revision are canonical JSON or JSON Lines; they are read by the same
    core as the working tree (:func:`newsschema.review._read.read_units`), with the same gate.

    Args:
        revision: The revision to read.
        paths: Where to look, as the user typed them.
        checks: The rules each document is checked with.
        findings: Where rule findings go (see :func:`~newsschema.review._read.read_sources`).
        skipped: When given, JSON files that are clearly not annotations are skipped, as the
            pre-commit hook does, and their names added here.

    Raises:
        GitError: not in a repository, or the revision is unknown.
        ReviewInputError: a document at that revision does not load (or, without
            ``findings``, has a rule error).
    """
    if revision.startswith("-"):
        raise GitError(f"{revision!r} is not a revision")
    _git("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    listed = _git("ls-tree", "-r", "-z", "--name-only", revision, "--", *paths)
    units: list[Unit] = []
    for name in sorted(n for n in listed.decode("utf-8", "surrogateescape").split("\0") if n):
        suffix = Path(name).suffix.lower()
        if suffix not in DOCUMENT_SUFFIXES or Path(name).name == BUNDLE_DESCRIPTOR:
            continue
        data = _git("show", f"{revision}:./{name}")
        shown = f"{revision}:{name}"
        if skipped is not None and is_foreign(data):
            skipped.append(shown)
            continue
        units.append(Unit(shown, shown, jsonl=suffix != ".json", data=data))
    return read_units(units, checks, findings)
