"""NS7xx: what Google's Article documentation recommends (``--profile google``; off by default).

Google's structured-data documentation for ``Article``/``NewsArticle`` recommends
``datePublished``, ``author`` (with ``name`` and ``url``), ``image``, ``publisher`` (with
``name`` and ``logo``), ``dateModified`` and ``mainEntityOfPage``. Each rule warns when the
``--to schemaorg`` and ``--to html`` outputs of a document would lack one of them, as the
``Google`` preset of the structured-data testing tool (sdtt) reports on the same page (the
tests compare the two). A missing headline is ``NS503`` (on by default).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsschema.codes import CodeDoc
from newsschema.findings import Severity
from newsschema.rules._base import Context, Rule, RuleFinding

if TYPE_CHECKING:
    from collections.abc import Iterator

    from newsschema.models import Document

__all__ = ["PROFILE", "RULES"]

PROFILE = "google"
"""The ``--profile`` value that turns these rules on."""

_W = Severity.WARNING
# Entity kinds whose image the schema.org output publishes as a logo (schema:logo).
_LOGO_KINDS = frozenset({"organization", "outlet"})
_WHY = "Google's Article documentation recommends it for rich results"


def _date_published(doc: Document, ctx: Context) -> Iterator[RuleFinding]:
    if doc.article.date_published is None:
        yield RuleFinding("/article", f"no date_published (datePublished): {_WHY}")


def _author(doc: Document, ctx: Context) -> Iterator[RuleFinding]:
    if not any(ctx.entities.get(a) is not None for a in doc.article.authors):
        yield RuleFinding("/article", f"no author entity (author with a name): {_WHY}")


def _author_url(doc: Document, ctx: Context) -> Iterator[RuleFinding]:
    for i, author_id in enumerate(doc.article.authors):
        author = ctx.entities.get(author_id)
        if author is not None and author.url is None:
            yield RuleFinding(
                f"/article/authors/{i}",
                f"author {author.id!r} has no url (author.url, the author's page): {_WHY}",
            )


def _image(doc: Document, ctx: Context) -> Iterator[RuleFinding]:
    if not doc.article.image:
        yield RuleFinding("/article", f"no article image (image): {_WHY}")


def _publisher(doc: Document, ctx: Context) -> Iterator[RuleFinding]:
    publisher = doc.article.publisher
    if publisher is None or ctx.entities.get(publisher) is None:
        yield RuleFinding(
            "/article", f"no publisher entity (publisher with a name and a logo): {_WHY}"
        )


def _publisher_name(doc: Document, ctx: Context) -> Iterator[RuleFinding]:
    publisher = ctx.entities.get(doc.article.publisher or "")
    if publisher is not None and publisher.anonymous:
        yield RuleFinding(
            "/article/publisher",
            f"the publisher {publisher.id!r} is anonymous, so no name is published "
            f"(publisher.name): {_WHY}",
        )


def _publisher_logo(doc: Document, ctx: Context) -> Iterator[RuleFinding]:
    publisher = ctx.entities.get(doc.article.publisher or "")
    # An anonymous entity is published as a description only: no name, no logo.
    if publisher is not None and (
        publisher.image is None or publisher.kind not in _LOGO_KINDS or publisher.anonymous
    ):
        yield RuleFinding(
            "/article/publisher",
            f"the publisher {publisher.id!r} has no logo (publisher.logo: the image of an "
            f"organization or outlet): {_WHY}",
        )


def _date_modified(doc: Document, ctx: Context) -> Iterator[RuleFinding]:
    if doc.article.date_modified is None:
        yield RuleFinding("/article", f"no date_modified (dateModified): {_WHY}")


def _main_entity_of_page(doc: Document, ctx: Context) -> Iterator[RuleFinding]:
    if doc.article.url is None:
        yield RuleFinding("/article", f"no url (url and mainEntityOfPage): {_WHY}")


def _doc(code: str, name: str, summary: str, bad: str, good: str) -> CodeDoc:
    return CodeDoc(
        code,
        name,
        _W,
        summary,
        "Search engines show an article as a rich result only with the properties Google's "
        "Article documentation lists; the schema.org and HTML exports publish what the "
        "document holds. Checked only with --profile google.",
        bad,
        good,
    )


RULES = (
    Rule(
        _doc(
            "NS701",
            "google-date-published",
            "The article has no publication date (Google: datePublished).",
            '{"article": {"id": "a1", ...}}',
            '{"article": {"id": "a1", "date_published": "2022-01-13T10:00:00+03:00", ...}}',
        ),
        _date_published,
    ),
    Rule(
        _doc(
            "NS702",
            "google-author",
            "The article names no author entity (Google: author with a name).",
            '{"article": {"authors": []}}',
            '{"article": {"authors": ["e_reporter"]}} with an entity e_reporter',
        ),
        _author,
    ),
    Rule(
        _doc(
            "NS703",
            "google-author-url",
            "An author has no url, the author's page (Google: author.url).",
            '{"id": "e_reporter", "kind": "person", "name": "Ann Lee"}',
            '{"id": "e_reporter", "kind": "person", "name": "Ann Lee", '
            '"url": "https://news.example/staff/ann-lee"}',
        ),
        _author_url,
    ),
    Rule(
        _doc(
            "NS704",
            "google-image",
            "The article has no image (Google: image).",
            '{"article": {"image": []}}',
            '{"article": {"image": ["https://news.example/lead.jpg"]}}',
        ),
        _image,
    ),
    Rule(
        _doc(
            "NS705",
            "google-publisher",
            "The article names no publisher entity (Google: publisher with name and logo).",
            '{"article": {"id": "a1", ...}}',
            '{"article": {"publisher": "e_outlet"}} with an outlet entity e_outlet',
        ),
        _publisher,
    ),
    Rule(
        _doc(
            "NS706",
            "google-publisher-name",
            "The publisher is anonymous, so no name is published (Google: publisher.name).",
            '{"id": "e_outlet", "kind": "outlet", "name": "a news site", "anonymous": true}',
            '{"id": "e_outlet", "kind": "outlet", "name": "Kyiv Independent"}',
        ),
        _publisher_name,
    ),
    Rule(
        _doc(
            "NS707",
            "google-publisher-logo",
            "The publisher has no logo: no image, not an organization or outlet, or "
            "anonymous (Google: publisher.logo).",
            '{"id": "e_outlet", "kind": "outlet", "name": "Kyiv Independent"}',
            '{"id": "e_outlet", "kind": "outlet", "name": "Kyiv Independent", '
            '"image": "https://news.example/logo.png"}',
        ),
        _publisher_logo,
    ),
    Rule(
        _doc(
            "NS708",
            "google-date-modified",
            "The article has no modification date (Google: dateModified).",
            '{"article": {"date_published": "2022-01-13T10:00:00+03:00"}}',
            '{"article": {"date_published": "2022-01-13T10:00:00+03:00", '
            '"date_modified": "2022-01-13T12:00:00+03:00"}}',
        ),
        _date_modified,
    ),
    Rule(
        _doc(
            "NS709",
            "google-main-entity-of-page",
            "The article has no url (Google: mainEntityOfPage, the page it is the main entity of).",
            '{"article": {"id": "a1", ...}}',
            '{"article": {"id": "a1", "url": "https://news.example/a1", ...}}',
        ),
        _main_entity_of_page,
    ),
)
"""The rules of ``--profile google``, in code order."""
