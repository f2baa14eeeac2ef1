"""The stylesheet of the annotated article page (inlined, so the page is self-contained)."""

from __future__ import annotations

__all__ = ["ENTITY_KINDS", "QUOTE_KINDS", "STYLESHEET"]

QUOTE_KINDS = ("direct", "partial", "indirect", "mixed", "scare")
"""The quote kinds the stylesheet colours, in the order of ``newsschema.types.QuoteKind``.

Written here, not read from the models' types, so that drawing a page imports no Pydantic;
a test keeps both in step (and the legend shows a swatch for each).
"""

ENTITY_KINDS = ("person", "organization", "outlet", "place", "gpe", "group", "work", "other")
"""The entity kinds the stylesheet colours, in the order of ``newsschema.types.EntityKind``."""

STYLESHEET = """
:root {
  --ink: #1f2328; --muted: #5b636d; --line: #d8dee4; --paper: #ffffff; --panel: #f6f8fa;
  --direct: #2563eb; --direct-bg: #dbeafe; --partial: #0f766e; --partial-bg: #ccfbf1;
  --mixed: #b45309; --mixed-bg: #fef3c7; --indirect: #7c3aed; --indirect-bg: #f3e8ff;
  --scare: #64748b; --scare-bg: #eef2f6;
  --person: #b91c1c; --organization: #1d4ed8; --outlet: #0f766e; --place: #15803d; --gpe: #0891b2;
  --group: #a21caf; --work: #4d7c0f; --other: #78716c; --event: #9333ea;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; color: var(--ink); background: var(--paper);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans",
    Arial, sans-serif;
}
.page { max-width: 1180px; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
header.masthead { border-bottom: 1px solid var(--line); padding-bottom: 1rem; margin-bottom: 1rem; }
.kicker { font-size: .8rem; letter-spacing: .06em; text-transform: uppercase; color: var(--muted); }
h1 {
  font: 700 2rem/1.2 Georgia, "Noto Serif", "Liberation Serif", "Times New Roman", serif;
  margin: .3rem 0 .6rem; overflow-wrap: anywhere;
}
.byline { color: var(--muted); font-size: .95rem; overflow-wrap: anywhere; }
.byline a { color: inherit; }
.byline time { white-space: nowrap; }
.byline span + span::before { content: " · "; }
.stats { margin-top: .5rem; font-size: .85rem; color: var(--muted); }
.legend { display: flex; flex-wrap: wrap; gap: .35rem .9rem; margin-top: .8rem; font-size: .8rem; }
.legend span { white-space: nowrap; }
.layout { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 380px); gap: 2rem; }
.body {
  font: 1.125rem/1.75 Georgia, "Noto Serif", "Liberation Serif", "Times New Roman", serif;
  white-space: pre-wrap; overflow-wrap: anywhere; max-width: 42em;
}
.q { border-radius: 3px; padding: .05em 0; -webkit-box-decoration-break: clone;
  box-decoration-break: clone; }
.q-direct { background: var(--direct-bg); box-shadow: inset 0 -2px var(--direct); }
.q-partial { background: var(--partial-bg); box-shadow: inset 0 -2px var(--partial); }
.q-mixed { background: var(--mixed-bg); box-shadow: inset 0 -2px var(--mixed); }
.q-indirect { background: var(--indirect-bg); box-shadow: inset 0 -2px var(--indirect); }
.q-scare { background: var(--scare-bg); font-style: italic; }
.q[data-label]::before {
  content: attr(data-label); display: inline-block; margin: 0 .3em 0 .1em; padding: 0 .4em;
  border-radius: 999px; font: 600 .68rem/1.6 system-ui, sans-serif; vertical-align: .15em;
  color: #fff; background: var(--scare); white-space: normal; max-width: 100%;
}
.q-direct[data-label]::before { background: var(--direct); }
.q-partial[data-label]::before { background: var(--partial); }
.q-mixed[data-label]::before { background: var(--mixed); }
.q-indirect[data-label]::before { background: var(--indirect); }
.ent { text-decoration: underline 2px; text-underline-offset: .2em; }
.ent-person { text-decoration-color: var(--person); }
.ent-organization { text-decoration-color: var(--organization); }
.ent-outlet { text-decoration-color: var(--outlet); }
.ent-place { text-decoration-color: var(--place); }
.ent-gpe { text-decoration-color: var(--gpe); }
.ent-group { text-decoration-color: var(--group); }
.ent-work { text-decoration-color: var(--work); }
.ent-other { text-decoration-color: var(--other); }
.ent[data-ref]::after {
  content: "→" attr(data-ref); font: 600 .62rem/1 system-ui, sans-serif; color: var(--muted);
  vertical-align: super; margin-left: .15em; white-space: nowrap;
}
.card .k { display: inline-block; min-width: 4.6em; margin-right: .4em; font-size: .7rem;
  text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
h2 .count { font-weight: 600; color: var(--ink); background: var(--line); border-radius: 999px;
  padding: 0 .45em; font-size: .75rem; letter-spacing: 0; }
.evt { outline: 1px dashed #c4a6f5; outline-offset: 0; border-radius: 2px; }
.cue { font-weight: 700; text-decoration: underline dotted 2px; text-underline-offset: .2em; }
.ins { color: var(--muted); font-style: italic; background: #e5e7eb; border-radius: 2px; }
.intr { color: var(--muted); background: var(--paper); font-style: normal;
  text-decoration: line-through 1px; text-decoration-color: var(--line); }
.card.nested { margin-left: 1.2rem; }
.anon { background: #111827; }
.a-speech { background: #334155; } .a-belief { background: #9d174d; }
.a-knowledge { background: #166534; } .a-intention { background: #9a3412; }
.swatch { display: inline-block; width: .9em; height: .9em; border-radius: 2px;
  vertical-align: -.1em; margin-right: .25em; }
aside h2 { font-size: 1rem; margin: 1.2rem 0 .5rem; text-transform: uppercase;
  letter-spacing: .05em; color: var(--muted); }
aside h2:first-child { margin-top: 0; }
.cards { list-style: none; margin: 0; padding: 0; }
.card { background: var(--panel); border: 1px solid var(--line); border-left-width: 4px;
  border-radius: 6px; padding: .55rem .75rem; margin-bottom: .55rem; font-size: .9rem;
  break-inside: avoid; overflow-wrap: anywhere; }
.card p { margin: .2rem 0; }
.card .title { font-weight: 650; }
.card .dim, .dim { color: var(--muted); }
.card blockquote { margin: .3rem 0; font-family: Georgia, "Noto Serif", serif; }
.card a { color: var(--organization); }
.badge { display: inline-block; padding: 0 .45em; border-radius: 999px; font-size: .72rem;
  font-weight: 650; line-height: 1.6; color: #fff; background: var(--muted); }
.card.q-direct { border-left-color: var(--direct); box-shadow: none; background: var(--panel); }
.card.q-partial { border-left-color: var(--partial); box-shadow: none; background: var(--panel); }
.card.q-mixed { border-left-color: var(--mixed); box-shadow: none; background: var(--panel); }
.card.q-indirect { border-left-color: var(--indirect); box-shadow: none; background: var(--panel); }
.card.q-scare { border-left-color: var(--scare); box-shadow: none; background: var(--panel);
  font-style: normal; }
.b-direct { background: var(--direct); } .b-partial { background: var(--partial); }
.b-mixed { background: var(--mixed); } .b-indirect { background: var(--indirect); }
.b-scare { background: var(--scare); }
.b-person { background: var(--person); } .b-organization { background: var(--organization); }
.b-outlet { background: var(--outlet); } .b-place { background: var(--place); }
.b-gpe { background: var(--gpe); }
.b-group { background: var(--group); } .b-other { background: var(--other); }
.b-work { background: var(--work); }
.card.event { border-left-color: var(--event); }
.r-actual { background: #15803d; } .r-planned { background: #2563eb; }
.r-promised { background: #0891b2; } .r-demanded { background: #b45309; }
.r-hypothetical { background: #7c3aed; } .r-negated { background: #b91c1c; }
.r-uncertain { background: #64748b; }
.card.entity.k-person { border-left-color: var(--person); }
.card.entity.k-organization { border-left-color: var(--organization); }
.card.entity.k-outlet { border-left-color: var(--outlet); }
.card.entity.k-place { border-left-color: var(--place); }
.card.entity.k-gpe { border-left-color: var(--gpe); }
.card.entity.k-group { border-left-color: var(--group); }
.card.entity.k-work { border-left-color: var(--work); }
.card.entity.k-other { border-left-color: var(--other); }
.empty { color: var(--muted); font-style: italic; font-size: .9rem; }
footer { margin-top: 2rem; padding-top: .8rem; border-top: 1px solid var(--line);
  font-size: .8rem; color: var(--muted); }
@media screen and (min-width: 821px) {
  aside { position: sticky; top: 0; align-self: start; max-height: 100vh; overflow-y: auto;
    padding: .5rem .25rem 1rem 0; }
}
@media (max-width: 820px) {
  .layout { grid-template-columns: minmax(0, 1fr); }
  h1 { font-size: 1.55rem; }
  .body { font-size: 1.05rem; }
  .page { padding: 1rem .9rem 2rem; }
}
@media print {
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .page { max-width: none; padding: 0; }
  .layout { grid-template-columns: minmax(0, 1fr); }
  .card { break-inside: avoid; }
  a[href^="http"]::after { content: " <" attr(href) ">"; font-size: .75em; color: var(--muted); }
}
"""
