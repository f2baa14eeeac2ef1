"""The annotated article page (``--to html``): one self-contained HTML5 page per article.

The page serves two readers. Machines get the schema.org JSON-LD of :mod:`.schemaorg` in a
``<script type="application/ld+json">`` block and, with ``--markup microdata`` or ``both``, the
same items as inline microdata on the quote and entity spans. People get the article with every
quote highlighted by kind and labelled with its speaker and outlet chain, entity mentions
underlined by kind, and panels listing the quotes, events and entities: how an editor reviews
annotations. The page needs no JavaScript (it runs none; its Content-Security-Policy forbids
it), prints cleanly and reflows to one column on a phone.

Safety: every text and attribute is HTML-escaped; the JSON in the script block escapes ``<``,
``>``, ``&``, U+2028 and U+2029, so no input text can end the block or open a comment; only
``http``/``https`` URLs become links; control characters that HTML forbids are shown as U+FFFD.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Literal

from newsschema.formats._base import Format, GivenOptions
from newsschema.formats._export_options import MARKUP, HtmlOptions
from newsschema.formats._model_json import each_fields, fields
from newsschema.formats._script_safe import script_safe_json, script_safe_json_bytes
from newsschema.formats.html._marks import Mark, render_marked
from newsschema.formats.html._meta import head_meta
from newsschema.formats.html._style import ENTITY_KINDS, QUOTE_KINDS, STYLESHEET
from newsschema.formats.schemaorg import plain_schemaorg_dict

if TYPE_CHECKING:  # annotations only: a valid document is exported without the models
    from newsschema.models import Document

__all__ = ["HTML", "MARKUP", "html_page", "script_safe_json"]

_SCHEMA = "https://schema.org/"
_HTTP = re.compile(r"^[Hh][Tt][Tt][Pp][Ss]?://")
# Characters HTML does not allow in text (C0/C1 controls other than white space, noncharacters).
_NONCHARACTERS = "".join(
    f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000)
)
_FORBIDDEN = re.compile(f"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef{_NONCHARACTERS}]")
# The quotes that report someone's words: the page's schema.org JSON-LD has a Quotation for each.
_QUOTATION_KINDS = ("direct", "partial", "mixed")
# Mention forms that refer to an entity without naming it: marked with its name.
_REFERRING_FORMS = ("nominal", "pronoun")
# Link values that microdata writes as <link href> when they are http(s) URLs.
_URL_PROPERTIES = frozenset({"url", "sameAs", "mainEntityOfPage", "image"})


# Every character of _FORBIDDEN, in a class of a few ranges the regex engine tests quickly (the
# noncharacters beyond U+FFFF make _FORBIDDEN slow on every character): text it does not match,
# nearly all text, needs no replacement.
_MAYBE_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff\U0001fffe-\U0010ffff]"
)


# Everything _esc changes: what html.escape rewrites and every character of _MAYBE_FORBIDDEN.
# Most of the text on a page (names, ids, the words between marks) holds none of it, and one
# search costs less than the five replacements html.escape makes.
_MAYBE_CHANGED = re.compile(
    "[&<>\"'\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff\U0001fffe-\U0010ffff]"
)


# What _esc changes, in UTF-8: the ASCII characters (HTML's five and the forbidden controls) and
# the bytes that every non-ASCII character it may change holds (C1 controls start with C2; U+FDD0
# to U+FDEF, U+FFFE and U+FFFF with EF; the noncharacters beyond U+FFFF end in BF BE or BF BF).
_ASCII_CHANGED = (b"&", b"<", b">", b'"', b"'")
_ASCII_FORBIDDEN = bytes([*range(0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
_NON_ASCII_SIGNS = (b"\xc2", b"\xef", b"\xbf\xbe", b"\xbf\xbf")


def _unchanged_by_esc(text: str) -> bool:
    """Whether :func:`_esc` leaves every part of ``text`` as it is (False: it may not).

    For a long text (the body): byte searches in its UTF-8 run at memory speed, where the
    regular expression tests every character against its class. A sign of a non-ASCII
    character that may change (rare in text) leaves the answer to the regular expression.
    """
    data = text.encode("utf-8", "surrogatepass")
    if any(char in data for char in _ASCII_CHANGED):
        return False
    if len(data.translate(None, _ASCII_FORBIDDEN)) != len(data):
        return False
    if any(sign in data for sign in _NON_ASCII_SIGNS):
        return _MAYBE_CHANGED.search(text) is None
    return True


def _esc(text: str) -> str:
    """Escape text or an attribute value (quotes included)."""
    if _MAYBE_CHANGED.search(text) is None:
        return text
    if _MAYBE_FORBIDDEN.search(text) is not None:
        text = _FORBIDDEN.sub("\ufffd", text)
    return html.escape(text, quote=True)


def _http(url: str | None) -> str | None:
    return url if url is not None and _HTTP.match(url) else None


def _link(url: str | None, text: str) -> str:
    safe = _http(url)
    if safe is None:
        return _esc(text)
    return f'<a href="{_esc(safe)}" rel="noopener noreferrer nofollow">{_esc(text)}</a>'


def _self_link(url: str) -> str:
    """``_link(url, url)``: a URL shown as the text of its own link, escaped once."""
    escaped = _esc(url)
    if _HTTP.match(url) is None:
        return escaped
    return f'<a href="{escaped}" rel="noopener noreferrer nofollow">{escaped}</a>'


def _time(stamp: str) -> str:
    """Show an RFC 3339 timestamp readably; the machine form stays in ``datetime``."""
    shown = stamp.replace("T", " ", 1)
    shown = shown[:-1] + " UTC" if shown.endswith("Z") else shown
    return f'<time datetime="{_esc(stamp)}">{_esc(shown)}</time>'


def _microdata(node: dict[str, Any], itemprop: str | None = None) -> str:
    """Write a schema.org node as an invisible microdata item (metas, links, nested items)."""
    prop = f' itemprop="{_esc(itemprop)}"' if itemprop else ""
    parts = [f'<span{prop} itemscope itemtype="{_SCHEMA}{_esc(node["@type"])}">']
    for key, value in node.items():
        if key.startswith("@"):
            continue
        parts.extend(
            _property(key, item) for item in (value if isinstance(value, list) else [value])
        )
    parts.append("</span>")
    return "".join(parts)


def _property(key: str, value: Any) -> str:
    if isinstance(value, dict):
        return _microdata(value, key)
    text = str(value)
    if key in _URL_PROPERTIES and _http(text):
        return f'<link itemprop="{_esc(key)}" href="{_esc(text)}">'
    return f'<meta itemprop="{_esc(key)}" content="{_esc(text)}">'


_LEGEND = (
    '<p class="legend" aria-label="legend">'
    + "".join(
        f'<span><span class="swatch" style="background:var(--{k})"></span>{k} quote</span>'
        for k in QUOTE_KINDS
    )
    + "".join(
        f'<span><span class="swatch" style="background:var(--{k})"></span>{k}</span>'
        for k in ENTITY_KINDS
    )
    + '<span><span class="cue">said</span> reporting verb</span>'
    '<span><span class="ins">(insertion)</span> editorial insertion</span>'
    '<span><span class="intr">he said</span> interruption: not the source\'s words</span>'
    '<span><span class="evt">event</span> event mention</span>'
    '<span><span class="ent" data-ref="entity"></span>mention that names its entity '
    "differently</span></p>"
)
"""The legend: the same on every page, so written once."""

_STYLE = f"<style>{STYLESHEET}</style>\n"
_STYLE_BYTES = _STYLE.encode()
_SCRIPT, _SCRIPT_END = '<script type="application/ld+json">', "</script>\n"
_SCRIPT_BYTES, _SCRIPT_END_BYTES = _SCRIPT.encode(), _SCRIPT_END.encode()

_CHAIN_SHOWN = 10
"""How many ``via`` outlets a quote's label names; the rest are counted."""


