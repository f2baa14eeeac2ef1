"""The agreement report as one self-contained HTML page, read top to bottom.

Order: the summary (overall means, one row per layer, inferred layers marked), the documents
to adjudicate first, the charts, one confusion matrix per layer that has more than one label
(pooled over annotator pairs), then the disagreements grouped by place in the text, each with
its sentence and every annotator's answer highlighted. Layers nobody annotated are left out.

Charts are inline SVG drawn at their own size, styles are inline CSS: the page needs no script,
no font and no network, so it can be attached to an issue or opened from a CI artifact. Every
piece of annotation text is escaped.
"""

from __future__ import annotations

from html import escape

from newsschema.review.agreement import (
    AgreementReport,
    DocumentSummary,
    LayerAgreement,
    Marked,
    UnitDisagreement,
)

__all__ = ["agreement_html"]

_SHOWN = 200  # grouped disagreements listed; the JSON report has all of them
_DOCUMENTS = 50  # documents listed, worst first
_MAX_LABELS = 15  # larger confusion matrices (speakers, dates) are only in the JSON report
_CONTEXT = 240  # characters of sentence shown on each side of a disagreement

_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1rem;color:#222}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:1.6rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ddd;padding:.2rem .45rem;
vertical-align:top;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}
.wrap{overflow-x:auto}svg{max-width:100%;height:auto;display:block}.muted{color:#666}
mark{background:#ffe08a;padding:0 .1em}.k-missing{color:#a00}.k-boundary{color:#a60}
.k-label{color:#05a}.inferred{color:#777;font-style:italic}figure{display:inline-block;
margin:.3rem 1.2rem .3rem 0;vertical-align:top}figcaption{font-size:.85rem;color:#444}
.d{border-left:3px solid #ccc;margin:.6rem 0;padding:.1rem .6rem}.d p{margin:.2rem 0}
.d ul{margin:.2rem 0;padding-left:1.2rem}
"""

_COLOURS = {"exact F1": "#4c72b0", "overlap F1": "#55a868", "kappa": "#c44e52", "alpha": "#8172b2"}


def _f(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _svg(width: float, height: float, label: str) -> str:
    # Drawn at its own size (width and height), shrunk only when the page is narrower.
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label="{escape(label)}">'
    )


def _annotated(layer: LayerAgreement) -> bool:
    return any(pair.units != (0, 0) for pair in layer.pairs)


def _layer_chart(layers: list[LayerAgreement]) -> str:
    """Grouped horizontal bars: mean exact F1, overlap F1, kappa and alpha per layer."""
    bar, left, width = 9, 150, 360
    rows = [
        (
            layer,
            [
                layer.mean("exact_f1"),
                layer.mean("overlap_f1"),
                layer.mean("kappa"),
                None if layer.alpha is None else layer.alpha.value,
            ],
        )
        for layer in layers
    ]
    row = 4 * bar + 8
    height = 44 + row * len(rows)
    parts = [_svg(left + width + 60, height, "Agreement per layer")]
    for n, (name, colour) in enumerate(_COLOURS.items()):
        parts.append(
            f'<rect x="{left + n * 95}" y="4" width="10" height="10" fill="{colour}"/>'
            f'<text x="{left + n * 95 + 14}" y="13" font-size="11">{name}</text>'
        )
    for tick in (0, 0.5, 1):
        x = left + tick * width
        parts.append(
            f'<line x1="{x}" y1="22" x2="{x}" y2="{height - 14}" stroke="#ccc"/>'
            f'<text x="{x}" y="{height - 2}" font-size="10" text-anchor="middle">{tick}</text>'
        )
    for i, (layer, values) in enumerate(rows):
        y = 26 + i * row
        name = escape(layer.name) + (" (inferred)" if layer.inferred else "")
        parts.append(
            f'<text x="{left - 6}" y="{y + 2 * bar + 3}" font-size="12" text-anchor="end">'
            f"{name}</text>"
        )
        for k, (value, colour) in enumerate(zip(values, _COLOURS.values(), strict=True)):
            top = y + k * bar
            length = 0.0 if value is None else max(0.0, value) * width
            parts.append(
                f'<rect x="{left}" y="{top}" width="{length:.1f}" height="{bar - 1}" '
                f'fill="{colour}"/><text x="{left + length + 4:.1f}" y="{top + bar - 1}" '
                f'font-size="9">{_f(value)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _shade(value: float | None) -> str:
    if value is None:
        return "#eee"
    value = max(0.0, min(1.0, value))
    # From red (0) through yellow to green (1).
    red = int(220 if value < 0.5 else 220 - (value - 0.5) * 2 * 150)
    green = int(80 + value * 2 * 100 if value < 0.5 else 180)
    return f"rgb({red},{green},90)"


def _pair_chart(layers: list[LayerAgreement]) -> str:
    """A heat map: overlap F1 per layer (rows) and annotator pair (columns)."""
    pairs = [" ~ ".join(p.annotators) for p in layers[0].pairs] if layers else []
    cell = max(70, 7 * max((len(p) for p in pairs), default=0) + 10)
    left, top, high = 150, 24, 20
    width, height = left + cell * len(pairs) + 4, top + high * len(layers) + 4
    parts = [_svg(width, height, "Overlap F1 per annotator pair")]
    for c, name in enumerate(pairs):
        parts.append(
            f'<text x="{left + c * cell + cell / 2}" y="{top - 8}" font-size="11" '
            f'text-anchor="middle">{escape(name)}</text>'
        )
    for r, layer in enumerate(layers):
        y = top + r * high
        parts.append(
            f'<text x="{left - 6}" y="{y + 14}" font-size="12" text-anchor="end">'
            f"{escape(layer.name)}</text>"
        )
        for c, pair in enumerate(layer.pairs):
            value = pair.overlap.f1
            parts.append(
                f'<rect x="{left + c * cell}" y="{y}" width="{cell - 2}" height="{high - 2}" '
                f'fill="{_shade(value)}"/><text x="{left + c * cell + cell / 2}" y="{y + 13}" '
                f'font-size="11" text-anchor="middle">{_f(value)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _pooled(layer: LayerAgreement) -> list[list[int]]:
    """Confusion over every pair, both ways round (the annotators' order is arbitrary)."""
    size = len(layer.labels)
    total = [[0] * size for _ in range(size)]
    for pair in layer.pairs:
        if pair.labels != layer.labels:
            continue
        for i, row in enumerate(pair.confusion):
            for j, count in enumerate(row):
                total[i][j] += count
                total[j][i] += count
    return total


def _confusion(layer: LayerAgreement) -> str:
    """One matrix for a layer with two to 15 labels, or nothing."""
    labels = layer.labels
    if layer.inferred or not 1 < len(labels) <= _MAX_LABELS:
        return ""
    matrix = _pooled(layer)
    most = max(max(row) for row in matrix)
    if not most:
        return ""
    cell = max(34, 8 * len(str(most)) + 12)
    longest = max(len(label) for label in labels)
    left = 10 + 7 * longest
    top = 12 + 6 * longest  # room for the column labels, turned 50 degrees
    size_x = left + cell * len(labels) + 5 * longest + 8
    size_y = top + cell * len(labels) + 4
    parts = [
        (
            f"<figure><figcaption>{escape(layer.name)}: matched units by label, over every "
            "pair (each pair counted both ways)</figcaption>"
        ),
        _svg(size_x, size_y, f"Confusion matrix of {layer.name}"),
    ]
    for i, label in enumerate(labels):
        parts.append(
            f'<text x="{left - 6}" y="{top + i * cell + cell / 2 + 4}" font-size="11" '
            f'text-anchor="end">{escape(label)}</text><text font-size="11" '
            f'transform="translate({left + i * cell + cell / 2 + 4},{top - 6}) rotate(-50)">'
            f"{escape(label)}</text>"
        )
    for i, row in enumerate(matrix):
        for j, count in enumerate(row):
            strength = count / most
            fill = f"rgba(76,114,176,{0.08 + 0.92 * strength:.2f})" if count else "#f7f7f7"
            colour = "#fff" if strength > 0.6 else "#222"
            parts.append(
                f'<rect x="{left + j * cell}" y="{top + i * cell}" width="{cell - 2}" '
                f'height="{cell - 2}" fill="{fill}" stroke="{"#222" if i == j else "none"}"/>'
                f'<text x="{left + j * cell + cell / 2}" y="{top + i * cell + cell / 2 + 4}" '
                f'font-size="11" text-anchor="middle" fill="{colour}">{count}</text>'
            )
    parts.append("</svg></figure>")
    return "".join(parts)


def _highlighted(item: UnitDisagreement) -> str:
    """The sentence with the disputed stretch marked (bounded on each side)."""
    text, base = item.sentence, item.sentence_start
    start = max(0, item.start - base)
    end = max(start, min(len(text), item.end - base))
    before, inside, after = text[:start], text[start:end], text[end:]
    if len(before) > _CONTEXT:
        before = "…" + before[-_CONTEXT:]
    if len(after) > _CONTEXT:
        after = after[:_CONTEXT] + "…"
    return f"{escape(before)}<mark>{escape(inside)}</mark>{escape(after)}"


def _answer(unit: Marked | None) -> str:
    if unit is None:
        return '<span class="muted">not marked</span>'
    label = f" → <b>{escape(unit.label)}</b>" if unit.label is not None else ""
    return f"<mark>{escape(unit.text)}</mark> <small>[{unit.start}:{unit.end}]</small>{label}"


def _disagreements(report: AgreementReport) -> str:
    items = [d for d in report.disagreements if not report.layers[d.layer].inferred]
    if not items:
        return "<p>No disagreements.</p>"
    blocks = []
    for d in items[:_SHOWN]:
        answers = "".join(
            f"<li>{escape(name)}: {_answer(unit)}</li>" for name, unit in d.marked.items()
        )
        blocks.append(
            f"<div class=d><p><b>{escape(d.document)}</b> · {escape(d.layer)} · "
            f"<span class='k-{d.kind}'>{d.kind}</span> · {d.disagreeing} disagree</p>"
            f"<p>{_highlighted(d)}</p><ul>{answers}</ul></div>"
        )
    more = (
        f'<p class="muted">{len(items) - _SHOWN} more in the JSON report.</p>'
        if len(items) > _SHOWN
        else ""
    )
    return "".join(blocks) + more


def _summary_table(report: AgreementReport, layers: list[LayerAgreement]) -> str:
    head = "".join(
        f"<th>{h}</th>"
        for h in ("layer", "exact F1", "overlap F1", "kappa", "alpha (95% CI)", "items")
    )
    rows = []
    for layer in layers:
        a = layer.alpha
        alpha = "–" if a is None else _f(a.value)
        if a is not None and a.low is not None:
            alpha += f" ({_f(a.low)}–{_f(a.high)})"
        name = escape(layer.name)
        cls = ""
        if layer.inferred:
            name += f" <small>inferred: {escape(layer.inferred_because or '')}</small>"
            cls = " class=inferred"
        rows.append(
            f"<tr{cls}><td>{name}</td><td class=n>{_f(layer.mean('exact_f1'))}</td>"
            f"<td class=n>{_f(layer.mean('overlap_f1'))}</td>"
            f"<td class=n>{_f(layer.mean('kappa'))}</td><td class=n>{alpha}</td>"
            f"<td class=n>{layer.items or ''}</td></tr>"
        )
    summary = report.summary()
    rows.append(
        f"<tr><th>mean (not inferred)</th><th class=n>{_f(summary['exact_f1'])}</th>"
        f"<th class=n>{_f(summary['overlap_f1'])}</th><th></th>"
        f"<th class=n>{_f(summary['alpha'])}</th><th></th></tr>"
    )
    return f"<div class='wrap'><table><tr>{head}</tr>{''.join(rows)}</table></div>"


def _gold_table(report: AgreementReport, layers: list[LayerAgreement]) -> str:
    if report.gold is None:
        return ""
    rows = "".join(
        f"<tr><td>{escape(layer.name)}</td><td>{escape(other)}</td><td>{scores.mode}</td>"
        f"<td class=n>{_f(scores.headline.precision)}</td>"
        f"<td class=n>{_f(scores.headline.recall)}</td><td class=n>{_f(scores.headline.f1)}</td>"
        "</tr>"
        for layer in layers
        for other, scores in layer.gold.items()
    )
    return (
        f"<h2>Against the reference {escape(report.gold)}</h2><div class='wrap'><table><tr>"
        "<th>layer</th><th>annotator</th><th>mode</th><th>precision</th><th>recall</th>"
        f"<th>F1</th></tr>{rows}</table></div>"
    )


def _documents(summaries: tuple[DocumentSummary, ...]) -> str:
    listed = [d for d in summaries if d.worst_layer is not None][:_DOCUMENTS]
    if not listed:
        return ""
    rows = "".join(
        f"<tr><td>{escape(d.document)}</td><td>{len(d.annotators)}</td>"
        f"<td>{escape(str(d.worst_layer))}</td><td class=n>{_f(d.worst_score)}</td>"
        f"<td class=n>{d.disagreements}</td></tr>"
        for d in listed
    )
    return (
        "<h2>Documents to adjudicate first</h2><div class='wrap'><table><tr><th>article</th>"
        "<th>annotators</th><th>worst layer</th><th>overlap F1</th><th>disagreements</th>"
        f"</tr>{rows}</table></div>"
    )


def agreement_html(report: AgreementReport) -> str:
    """Return the complete HTML page of an agreement report."""
    names = ", ".join(report.annotators)
    layers = [layer for layer in report.layers.values() if _annotated(layer)]
    empty = [name for name, layer in report.layers.items() if not _annotated(layer)]
    missing = "".join(
        f"<li>{escape(name)} did not annotate {len(ids)} article(s): {escape(', '.join(ids))}</li>"
        for name, ids in report.missing.items()
        if ids
    )
    if empty:
        missing += f"<li>Not annotated by anyone (left out): {escape(', '.join(empty))}</li>"
    matrices = "".join(_confusion(layer) for layer in layers)
    return (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        '<meta name=viewport content="width=device-width, initial-scale=1">'
        f"<title>Annotator agreement: {escape(names)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>Annotator agreement</h1><p>{escape(names)} on {report.articles} article(s). "
        "Means are over annotator pairs; kappa is Cohen's (95% CI in the JSON report), alpha is "
        "Krippendorff's over all annotators. Inferred layers (values no annotator chose) are "
        f"shown in grey and left out of the mean.</p><ul>{missing}</ul>"
        f"{_summary_table(report, layers)}{_gold_table(report, layers)}"
        f"{_documents(report.summaries)}"
        f"<h2>Agreement per layer</h2>{_layer_chart(layers)}"
        f"<h2>Overlap F1 per annotator pair</h2>{_pair_chart(layers)}"
        + (f"<h2>Labels confused</h2>{matrices}" if matrices else "")
        + f"<h2>Disagreements, most disputed first</h2>{_disagreements(report)}</body></html>\n"
    )
