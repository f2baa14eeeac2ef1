"""The ``newsschema diff`` and ``newsschema agree`` commands.

Kept apart from :mod:`newsschema.cli` so that the other commands do not import the review code,
and ``agree`` imports numpy and the statistics libraries only when it runs.
"""

from __future__ import annotations

import io
import os
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from newsschema._choices import RegistryChoice
from newsschema._cli_options import report_output_option
from newsschema.reporters import REPORTERS

__all__ = ["agree_command", "diff_command", "import_options"]

EXIT_OK, EXIT_CHANGED, EXIT_USAGE = 0, 1, 2


def _importers() -> list[str]:
    from newsschema.formats import IMPORTERS

    return list(IMPORTERS)


def import_options(labels: str | None, settings: Sequence[str]) -> dict[str, Any]:
    """Turn ``--labels`` and ``--set KEY=VALUE`` into importer options, as ``convert`` does.

    The importer reads ``labels`` (a built-in mapping's name or a TOML file) and ``set`` (the
    ``FIELD=VALUE`` strings, e.g. ``article.language=en``).

    Raises:
        click.UsageError: a ``--set`` value is not ``KEY=VALUE``.
    """
    options: dict[str, Any] = {}
    if labels is not None:
        options["labels"] = labels
    for setting in settings:
        key, sep, _ = setting.partition("=")
        if not sep or not key.strip():
            raise click.UsageError(f"--set {setting!r}: expected KEY=VALUE")
    if settings:
        options["set"] = tuple(settings)
    return options


def _input_options(command: Any) -> Any:
    command = click.option(
        "--set",
        "settings",
        multiple=True,
        metavar="FIELD=VALUE",
        help="Article metadata the tool data lacks, e.g. --set article.language=en (repeatable).",
    )(command)
    command = click.option(
        "--labels",
        metavar="NAME|FILE.toml",
        default=None,
        help="Label mapping of annotation-tool formats: newsschema, attribution or a TOML file.",
    )(command)
    return click.option(
        "--from",
        "source_format",
        type=RegistryChoice(_importers),
        default=None,
        help="Input format (default: from the file extension), as for convert.",
    )(command)


def _something_to_compare(
    annotations: dict[str, list[Any]], inputs: Sequence[str], source_format: str | None
) -> None:
    """Fail (exit 2) when an input holds no document or no article is in two inputs."""
    read_as = f"--from {source_format}" if source_format else "the format of each file's name"
    for documents, argument in zip(annotations.values(), inputs, strict=True):
        if not documents:
            _fail("agree", f"{argument}: no document found (read as {read_as}); nothing to compare")
    counts = Counter(
        article
        for documents in annotations.values()
        for article in {d.article.id for d in documents}
    )
    if not any(count > 1 for count in counts.values()):
        _fail(
            "agree",
            "no article is in two or more inputs (articles are matched by article id); "
            "nothing to compare",
        )


def _fail(command: str, message: str, findings: Sequence[Any] = ()) -> None:
    if findings:
        from newsschema.report import Report

        REPORTERS["text"](Report(tuple(findings)), sys.stderr)
    from newsschema._names import display_name

    click.echo(display_name(f"newsschema {command}: {message}"), err=True)
    sys.exit(EXIT_USAGE)


def _emit(command: str, text: str, output: Path | None, inputs: Sequence[str]) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    for argument in inputs:
        if os.path.exists(argument) and os.path.realpath(argument) == os.path.realpath(output):
            _fail(command, f"{output}: the report may not overwrite an input")
    from newsschema._atomic import atomic_write_bytes

    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(output, text.encode("utf-8"))
    except OSError as exc:
        _fail(command, f"cannot write {output}: {exc.strerror or exc}")


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
@_input_options
def diff_command(
    paths: tuple[str, ...],
    revision: str | None,
    output_format: str | None,
    exit_zero: bool,
    show_renames: bool,
    output: Path | None,
    source_format: str | None,
    labels: str | None,
    settings: tuple[str, ...],
) -> None:
    """Show what changed in the annotations: newsschema diff OLD NEW, or --git REV [PATHS].

    OLD and NEW are files or folders; documents are matched by article id, annotations by
    content, then by id, then by span; a change of id alone is shown with --show-renames.
    Exit status: 0 nothing changed, 1 something changed (0 with --exit-zero), 2 usage error
    or unreadable input.
    """
    from newsschema.review._git import GitError, read_revision
    from newsschema.review._read import ReviewInputError, read_sources
    from newsschema.review.diff import diff_sources
    from newsschema.review.diff_reporters import DIFF_REPORTERS

    options = import_options(labels, settings)
    if output_format is None:
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    try:
        if revision is not None:
            targets = list(paths) or ["."]
            old = read_revision(revision, targets, options)
            new = read_sources(targets, source_format=source_format, options=options)
        else:
            if len(paths) != 2:
                raise click.UsageError("give OLD and NEW, or --git REV [PATHS]")
            old = read_sources(paths[:1], source_format=source_format, options=options)
            new = read_sources(paths[1:], source_format=source_format, options=options)
        report = diff_sources(old, new, show_renames=show_renames)
    except GitError as exc:
        _fail("diff", f"git: {exc}")
    except ReviewInputError as exc:
        _fail("diff", str(exc), exc.findings)
    buffer = io.StringIO()
    DIFF_REPORTERS[output_format](report, buffer)
    _emit("diff", buffer.getvalue(), output, paths)
    sys.exit(EXIT_CHANGED if report.changed and not exit_zero else EXIT_OK)


