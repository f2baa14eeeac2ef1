"""The ``newsschema agree`` command: agreement between annotators.

numpy and the statistics libraries are imported only when it runs.
"""

from __future__ import annotations

import dataclasses
import io
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from newsschema.cli._options import (
    input_options,
    report_output_option,
)
from newsschema.cli._review import EXIT_OK, emit, fail, review_inputs

if TYPE_CHECKING:
    from newsschema.cli._options import InputArgs


__all__ = ["agree_command"]


def _something_to_compare(
    annotators: Sequence[Any],
    inputs: Sequence[Any],
    source_format: str | None,
    by_origin: bool,
) -> None:
    """Fail (exit 2) when an input holds no document or no article has two annotators."""
    read_as = f"--from {source_format}" if source_format else "the format of each file's name"
    for item in inputs:
        if not item.sources and not item.texts_only:
            fail(
                "agree",
                f"{item.argument}: no document found (read as {read_as}); nothing to compare",
            )
    if len(annotators) < 2:
        found = ", ".join(a.name for a in annotators) or "none"
        if by_origin:
            fail("agree", f"agreement needs two or more annotators; the inputs have {found}")
        raise click.UsageError(
            "give two or more annotators' inputs (each input is one annotator, unless every "
            "document names its annotator, as NAME_ANNOTATOR.ann files do)"
        )
    counts = Counter(
        article
        for annotator in annotators
        for article in {d.article.id for d in annotator.documents}
    )
    if any(count > 1 for count in counts.values()):
        return
    if by_origin:
        fail(
            "agree",
            "no article is annotated by two or more annotators (articles are matched by the "
            "NAME of NAME_ANNOTATOR.ann); nothing to compare",
        )
    fail(
        "agree",
        "no article is in two or more inputs (articles are matched by article id); "
        "nothing to compare",
    )


_PAIRING = frozenset({"brat"})
"""Importers that pair the annotations of one folder with the texts of another (as convert)."""


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


def _gold_input(gold: str, names: Sequence[str]) -> tuple[str, str | None]:
    """Resolve ``--gold``: an annotator's name, or a path read as one more input.

    Returns:
        The reference's name, and the path to read (None when it is one of the annotators).
    """
    from newsschema.review.annotators import input_names

    if gold in names:
        return gold, None
    if Path(gold).exists():
        name = input_names([gold])[0]
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
@click.option(
    "--strict",
    is_flag=True,
    help="Refuse input with rule errors (by default agreement is computed on every document "
    "whose structure loads, and each annotator's rule findings are counted).",
)
@report_output_option
@input_options
def agree_command(
    inputs: tuple[str, ...],
    output_format: str,
    gold: str | None,
    gold_mode: str,
    layers: tuple[str, ...],
    bootstrap: int,
    seed: int,
    strict: bool,
    output: Path | None,
    input_args: InputArgs,
) -> None:
    """Measure how far annotators agree: newsschema agree A B [C ...].

    Each input is one annotator's version of the same articles (a file, a folder, or any
    importable format with --from), named by its folder name or file stem; articles are
    matched by id. One folder of several annotators: when every document names its annotator
    (brat NAME_ANNOTATOR.ann or NAME.ANNOTATOR.ann, e.g. agree ANN_DIR TEXT_DIR --from brat),
    documents are grouped by that suffix and matched by article NAME. With --gold, every
    annotator is also scored against the reference. Agreement is measured on raw annotator
    output: every document whose structure loads counts, and the report says how many rule
    findings each annotator's documents have (--strict refuses input with rule errors). Exit
    status: 0 report written, 2 usage error, a document that does not load, or (with
    --strict) a rule error.
    """
    from newsschema._heap import settled
    from newsschema.review import ReviewInputError, read_sources
    from newsschema.review.agree_reporters import AGREE_REPORTERS
    from newsschema.review.agreement import AgreementError, agree
    from newsschema.review.annotators import Input, group, reference
    from newsschema.review.layers import LAYERS
    from newsschema.review.stats import StatsUnavailable

    unknown = [name for name in layers if name not in LAYERS]
    if unknown:
        raise click.UsageError(
            f"unknown layer(s) {', '.join(unknown)}; layers: {', '.join(LAYERS)}"
        )
    given = review_inputs("agree", inputs, input_args)
    source_format = input_args.source_format
    checks = (given.settings.rule_set(),)

    def read_input(argument: str, folders: tuple[str, ...]) -> Input:
        # A folder format (brat) pairs the annotations of one folder with the texts of
        # another (ANN_DIR TEXT_DIR): every folder input of the run is a companion, as in
        # convert, and a folder that only lends its texts is not an annotator.
        companions = folders if len(folders) > 1 and source_format in _PAIRING else ()
        sources = read_sources(
            [argument],
            source_format=source_format,
            options=dataclasses.replace(given.read, companions=companions),
            checks=checks,
            findings=[],
            # Rule findings are counted by code; only --strict shows them, where they are.
            locate=strict,
        )
        return Input(argument, sources, texts_only=not sources and argument in companions)

    folders = tuple(argument for argument in inputs if Path(argument).is_dir())
    # Every document read is kept until the report is made: each input's documents are moved
    # out of the collector's full walks once read (see newsschema._heap).
    with settled() as settle:
        try:
            read_inputs = []
            for argument in inputs:
                read_inputs.append(read_input(argument, folders))
                settle()
            annotators, by_origin = group(read_inputs)
            _something_to_compare(annotators, read_inputs, source_format, by_origin)
            names = [annotator.name for annotator in annotators]
            gold_name, gold_path = (None, None) if gold is None else _gold_input(gold, names)
            if gold_name is not None and gold_path is not None:
                with_gold = (*folders, gold_path) if Path(gold_path).is_dir() else folders
                gold_input = read_input(gold_path, with_gold)
                settle()
                if not gold_input.sources:
                    fail("agree", f"{gold_path}: no document found in the --gold input")
                annotators.append(reference(gold_input, gold_name, by_origin))
                inputs = (*inputs, gold_path)
            for annotator in annotators:
                errors = [f for f in annotator.findings if f.is_error]
                if strict and errors:
                    message = f"--strict: {annotator.name} has {len(errors)} rule error(s)"
                    raise ReviewInputError(message, errors)  # noqa: TRY301 - reported as input errors are
            report = agree(
                {annotator.name: annotator.documents for annotator in annotators},
                layers=layers or None,
                bootstrap=bootstrap,
                seed=seed,
                gold=gold_name,
                gold_mode=gold_mode,
                inferred=_inferred_layers([f for a in annotators for f in a.findings]),
            )
        except ReviewInputError as exc:
            fail("agree", str(exc), exc.findings)
        except AgreementError as exc:
            fail("agree", str(exc))
        except StatsUnavailable as exc:
            fail("agree", f"needs the review extra (pip install 'newsschema[review]'): {exc}")
    counts = {a.name: dict(Counter(f.code for f in a.findings)) for a in annotators}
    report = dataclasses.replace(report, findings=counts)
    buffer = io.StringIO()
    AGREE_REPORTERS[output_format](report, buffer)
    emit("agree", buffer.getvalue(), output, inputs)
    sys.exit(EXIT_OK)
