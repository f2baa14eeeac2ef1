"""Renderers of an :class:`~newsschema.review.agreement.AgreementReport`.

``text`` (a terminal table; ``table`` is its older name), ``json`` (a stable shape: ``{"layers":
{LAYER: {"pairs": [{"annotators": [A, B], "exact_f1": …, "overlap_f1": …}], …}}, …}``), ``csv``
(one row per layer and pair, plus a ``mean`` row per layer), ``markdown`` (for a pull-request
comment) and ``html`` (a self-contained page with charts, see :mod:`newsschema.review.agree_html`).
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable
from typing import Any, TextIO

import orjson

from newsschema._names import display_name
from newsschema.review.agreement import (
    AgreementReport,
    Disagreement,
    DocumentSummary,
    GoldScores,
    LayerAgreement,
    Marked,
    PairAgreement,
    Scores,
    UnitDisagreement,
)
from newsschema.review.stats import Estimate

__all__ = ["AGREE_REPORTERS", "METRICS", "agreement_dict"]

METRICS = (
    "exact_precision",
    "exact_recall",
    "exact_f1",
    "overlap_precision",
    "overlap_recall",
    "overlap_f1",
    "kappa",
)
"""Per-pair metrics, in column order."""


def _estimate(estimate: Estimate | None) -> dict[str, Any] | None:
    if estimate is None:
        return None
    return {
        "value": estimate.value,
        "ci95": None if estimate.low is None else [estimate.low, estimate.high],
        "ci_method": estimate.method,
    }


def _marked(unit: Marked | None) -> dict[str, Any] | None:
    if unit is None:
        return None
    return {
        "start": unit.start,
        "end": unit.end,
        "text": unit.text,
        "label": unit.label,
        "id": unit.ref,
    }


def _disagreement(item: Disagreement) -> dict[str, Any]:
    return {
        "document": item.document,
        "kind": item.kind,
        "annotators": list(item.annotators),
        "a": _marked(item.a),
        "b": _marked(item.b),
    }


def _pair(pair: PairAgreement) -> dict[str, Any]:
    data: dict[str, Any] = {
        "annotators": list(pair.annotators),
        "documents": pair.documents,
        "units": list(pair.units),
        "exact_matches": pair.exact.matches,
        "overlap_matches": pair.overlap.matches,
    }
    for metric in METRICS[:-1]:
        matching, _, measure = metric.partition("_")
        data[metric] = getattr(getattr(pair, matching), measure)
    data["kappa"] = _estimate(pair.kappa)
    if pair.labels and pair.cells:
        data["confusion"] = {"labels": list(pair.labels), "cells": [list(c) for c in pair.cells]}
    elif pair.labels:
        data["confusion"] = {
            "labels": list(pair.labels),
            "matrix": [list(r) for r in pair.confusion],
        }
        data["by_label"] = {
            label: {
                "exact_f1": exact.f1,
                "overlap_f1": overlap.f1,
                "exact_matches": exact.matches,
                "overlap_matches": overlap.matches,
            }
            for label, (exact, overlap) in pair.by_label.items()
        }
    data["disagreements"] = [_disagreement(d) for d in pair.disagreements]
    return data


def _prf(scores: Scores) -> dict[str, Any]:
    return {"precision": scores.precision, "recall": scores.recall, "f1": scores.f1}


def _gold(scores: GoldScores) -> dict[str, Any]:
    data = {
        **_prf(scores.headline),
        "mode": scores.mode,
        "exact": _prf(scores.exact),
        "overlap": _prf(scores.overlap),
    }
    if scores.quotes is not None:
        data["quote_scores"] = dict(scores.quotes)
    return data


def _layer(layer: LayerAgreement) -> dict[str, Any]:
    data: dict[str, Any] = {
        "description": layer.description,
        "labelled": layer.labelled,
        "inferred": layer.inferred,
        "labels": list(layer.labels),
        "mean": {metric: layer.mean(metric) for metric in METRICS},
        "alpha": _estimate(layer.alpha),
        "items": layer.items,
        "pairs": [_pair(pair) for pair in layer.pairs],
    }
    if layer.inferred:
        data["inferred_because"] = layer.inferred_because
    if layer.gold:
        data["gold"] = {name: _gold(scores) for name, scores in layer.gold.items()}
    return data


def _grouped(item: UnitDisagreement) -> dict[str, Any]:
    return {
        "document": item.document,
        "layer": item.layer,
        "kind": item.kind,
        "start": item.start,
        "end": item.end,
        "disagreeing": item.disagreeing,
        "sentence": item.sentence,
        "sentence_start": item.sentence_start,
        "annotators": {name: _marked(unit) for name, unit in item.marked.items()},
    }


def _summary(item: DocumentSummary) -> dict[str, Any]:
    return {
        "document": item.document,
        "annotators": list(item.annotators),
        "disagreements": item.disagreements,
        "worst_layer": item.worst_layer,
        "worst_score": item.worst_score,
        "scores": dict(item.scores),
    }


def agreement_dict(report: AgreementReport) -> dict[str, Any]:
    """Return the JSON form of an agreement report (the contract shape)."""
    return {
        "annotators": {
            name: {
                "documents": report.documents.get(name, 0),
                "findings": dict(sorted(report.findings.get(name, {}).items())),
            }
            for name in report.annotators
        },
        "articles": report.articles,
        "gold": report.gold,
        "missing_documents": {name: list(ids) for name, ids in report.missing.items()},
        "summary": {
            **report.summary(),
            "inferred_layers": [n for n, la in report.layers.items() if la.inferred],
        },
        "layers": {name: _layer(layer) for name, layer in report.layers.items()},
        "documents": [_summary(item) for item in report.summaries],
        "disagreements": [_grouped(item) for item in report.disagreements],
    }


def render_json(report: AgreementReport, stream: TextIO, /) -> None:
    """Write the report as one JSON object."""
    stream.write(orjson.dumps(agreement_dict(report), option=orjson.OPT_INDENT_2).decode() + "\n")


def _cell(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def render_csv(report: AgreementReport, stream: TextIO, /) -> None:
    """Write one row per layer and annotator pair, then a ``mean`` row per layer.

    Annotator names come from file names: one that starts like a formula (``=``, ``+``...) is
    escaped as the CSV bundle escapes text cells, so a spreadsheet shows it and runs nothing.
    """
    from newsschema.formats.tables.csv_bundle import escape_cell

    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(
        ["layer", "annotator_a", "annotator_b", "units_a", "units_b", *METRICS,
         "kappa_low", "kappa_high", "alpha", "alpha_low", "alpha_high"]
    )  # fmt: skip
    for name, layer in report.layers.items():
        for pair in layer.pairs:
            k = pair.kappa
            writer.writerow(
                [name, *(escape_cell(annotator) for annotator in pair.annotators), *pair.units]
                + [_cell(_value(pair, metric)) for metric in METRICS]
                + [_cell(None if k is None else k.low), _cell(None if k is None else k.high)]
                + ["", "", ""]
            )
        a = layer.alpha
        alpha = ["", "", ""] if a is None else [_cell(a.value), _cell(a.low), _cell(a.high)]
        writer.writerow(
            [name, "mean", "", "", ""]
            + [_cell(layer.mean(metric)) for metric in METRICS]
            + ["", "", *alpha]
        )


def _value(pair: PairAgreement, metric: str) -> float | None:
    if metric == "kappa":
        return None if pair.kappa is None else pair.kappa.value
    matching, _, measure = metric.partition("_")
    value: float | None = getattr(getattr(pair, matching), measure)
    return value


def render_table(report: AgreementReport, stream: TextIO, /) -> None:
    """Write a terminal table: per layer the mean over pairs and alpha, then each pair."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    def shown(text: str) -> str:
        # Names come from file names: escaped as validate escapes them, and never rich markup.
        return escape(display_name(text))

    console = Console(file=stream, width=120, soft_wrap=False)
    names = ", ".join(map(shown, report.annotators))
    table = Table(title=f"Agreement of {names} on {report.articles} article(s)")
    for column in ("layer", "pair", "exact F1", "overlap F1", "kappa", "alpha", "disagreements"):
        table.add_column(column, justify="left" if column in ("layer", "pair") else "right")
    grouped = Counter(d.layer for d in report.disagreements)
    empty = []
    for name, layer in report.layers.items():
        if all(pair.units == (0, 0) for pair in layer.pairs):
            empty.append(name)
            continue
        alpha = layer.alpha
        table.add_row(
            f"{name} (inferred)" if layer.inferred else name,
            "mean",
            _cell(layer.mean("exact_f1")),
            _cell(layer.mean("overlap_f1")),
            _cell(layer.mean("kappa")),
            "" if alpha is None else _cell(alpha.value),
            str(grouped[name]),
            style="bold",
        )
        if len(layer.pairs) > 1 and not layer.inferred:
            for pair in layer.pairs:
                table.add_row(
                    "",
                    " ~ ".join(map(shown, pair.annotators)),
                    _cell(pair.exact.f1),
                    _cell(pair.overlap.f1),
                    _cell(_value(pair, "kappa")),
                    "",
                    str(len(pair.disagreements)),
                )
    console.print(table)
    if empty:
        console.print(f"Not annotated by anyone: {', '.join(empty)}")
    summary = report.summary()
    inferred = [n for n, la in report.layers.items() if la.inferred]
    console.print(
        f"Summary (mean over layers{', inferred ones left out' if inferred else ''}): "
        f"exact F1 {_cell(summary['exact_f1']) or '–'}, overlap F1 "
        f"{_cell(summary['overlap_f1']) or '–'}, alpha {_cell(summary['alpha']) or '–'}"
    )
    for name in inferred:
        because = report.layers[name].inferred_because or ""
        console.print(f"{name} is inferred, not chosen by the annotators: {shown(because)}")
    if report.gold is not None:
        gold = Table(title=f"Against the reference {shown(report.gold)}")
        for column in ("layer", "annotator", "mode", "precision", "recall", "F1"):
            gold.add_column(
                column, justify="left" if column in ("layer", "annotator", "mode") else "right"
            )
        for name, layer in report.layers.items():
            for other, scores in layer.gold.items():
                head = scores.headline
                gold.add_row(
                    name, shown(other), scores.mode,
                    _cell(head.precision), _cell(head.recall), _cell(head.f1),
                )  # fmt: skip
        console.print(gold)
    worst = [d for d in report.summaries if d.worst_layer is not None][:10]
    if worst:
        console.print("Documents to adjudicate first (lowest layer score):")
        for item in worst:
            console.print(
                f"  {shown(item.document)}: {item.worst_layer} {_cell(item.worst_score)}, "
                f"{item.disagreements} disagreement(s)"
            )
    for name in report.annotators:
        counts = report.findings.get(name, {})
        if counts:
            listed = ", ".join(f"{code} x{n}" for code, n in sorted(counts.items()))
            console.print(
                f"{name}'s documents have {sum(counts.values())} rule finding(s): {listed}",
                markup=False,
            )
    for name, missing in report.missing.items():
        if missing:
            console.print(
                f"{shown(name)} did not annotate {len(missing)} article(s): "
                + shown(", ".join(missing))
            )