def _bounds(span: Any) -> tuple[int, int]:
    """A span's ``start`` and ``end`` (a model's or its plain data's)."""
    values = fields(span)
    return values["start"], values["end"]


class _Page:
    """Builds one page; ``microdata`` says whether items go inline.

    The document is read as its field values by name (:func:`fields`): the models' own, or the
    same as plain data (a valid document's, as the structure check returns it), so one page
    code serves both and writes the same bytes.
    """

    def __init__(self, document: Mapping[str, Any], markup: str) -> None:
        self.jsonld = markup in ("jsonld", "both")
        self.microdata = markup in ("microdata", "both")
        self.data = plain_schemaorg_dict(document)
        self.schema_version: str = document["schema_version"]
        self.article = article = fields(document["article"])
        self.text: str = article["body"]
        self.entities = each_fields(document["entities"])
        self.events = each_fields(document["events"])
        self.quotes = each_fields(document["quotes"])
        # A repeated id names its last one, as the models' lookups do.
        self.entity_by_id = {entity["id"]: entity for entity in self.entities}
        self.event_by_id = {event["id"]: event for event in self.events}
        # The entity of an id (None: no id, or an unknown one): a dict look-up, no call of ours.
        self.entity: Callable[[str | None], Mapping[str, Any] | None] = self.entity_by_id.get
        # Each entity's name escaped, by position and by id: shown in several places.
        self.names_html = [_esc(entity["name"]) for entity in self.entities]
        self.name_html_by_id = {
            entity["id"]: name for entity, name in zip(self.entities, self.names_html, strict=True)
        }
        self.escaped: dict[str, str] = {}  # vocabulary values (roles, event kinds), escaped
        # Quotes by position: what the text and the cards both show of one is worked out once.
        self.quote_at = {quote["id"]: index for index, quote in enumerate(self.quotes)}
        self.quote_ids = [_esc(quote["id"]) for quote in self.quotes]
        self.sources = [self.source(quote) for quote in self.quotes]
        self.chains = [self.chain(quote) if quote["via"] else "" for quote in self.quotes]
        self.event_links: dict[str, str] = {}
        self.placed: set[str] = set()
        # Indexed once: looking them up per card would make the panels quadratic in the quotes.
        self.nested: dict[str, list[int]] = {}
        self.said: Counter[str] = Counter()
        for index, quote in enumerate(self.quotes):
            if quote["within"] is not None:
                self.nested.setdefault(quote["within"], []).append(index)
            if quote["speaker"] is not None:
                self.said[quote["speaker"]] += 1

    def cut(self, span: Any) -> str:
        """The body text at ``span``."""
        start, end = _bounds(span)
        return self.text[start:end]

    # Labels and names.
    def name(self, entity_id: str | None) -> str:
        entity = self.entity(entity_id)
        return entity["name"] if entity is not None else f"unknown {entity_id}"

    def name_html(self, entity_id: str) -> str:
        """:meth:`name`, escaped."""
        found = self.name_html_by_id.get(entity_id)
        return _esc(f"unknown {entity_id}") if found is None else found

    def vocabulary(self, value: str) -> str:
        """A value of a controlled vocabulary, escaped (once per page: they repeat)."""
        found = self.escaped.get(value)
        if found is None:
            found = self.escaped[value] = _esc(value)
        return found

    def chain(self, quote: Mapping[str, Any]) -> str:
        """The ``via`` outlets, the first few by name and the rest as a count.

        The chain is shown more than once per quote, and each entry repeats an outlet's whole
        name: a 100,000-entry list would make the page hundreds of times the input's size.
        """
        via = quote["via"]
        shown = " → ".join(self.name(outlet) for outlet in via[:_CHAIN_SHOWN])
        more = len(via) - _CHAIN_SHOWN
        return f"{shown} → … ({more} more)" if more > 0 else shown

    def source(self, quote: Mapping[str, Any]) -> str:
        """Who the quote is attributed to; an unnamed source is marked as anonymous."""
        speaker = quote["speaker"]
        if speaker is None:
            return "unattributed"
        entity = self.entity(speaker)
        if entity is None:
            return f"unknown {speaker}"
        return f"{entity['name']} (anonymous)" if entity["anonymous"] else entity["name"]

    def label(self, index: int) -> str:
        quote = self.quotes[index]
        kind = quote["kind"]
        parts: list[str] = [kind]
        if quote["attribution"] is not None:
            parts.append(quote["attribution"])
        if kind != "scare":
            parts.append(self.sources[index])
        if quote["via"]:
            parts.append("via " + self.chains[index])
        if quote["within"] is not None:
            parts.append(f"within {quote['within']}")
        return " · ".join(parts)

    # The article text with its marks.
    def marks(self) -> list[Mark]:
        marks: list[Mark] = []
        add = marks.append
        # Marks are made as tuples of the Mark class (Mark's own __new__ is Python code, and a
        # page makes one per span); every field is given, as Mark(...) would fill them.
        new = tuple.__new__
        close = Mark._field_defaults["close"]
        body = self.text
        body_length = len(body)
        quotations = iter(self.data.get("hasPart", []))
        for index, quote in enumerate(self.quotes):
            item = ""
            kind, ident = quote["kind"], quote["id"]
            start, end = _bounds(quote["span"])
            if kind in _QUOTATION_KINDS:
                node = next(quotations)
                if self.microdata and start < end <= body_length:
                    item = _microdata(node, "hasPart")
                    self.placed.add(f"quote:{ident}")
            cls = f"q q-{kind}"
            first = (
                f'<span class="{cls}" id="quote-{self.quote_ids[index]}" '
                f'data-label="{_esc(self.label(index))}">{item}'
            )
            rest = f'<span class="{cls} cont">'
            add(new(Mark, (start, end, 0, f"q:{ident}", first, rest, close)))
            if quote["cue"] is not None:
                opening = '<span class="cue" title="reporting verb">'
                cue_start, cue_end = _bounds(quote["cue"])
                add(new(Mark, (cue_start, cue_end, 3, f"c:{ident}", opening, opening, close)))
            # Most quotes have neither: the loops are not entered for them.
            if quote["insertions"]:
                opening = '<span class="ins" title="editorial insertion">'
                for i, span in enumerate(each_fields(quote["insertions"])):
                    key = f"i:{ident}:{i}"
                    add(new(Mark, (span["start"], span["end"], 3, key, opening, opening, close)))
            if quote["interruptions"]:
                # Inside the quote's span but not the source's words: drawn outside the quote.
                opening = '<span class="intr" title="not the source\'s words (interruption)">'
                for i, span in enumerate(each_fields(quote["interruptions"])):
                    key = f"x:{ident}:{i}"
                    add(new(Mark, (span["start"], span["end"], 3, key, opening, opening, close)))
        for event in self.events:
            opening = f'<span class="evt" title="{_esc("event: " + event["name"])}">'
            prefix = f"v:{event['id']}:"
            for i, span in enumerate(each_fields(event["mentions"])):
                key = f"{prefix}{i}"
                add(new(Mark, (span["start"], span["end"], 1, key, opening, opening, close)))
        mention_nodes = iter(self.data.get("mentions", []))
        for entity in self.entities:
            node = next(mention_nodes)
            ident, entity_name, kind = entity["id"], entity["name"], entity["kind"]
            mentions = each_fields(entity["mentions"])
            title = f"{entity_name} ({'anonymous ' if entity['anonymous'] else ''}{kind})"
            opening = f'<span class="ent ent-{kind}" title="{_esc(title)}">'
            # Coreference the editor should check ("the minister" -> Sergey Lavrov) is marked
            # with the entity's name; built once per entity, for its first such mention.
            referring = ""
            name = entity_name.casefold()
            carrier = None
            if self.microdata:
                usable = [s for s in mentions if s["start"] < s["end"] <= body_length]
                carrier = min(usable, key=lambda s: s["start"]) if usable else None
            prefix = f"e:{ident}:"
            for i, span in enumerate(mentions):
                first = opening
                span_start, span_end = span["start"], span["end"]
                surface = body[span_start:span_end].strip()
                if span["form"] in _REFERRING_FORMS or (surface and surface.casefold() not in name):
                    if not referring:
                        referring = opening.replace(">", f' data-ref="{_esc(entity_name)}">', 1)
                    first = referring
                if span is carrier:
                    first += _microdata(node, "mentions")
                    self.placed.add(f"entity:{ident}")
                    carrier = None
                key = f"{prefix}{i}"
                add(new(Mark, (span_start, span_end, 2, key, first, opening, close)))
        return marks

    def body(self) -> str:
        text = self.text
        # A body with nothing to escape (often) is written without an escape per piece.
        escape = None if _unchanged_by_esc(text) else _esc
        return render_marked(text, self.marks(), escape)

    # Header.
    def byline(self) -> str:
        article = self.article
        parts: list[str] = []
        authors = [e for e in map(self.entity, article["authors"]) if e is not None]
        if authors:
            parts.append("By " + ", ".join(self.name_html_by_id[a["id"]] for a in authors))
        publisher = self.entity(article["publisher"])
        if publisher is not None:
            parts.append(self.name_html_by_id[publisher["id"]])
        if article["date_published"] is not None:
            stamp = self.data["datePublished"]
            parts.append(f"Published {_time(stamp)}")
        if article["date_modified"] is not None:
            stamp = self.data["dateModified"]
            parts.append(f"Updated {_time(stamp)}")
        parts.append(f"Language {_esc(article['language'])}")
        if _http(article["url"]):
            parts.append(_link(article["url"], "Original article"))
        return "".join(f"<span>{part}</span>" for part in parts)

    def article_items(self) -> str:
        """Article-level microdata that has no span to sit on."""
        if not self.microdata:
            return ""
        skip = {"mentions", "hasPart", "about"}
        parts: list[str] = []
        for key, value in self.data.items():
            if key.startswith("@") or key in skip:
                continue
            parts.extend(_property(key, v) for v in (value if isinstance(value, list) else [value]))
        return "".join(parts)

    def leftover_items(self) -> str:
        """Microdata for entities and quotations whose spans could not carry it."""
        if not self.microdata:
            return ""
        parts = []
        nodes = iter(self.data.get("mentions", []))
        for entity in self.entities:
            node = next(nodes)
            if f"entity:{entity['id']}" not in self.placed:
                parts.append(_microdata(node, "mentions"))
        quotations = iter(self.data.get("hasPart", []))
        for quote in self.quotes:
            if quote["kind"] in _QUOTATION_KINDS:
                node = next(quotations)
                if f"quote:{quote['id']}" not in self.placed:
                    parts.append(_microdata(node, "hasPart"))
        return "".join(parts)

    # Side panels.
    def quoted(self, quote: Mapping[str, Any]) -> str:
        """The quote's text with its interruptions marked as not the source's words."""
        text = quote["text"]
        if not quote["interruptions"]:
            return _esc(text)
        offset, at = _bounds(quote["span"])[0], 0
        parts: list[str] = []
        for cut in sorted(map(_bounds, quote["interruptions"]), key=lambda span: span[0]):
            # Clipped to the text: a misplaced interruption is the validator's business.
            start = min(max(cut[0] - offset, at), len(text))
            end = min(max(cut[1] - offset, start), len(text))
            parts.append(_esc(text[at:start]))
            parts.append(f'<span class="intr">{_esc(text[start:end])}</span>')
            at = end
        parts.append(_esc(text[at:]))
        return "".join(parts)

    def quote_card(self, index: int) -> str:
        quote = self.quotes[index]
        kind, attribution_type = quote["kind"], quote["attribution"]
        ident = self.quote_ids[index]
        who = "scare quote" if kind == "scare" else self.sources[index]
        attribution = (
            f' <span class="badge a-{attribution_type}">{attribution_type}</span>'
            if attribution_type is not None
            else ""
        )
        speaker = self.entity(quote["speaker"])
        anonymous = (
            ' <span class="badge anon">anonymous source</span>'
            if speaker is not None and speaker["anonymous"]
            else ""
        )
        rows = [
            (
                f'<p><span class="badge b-{kind}">{kind}</span>{attribution} '
                f'<span class="title">{_esc(who)}</span>{anonymous}'
                f' <a href="#quote-{ident}" class="dim">{ident}</a></p>'
            ),
            f"<blockquote>{self.quoted(quote)}</blockquote>",
        ]
        within = quote["within"]
        if within is not None:
            outer = self.quote_at.get(within)
            shown = (
                f"{within} (not a quote)"
                if outer is None
                else f"{self.quotes[outer]['id']}: {self.sources[outer]}"
            )
            link = f'<a href="#card-{_esc(within)}">{_esc(shown)}</a>'
            rows.append(f'<p><span class="k">within</span>{link}</p>')
        nested = self.nested.get(quote["id"], [])
        if nested:
            links = ", ".join(
                f'<a href="#card-{self.quote_ids[i]}">'
                f"{_esc(self.quotes[i]['id'] + ': ' + self.sources[i])}</a>"
                for i in nested
            )
            rows.append(f'<p><span class="k">encloses</span>{links}</p>')
        if quote["interruptions"]:
            shown = ", ".join(f"“{self.cut(s)}”" for s in quote["interruptions"])
            rows.append(f'<p><span class="k">not theirs</span>{_esc(shown)}</p>')
        if quote["via"]:
            rows.append(f'<p><span class="k">via</span>{_esc(self.chains[index])}</p>')
        if quote["cue"] is not None:
            rows.append(f'<p><span class="k">cue</span>“{_esc(self.cut(quote["cue"]))}”</p>')
        if quote["insertions"]:
            shown = ", ".join(f"“{self.cut(s)}”" for s in quote["insertions"])
            rows.append(f'<p><span class="k">inserted</span>{_esc(shown)}</p>')
        said_at = quote["event"]
        if said_at is not None and said_at in self.event_by_id:
            rows.append(f'<p><span class="k">said at</span>{self.event_link(said_at)}</p>')
        nesting = " nested" if within is not None else ""
        return f'<li class="card q-{kind}{nesting}" id="card-{ident}">{"".join(rows)}</li>'

    def event_link(self, event_id: str) -> str:
        """The link to a known event's card (made once per event: several quotes name one)."""
        link = self.event_links.get(event_id)
        if link is None:
            event = self.event_by_id[event_id]
            link = f'<a href="#event-{_esc(event["id"])}">{_esc(event["name"])}</a>'
            self.event_links[event_id] = link
        return link

    def event_card(self, event: Mapping[str, Any], node: dict[str, Any]) -> str:
        prop = f' itemprop="about" itemscope itemtype="{_SCHEMA}Event"' if self.microdata else ""
        items = ""
        if self.microdata:
            items = "".join(
                _property(key, v)
                for key, value in node.items()
                if not key.startswith("@")
                for v in (value if isinstance(value, list) else [value])
            )
        rows = [
            (
                f'<p><span class="badge r-{event["realis"]}">{event["realis"]}</span> '
                f'<span class="title">{_esc(event["name"])}</span> '
                f'<span class="dim">{self.vocabulary(event["kind"].replace("_", " "))}</span></p>'
            )
        ]
        if event["date"] is not None:
            date = fields(event["date"])
            when = date["start"] + (f" – {date['end']}" if date["end"] else "")
            inferred = date["inferred"]
            note = f" (inferred: {', '.join(inferred)})" if inferred else ""
            rows.append(f'<p><span class="k">when</span><time>{_esc(when)}</time>{_esc(note)}</p>')
        location = self.entity(event["location"])
        if location is not None:
            rows.append(
                f'<p><span class="k">where</span>{self.name_html_by_id[location["id"]]}</p>'
            )
        if event["participants"]:
            people = ", ".join(
                f"{self.name_html(p['entity'])} "
                f'<span class="dim">({self.vocabulary(p["role"])})</span>'
                for p in each_fields(event["participants"])
            )
            rows.append(f'<p><span class="k">who</span>{people}</p>')
        durations = []
        if event["duration"]:
            durations.append(f"lasted {event['duration']}")
        if event["planned_duration"]:
            durations.append(f"planned {event['planned_duration']}")
        if durations:
            rows.append(f'<p><span class="k">how long</span>{_esc(", ".join(durations))}</p>')
        return (
            f'<li class="card event" id="event-{_esc(event["id"])}"{prop}>'
            f"{items}{''.join(rows)}</li>"
        )

    def entity_card(self, entity: Mapping[str, Any], name: str) -> str:
        """The card of ``entity``, whose escaped name is ``name``."""
        kind = entity["kind"]
        anonymous = ' <span class="badge anon">anonymous</span>' if entity["anonymous"] else ""
        mentions = entity["mentions"]
        forms = [form for m in each_fields(mentions) if (form := m["form"]) is not None]
        by_form = (
            _esc(" (" + ", ".join(f"{forms.count(f)} {f}" for f in dict.fromkeys(forms)) + ")")
            if forms
            else ""
        )
        rows = [
            (
                f'<p><span class="badge b-{kind}">{kind}</span>{anonymous} '
                f'<span class="title">{name}</span> '
                f'<span class="dim">{len(mentions)} mention(s){by_form}</span></p>'
            )
        ]
        url, image = entity["url"], entity["image"]
        if url is not None:
            rows.append(f'<p><span class="k">page</span>{_self_link(url)}</p>')
        if image is not None:
            rows.append(f'<p><span class="k">image</span>{_self_link(image)}</p>')
        if entity["aliases"]:
            rows.append(f'<p><span class="k">also</span>{_esc(", ".join(entity["aliases"]))}</p>')
        if entity["same_as"]:
            links = ", ".join(map(_self_link, entity["same_as"]))
            rows.append(f'<p><span class="k">same as</span>{links}</p>')
        said = self.said.get(entity["id"], 0)  # Counter's own look-up of a missing key is slower
        if said:
            rows.append(f'<p><span class="k">quoted</span>{said} time(s)</p>')
        return (
            f'<li class="card entity k-{kind}" id="entity-{_esc(entity["id"])}">'
            f"{''.join(rows)}</li>"
        )

    def panels(self) -> str:
        def section(title: str, cards: list[str], empty: str) -> str:
            inner = (
                f'<ul class="cards">{"".join(cards)}</ul>'
                if cards
                else f'<p class="empty">{empty}</p>'
            )
            anchor = title.lower()
            return f'<h2 id="{anchor}">{title} <span class="count">{len(cards)}</span></h2>{inner}'

        events = list(zip(self.events, self.data.get("about", []), strict=True))
        return (
            section(
                "Quotes",
                [self.quote_card(i) for i in range(len(self.quotes))],
                "No quotes annotated.",
            )
            + section("Events", [self.event_card(e, n) for e, n in events], "No events annotated.")
            + section(
                "Entities",
                [
                    self.entity_card(e, n)
                    for e, n in zip(self.entities, self.names_html, strict=True)
                ],
                "No entities annotated.",
            )
        )

    def halves(self) -> tuple[str, str]:
        """The page before its stylesheet, and after its JSON-LD block (when it has one)."""
        article = self.article
        scope = f' itemscope itemtype="{_SCHEMA}NewsArticle"' if self.microdata else ""
        body = self.body()  # marks first: it decides which items are placed inline
        entities = len(self.entities)
        stats = (
            f"{len(self.quotes)} quote(s) · {entities} entit"
            f"{'y' if entities == 1 else 'ies'} · {len(self.events)} event(s)"
        )
        lang = _esc(article["language"])
        headline = article["headline"]
        before = (
            "<!DOCTYPE html>\n"
            f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta http-equiv="Content-Security-Policy" '
            "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
            '<meta name="referrer" content="no-referrer">\n'
            '<meta name="generator" content="newsschema">\n'
            f"<title>{_esc(headline or article['id'])}</title>\n"
            f"{head_meta(article, self.entity, _esc, self.data)}"
        )
        after = (
            "</head>\n<body>\n"
            f'<div class="page">\n<article{scope}>{self.article_items()}\n'
            '<header class="masthead">\n'
            f'<div class="kicker">Annotated article · {_esc(article["id"])}</div>\n'
            f'<h1 dir="auto">{_esc(headline or "")}</h1>\n'
            f'<p class="byline">{self.byline()}</p>\n'
            f'<p class="stats">{stats}</p>\n{_LEGEND}\n</header>\n'
            f'<div class="layout">\n<div class="body" dir="auto" lang="{lang}">'
            f"{body}</div>\n<aside>\n{self.panels()}\n</aside>\n</div>\n"
            f"{self.leftover_items()}</article>\n"
            f"<footer>Generated by newsschema · schema version {_esc(self.schema_version)} · "
            "highlighted spans are the annotations; the panels list them.</footer>\n"
            "</div>\n</body>\n</html>\n"
        )
        return before, after

    def render(self) -> str:
        """The page as text."""
        before, after = self.halves()
        if not self.jsonld:
            return f"{before}{_STYLE}{after}"
        return f"{before}{_STYLE}{_SCRIPT}{script_safe_json(self.data)}{_SCRIPT_END}{after}"

    def render_bytes(self) -> bytes:
        """The page as UTF-8: :meth:`render` encoded.

        Put together from bytes: the stylesheet is encoded once, and the JSON-LD block is
        serialised to UTF-8 and kept so (rather than decoded into the page and encoded again).
        """
        before, after = self.halves()
        if not self.jsonld:
            return b"".join((before.encode(), _STYLE_BYTES, after.encode()))
        data = script_safe_json_bytes(self.data)
        return b"".join(
            (before.encode(), _STYLE_BYTES, _SCRIPT_BYTES, data, _SCRIPT_END_BYTES, after.encode())
        )


def html_page(document: Document, markup: str = "jsonld") -> str:
    """Return the annotated page of ``document``.

    Args:
        document: The document.
        markup: ``jsonld`` (a script block), ``microdata`` (inline) or ``both``.


    Raises:
        ValueError: unknown ``markup``.
    """
    if markup not in MARKUP.choices:
        raise ValueError(f"markup must be one of {', '.join(MARKUP.choices)}")
    return _Page(fields(document), markup).render()


class _Html(Format):
    layout: Literal["document"] = "document"

    def dump(self, document: Document, options: GivenOptions) -> bytes:
        # HtmlOptions refuses an unknown markup, with html_page's message.
        return _Page(fields(document), HtmlOptions.of(options).markup).render_bytes()

    def dump_plain(self, document: Mapping[str, Any], options: GivenOptions) -> bytes:
        """Return :meth:`dump`'s bytes for a document given as its plain data (a valid one's)."""
        return _Page(document, HtmlOptions.of(options).markup).render_bytes()


HTML = _Html(
    "html",
    "self-contained annotated article page with schema.org JSON-LD/microdata",
    suffix=".html",
)
