"""The page head for crawlers and link previews: canonical link, description, Open Graph."""

from __future__ import annotations

from typing import Any

import html5lib
from hypothesis import given
from hypothesis import strategies as st

from newsschema.formats.html import html_page
from newsschema.formats.html._meta import DESCRIPTION_LENGTH, description
from newsschema.models import Document

HOSTILE = st.sampled_from(
    [
        '" onmouseover="alert(1)',
        "</title><script>alert(1)</script>",
        "<meta property='og:title' content='spoof'>",
        "a\u2028b\x00c",
        "&amp; & <",
    ]
) | st.text(alphabet=st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=30)


def _head(page: str) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    tree = html5lib.parse(page, namespaceHTMLElements=False)
    head = tree.find("head")
    assert head is not None
    metas = [dict(element.attrib) for element in head.iter("meta")]
    links = [dict(element.attrib) for element in head.iter("link")]
    return metas, links


def _content(metas: list[dict[str, str]], key: str) -> list[str]:
    return [m["content"] for m in metas if m.get("property") == key or m.get("name") == key]


def test_sample_head_has_canonical_description_and_cards(sample: Document) -> None:
    """Canonical link, description, Open Graph and Twitter tags come from the article fields."""
    metas, links = _head(html_page(sample))
    assert links == [{"rel": "canonical", "href": "https://news.example/sample-1"}]
    article = sample.article
    assert _content(metas, "og:type") == ["article"]
    assert _content(metas, "og:title") == _content(metas, "twitter:title") == [article.headline]
    summary = _content(metas, "description")
    assert summary == _content(metas, "og:description") == _content(metas, "twitter:description")
    assert " ".join(article.body.split()).startswith(summary[0].removesuffix("…"))
    assert _content(metas, "og:url") == ["https://news.example/sample-1"]
    assert _content(metas, "og:locale") == ["en"]
    assert _content(metas, "og:site_name") == ["Kyiv Post"]
    assert _content(metas, "article:published_time") == ["2022-01-13T12:30:00Z"]
    assert _content(metas, "article:author") == ["A. Reporter"]
    assert _content(metas, "twitter:card") == ["summary"]


def test_description_is_one_bounded_line() -> None:
    """The description collapses white space and is cut at a word with an ellipsis."""
    body = "word\r\nnext\u2028line " + "lorem ipsum " * 50
    text = description(body)
    assert len(text) <= DESCRIPTION_LENGTH and text.endswith("…")
    assert text.startswith("word next line lorem") and "\n" not in text
    assert description("short body") == "short body"


def test_non_http_url_is_left_out(sample: Document) -> None:
    """An article URL that is not http(s) gives no canonical link and no og:url."""
    article = sample.article.model_construct(
        **{**dict(sample.article), "url": "javascript:alert(1)"}
    )
    page = html_page(sample.model_construct(**{**dict(sample), "article": article}))
    metas, links = _head(page)
    assert links == [] and _content(metas, "og:url") == []
    assert not any("javascript:" in value for tag in metas + links for value in tag.values())


def test_locale_has_territory(sample_dict: dict[str, Any]) -> None:
    """og:locale turns a BCP 47 tag with a region into language_TERRITORY."""
    data = {**sample_dict, "article": {**sample_dict["article"], "language": "zh-Hant-TW"}}
    metas, _ = _head(html_page(Document.model_validate(data)))
    assert _content(metas, "og:locale") == ["zh_TW"]


@given(headline=HOSTILE, text=HOSTILE)
def test_hostile_text_stays_in_its_attribute(
    sample_dict: dict[str, Any], headline: str, text: str
) -> None:
    """Whatever the headline and body, each head tag carries it as data, one tag per key."""
    body = text + " " + sample_dict["article"]["body"]
    shift = len(text) + 1
    data = _shifted(sample_dict, shift)
    data["article"] = {**data["article"], "headline": headline, "body": body}
    document = Document.model_validate(data)
    metas, _ = _head(html_page(document))
    titles = _content(metas, "og:title")
    assert len(titles) == 1
    assert titles[0] == _visible(headline)
    assert len(_content(metas, "description")) == 1
    assert all(set(m) <= {"charset", "name", "property", "content", "http-equiv"} for m in metas)


def _visible(text: str) -> str:
    # What the page shows for text HTML forbids: the replacement character, like the body.
    from newsschema.formats.html import _FORBIDDEN

    return _FORBIDDEN.sub("\ufffd", text).replace("\r\n", "\n").replace("\r", "\n")


def _shifted(sample_dict: dict[str, Any], shift: int) -> dict[str, Any]:
    """Move every span of the sample right by ``shift`` code points."""

    def move(value: Any) -> Any:
        if isinstance(value, dict):
            if set(value) == {"start", "end"}:
                return {"start": value["start"] + shift, "end": value["end"] + shift}
            return {key: move(item) for key, item in value.items()}
        if isinstance(value, list):
            return [move(item) for item in value]
        return value

    return {key: move(value) for key, value in sample_dict.items()}
