"""The ``newsschema diff`` command: the changes between two versions."""

from __future__ import annotations

import dataclasses
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from newsschema.cli._options import (
    input_options,
    report_output_option,
)
from newsschema.cli._review import EXIT_CHANGED, EXIT_OK, emit, fail, review_inputs

if TYPE_CHECKING:
    from newsschema.cli._options import InputArgs


__all__ = ["diff_command"]


def _skipped_line(skipped: Sequence[str]) -> str:
    shown = ", ".join(skipped[:5])
    if len(skipped) > 5:
        shown += f" and {len(skipped) - 5} more"
    return f"newsschema diff: skipped {len(skipped)} JSON file(s) that are not annotations: {shown}"


@click.command("diff")
@click.argument("paths", nargs=-1)
@click.option(
    "--git",
    "revision",
    metavar="REV",
    default=None,
    help="Compare the working tree (PATHS, default .) with this git revision.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github", "markdown"]),
    default=None,
    help="Report format [default: text; github when GITHUB_ACTIONS=true].",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when something changed.")
@click.option(
    "--show-renames",
    is_flag=True,
    help="Report annotations whose id alone changed (hidden by default: tools renumber ids).",
)
@report_output_option
@input_options
def diff_command(
    paths: tuple[str, ...],
    revision: str | None,
    output_format: str | None,
    exit_zero: bool,
    show_renames: bool,
    output: Path | None,
    input_args: InputArgs,
) -> None:
    """Show what changed in the annotations: newsschema diff OLD NEW, or --git REV [PATHS].

    OLD and NEW are files or folders; documents are matched by article id, annotations by
    content, then by id, then by span; a change of id alone is shown with --show-renames. Any
    document whose structure loads is compared; the new version's rule findings are shown
    beside the changes and never decide the exit status. With --git, JSON files that are
    clearly not annotations are skipped. Exit status: 0 nothing changed, 1 something changed
    (0 with --exit-zero), 2 usage error or a document that does not load.
    """
    from newsschema.findings import Finding, sort_key
    from newsschema.review import ReviewInputError, read_sources
    from newsschema.review.diff import diff_sources
    from newsschema.review.diff_reporters import DIFF_REPORTERS
    from newsschema.review.git import GitError, read_revision, repository_root

    if output_format is None:
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    if revision is None and len(paths) != 2:
        raise click.UsageError("give OLD and NEW, or --git REV [PATHS]")
    targets = (list(paths) or ["."]) if revision is not None else list(paths)
    findings: list[Finding] = []
    skipped: list[str] = []
    try:
        # The configuration of a --git diff is the repository's (found from its root).
        root = repository_root() if revision is not None else None
        given = review_inputs("diff", targets, input_args, root)
        source_format = input_args.source_format
        checks = (given.settings.rule_set(),)
        read = given.read
        # The old side needs only to load; the new side's rule findings are shown.
        if revision is not None:
            old = read_revision(revision, targets, (), findings=[], skipped=skipped)
            new_paths: Sequence[str] = targets
        else:
            old = read_sources(
                paths[:1], source_format=source_format, options=read, checks=(), findings=[]
            )
            new_paths = paths[1:]
        new = read_sources(
            new_paths,
            source_format=source_format,
            options=read,
            checks=checks,
            findings=findings,
            skipped=skipped if revision is not None else None,
        )
        report = diff_sources(old, new, show_renames=show_renames)
    except GitError as exc:
        fail("diff", f"git: {exc}")
    except ReviewInputError as exc:
        fail("diff", str(exc), exc.findings)
    if skipped:
        click.echo(_skipped_line(skipped), err=True)  # said once, for both sides
    report = dataclasses.replace(report, findings=tuple(sorted(findings, key=sort_key)))
    buffer = io.StringIO()
    DIFF_REPORTERS[output_format](report, buffer)
    emit("diff", buffer.getvalue(), output, paths)
    sys.exit(EXIT_CHANGED if report.changed and not exit_zero else EXIT_OK)