def _md(text: str) -> str:
    """Text safe in a markdown table cell or line: one line, markup characters escaped."""
    shown = display_name(text)
    # Lines start with "- " or "| " here, so only characters that act mid-line are escaped.
    for char in "\\`*_[]<>|#~":
        shown = shown.replace(char, "\\" + char)
    return shown


def render_markdown(report: AgreementReport, stream: TextIO, /) -> None:
    """Write the report for a pull-request comment: summary, layers, documents, disagreements."""
    names = ", ".join(_md(n) for n in report.annotators)
    summary = report.summary()
    lines = [
        "### Annotator agreement",
        "",
        (
            f"{names} on {report.articles} article(s). Mean over layers (inferred layers left "
            f"out): exact F1 {_cell(summary['exact_f1']) or '–'}, overlap F1 "
            f"{_cell(summary['overlap_f1']) or '–'}, alpha {_cell(summary['alpha']) or '–'}."
        ),
        "",
        "| layer | exact F1 | overlap F1 | kappa | alpha | disagreements |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    per_layer = Counter(d.layer for d in report.disagreements)
    for name, layer in report.layers.items():
        alpha = "" if layer.alpha is None else _cell(layer.alpha.value)
        label = f"{_md(name)} *(inferred)*" if layer.inferred else _md(name)
        lines.append(
            f"| {label} | {_cell(layer.mean('exact_f1'))} | {_cell(layer.mean('overlap_f1'))} "
            f"| {_cell(layer.mean('kappa'))} | {alpha} | {per_layer[name]} |"
        )
    if report.gold is not None:
        lines += [
            "",
            f"**Against the reference {_md(report.gold)}**",
            "",
            "| layer | annotator | mode | precision | recall | F1 |",
            "| --- | --- | --- | ---: | ---: | ---: |",
        ]
        for name, layer in report.layers.items():
            for other, scores in layer.gold.items():
                head = scores.headline
                lines.append(
                    f"| {_md(name)} | {_md(other)} | {scores.mode} | {_cell(head.precision)} "
                    f"| {_cell(head.recall)} | {_cell(head.f1)} |"
                )
    worst = [d for d in report.summaries if d.worst_layer is not None][:20]
    if worst:
        lines += ["", "| document | worst layer | score | disagreements |",
                  "| --- | --- | ---: | ---: |"]  # fmt: skip
        lines += [
            f"| {_md(d.document)} | {_md(str(d.worst_layer))} | {_cell(d.worst_score)} "
            f"| {d.disagreements} |"
            for d in worst
        ]
    if report.disagreements:
        shown = report.disagreements[:_MARKDOWN_SHOWN]
        count = len(report.disagreements)
        lines += ["", f"<details><summary>{count} disagreement(s), most disputed first</summary>"]
        lines.append("")
        for item in shown:
            said = "; ".join(
                f"{_md(name)}: " + ("not marked" if unit is None else _said(unit))
                for name, unit in item.marked.items()
            )
            lines.append(
                f"- **{_md(item.document)}** {_md(item.layer)} ({item.kind}, "
                f"{item.disagreeing} disagree): {said}"
            )
        if len(report.disagreements) > len(shown):
            lines.append(f"- … {len(report.disagreements) - len(shown)} more in the JSON report")
        lines += ["", "</details>"]
    stream.write("\n".join(lines) + "\n")


_MARKDOWN_SHOWN = 50


def _said(unit: Marked) -> str:
    text = unit.text if len(unit.text) <= 60 else unit.text[:28] + "…" + unit.text[-28:]
    label = "" if unit.label is None else f" = {_md(unit.label)}"
    return f"“{_md(text)}” \\[{unit.start}:{unit.end}\\]{label}"


def render_html(report: AgreementReport, stream: TextIO, /) -> None:
    """Write the self-contained HTML report."""
    from newsschema.review.agree_html import agreement_html

    stream.write(agreement_html(report))


AGREE_REPORTERS: dict[str, Callable[[AgreementReport, TextIO], None]] = {
    "text": render_table,
    "json": render_json,
    "csv": render_csv,
    "html": render_html,
    "markdown": render_markdown,
    "table": render_table,
}
"""Agreement renderers by ``--format`` name (``table`` is the older name of ``text``)."""