def _annotator_names(inputs: Sequence[str]) -> list[str]:
    names = []
    for argument in inputs:
        path = Path(argument.rstrip("/\\") or argument)
        names.append(path.name if path.is_dir() else path.stem)
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if names.count(name) == 1 else f"{name}#{seen[name]}")
    return unique


_INFERRED_BY = {
    "NS087": ("quote_kind", "the importer inferred {n} quote kind(s) from quotation marks")
}
"""Importer warnings saying a layer's values were inferred, not chosen: code -> layer, why."""


def _inferred_layers(findings: Sequence[Any]) -> dict[str, str]:
    """The layers whose values an importer inferred, from its warnings."""
    counts = Counter(f.code for f in findings if f.code in _INFERRED_BY)
    inferred: dict[str, str] = {}
    for code, n in counts.items():
        layer, why = _INFERRED_BY[code]
        inferred[layer] = f"{why.format(n=n)} ({code})"
    return inferred


def _gold_input(gold: str, names: list[str], inputs: tuple[str, ...]) -> tuple[str, str | None]:
    """Resolve ``--gold``: an annotator's name, or a path read as one more input.

    Returns:
        The reference's name, and the path to read (None when it is one of the inputs).
    """
    if gold in names:
        return gold, None
    if Path(gold).exists():
        name = _annotator_names([gold])[0]
        if name in names:
            name = f"{name} (gold)"
        return name, gold
    raise click.UsageError(
        f"--gold {gold!r}: neither an annotator ({', '.join(names)}) nor an existing path"
    )


@click.command("agree")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "csv", "html", "markdown", "table"]),
    default="text",
    show_default=True,
    help="Report format (table: the older name of text).",
)
@click.option(
    "--gold",
    metavar="NAME|PATH",
    default=None,
    help="The reference: an annotator's name, or a file or folder read as one more input. "
    "Every other annotator gets precision, recall and F1 against it, per layer.",
)
@click.option(
    "--gold-mode",
    type=click.Choice(["exact", "overlap"]),
    default="exact",
    show_default=True,
    help="Which matching the --gold precision, recall and F1 use (tokens: per token).",
)
@click.option(
    "--layer",
    "layers",
    multiple=True,
    metavar="NAME",
    help="Compute only these layers (repeatable) [default: all].",
)
@click.option(
    "--bootstrap",
    type=click.IntRange(min=0),
    default=1000,
    show_default=True,
    help="Bootstrap resamples for alpha's 95% confidence interval (0: none).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the bootstrap.")
@report_output_option
@_input_options
def agree_command(
    inputs: tuple[str, ...],
    output_format: str,
    gold: str | None,
    gold_mode: str,
    layers: tuple[str, ...],
    bootstrap: int,
    seed: int,
    output: Path | None,
    source_format: str | None,
    labels: str | None,
    settings: tuple[str, ...],
) -> None:
    """Measure how far annotators agree: newsschema agree A B [C ...].

    Each input is one annotator's version of the same articles (a file, a folder, or any
    importable format with --from), named by its folder name or file stem. Articles are matched
    by id. With --gold, every annotator is also scored against the reference. Exit status: 0
    report written, 2 usage error or unreadable input.
    """
    from newsschema.review._read import ReviewInputError, read_sources
    from newsschema.review._stats import StatsUnavailable
    from newsschema.review.agree_reporters import AGREE_REPORTERS
    from newsschema.review.agreement import AgreementError, agree
    from newsschema.review.layers import LAYERS

    if len(inputs) < 2:
        raise click.UsageError("give two or more annotators' inputs")
    unknown = [name for name in layers if name not in LAYERS]
    if unknown:
        raise click.UsageError(
            f"unknown layer(s) {', '.join(unknown)}; layers: {', '.join(LAYERS)}"
        )
    options = import_options(labels, settings)
    names = _annotator_names(inputs)
    gold_name, gold_path = (None, None) if gold is None else _gold_input(gold, names, inputs)
    if gold_name is not None and gold_path is not None:
        names.append(gold_name)
        inputs = (*inputs, gold_path)
    warnings: list[Any] = []
    try:
        annotations = {
            name: [
                s.document
                for s in read_sources(
                    [argument], source_format=source_format, options=options, findings=warnings
                )
            ]
            for name, argument in zip(names, inputs, strict=True)
        }
        _something_to_compare(annotations, inputs, source_format)
        report = agree(
            annotations,
            layers=layers or None,
            bootstrap=bootstrap,
            seed=seed,
            gold=gold_name,
            gold_mode=gold_mode,
            inferred=_inferred_layers(warnings),
        )
    except ReviewInputError as exc:
        _fail("agree", str(exc), exc.findings)
    except AgreementError as exc:
        _fail("agree", str(exc))
    except StatsUnavailable as exc:
        _fail("agree", f"needs the review extra (pip install 'newsschema[review]'): {exc}")
    buffer = io.StringIO()
    AGREE_REPORTERS[output_format](report, buffer)
    _emit("agree", buffer.getvalue(), output, inputs)
    sys.exit(EXIT_OK)
