"""INCEpTION exports that used to crash or be silently changed give located findings instead.

Each export is written by dkpro-cassis (the real UIMA client) with a custom type system:
a relation that is its own governor, a ``ref`` that is not a string, two spans sharing a
``ref``, DKPro ``Dependency`` relations between ``Token`` s, and UTF-16 offsets inside a
surrogate pair.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from typing import Any

import pytest

from newsschema.formats import get_importer
from newsschema.loader import Loaded

cassis = pytest.importorskip("cassis")

_SPAN = "webanno.custom.NewsSpan"
_RELATION = "webanno.custom.NewsRelation"
_WORD = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token"
_DEPENDENCY = "de.tudarmstadt.ukp.dkpro.core.api.syntax.type.dependency.Dependency"
_OPTIONS = {"labels": "attribution", "set": ["article.language=en"]}


def _typesystem(ref_range: str = "uima.cas.String") -> Any:
    ts = cassis.TypeSystem()
    span = ts.create_type(_SPAN)
    ts.create_feature(span, "label", "uima.cas.String")
    ts.create_feature(span, "ref", ref_range)
    relation = ts.create_type(_RELATION)
    ts.create_feature(relation, "Governor", "uima.tcas.Annotation")
    ts.create_feature(relation, "Dependent", "uima.tcas.Annotation")
    ts.create_feature(relation, "label", "uima.cas.String")
    token = ts.create_type(_WORD)
    dependency = ts.create_type(_DEPENDENCY)
    ts.create_feature(dependency, "Governor", token.name)
    ts.create_feature(dependency, "Dependent", token.name)
    ts.create_feature(dependency, "DependencyType", "uima.cas.String")
    return ts


def _cas(ts: Any, text: str = "We met. Lavrov said so.") -> Any:
    cas = cassis.Cas(typesystem=ts)
    cas.sofa_string = text
    cas.document_language = "en"
    return cas


def _read(ts: Any, xmi: str) -> list[Loaded]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("TypeSystem.xml", ts.to_xml())
        archive.writestr("a1.xmi", xmi)
    return list(get_importer("inception").read_bytes(buffer.getvalue(), "x.zip", _OPTIONS))


def test_a_relation_that_is_its_own_governor_is_a_located_finding() -> None:
    """A Speaker relation whose Governor is itself: NS085 at its xmi:id, no RecursionError."""
    ts = _typesystem()
    cas = _cas(ts)
    content = ts.get_type(_SPAN)(begin=0, end=7, label="Content", ref="q1")
    cas.add(content)
    relation = ts.get_type(_RELATION)(begin=0, end=7, label="Speaker", Dependent=content)
    cas.add(relation)
    relation.Governor = relation
    [loaded] = _read(ts, cas.to_xmi())
    assert loaded.document is None
    [finding] = [f for f in loaded.findings if f.is_error]
    assert finding.code == "NS085"
    assert finding.pointer == f"xmi:id {relation.xmiID}"
    assert f"x{relation.xmiID}" in finding.message


def test_a_ref_that_is_not_a_string_is_a_located_finding() -> None:
    """An Integer ``ref`` feature is refused at each annotation's xmi:id (was a TypeError)."""
    ts = _typesystem("uima.cas.Integer")
    cas = _cas(ts)
    span = ts.get_type(_SPAN)(begin=0, end=7, label="Content", ref=7)
    cas.add(span)
    [loaded] = _read(ts, cas.to_xmi())
    assert loaded.document is None
    [finding] = loaded.findings
    assert finding.code == "NS080"
    assert finding.pointer == f"xmi:id {span.xmiID}"
    assert "not a string" in finding.message


def test_two_spans_sharing_a_ref_are_refused_not_merged() -> None:
    """A shared ``ref`` is NS080 at the second annotation; no span is merged or invented."""
    ts = _typesystem()
    cas = _cas(ts)
    first = ts.get_type(_SPAN)(begin=0, end=7, label="Content", ref="q1")
    second = ts.get_type(_SPAN)(begin=8, end=14, label="Source", ref="q1")
    cas.add(first)
    cas.add(second)
    [loaded] = _read(ts, cas.to_xmi())
    assert loaded.document is None
    [finding] = loaded.findings
    assert finding.code == "NS080"
    assert finding.pointer == f"xmi:id {second.xmiID}"
    assert f"xmi:id {first.xmiID}" in finding.message


def test_dkpro_dependencies_between_tokens_are_ignored() -> None:
    """Syntax layers the label map does not name are skipped: the document still converts."""
    ts = _typesystem()
    cas = _cas(ts)
    token = ts.get_type(_WORD)
    we, met = token(begin=0, end=2), token(begin=3, end=6)
    cas.add(we)
    cas.add(met)
    cas.add(ts.get_type(_DEPENDENCY)(begin=3, end=6, Governor=met, Dependent=we,
                                     DependencyType="nsubj"))  # fmt: skip
    source = ts.get_type(_SPAN)(begin=8, end=14, label="Source", ref="s1")
    cas.add(source)
    [loaded] = _read(ts, cas.to_xmi())
    assert loaded.document is not None, loaded.findings
    assert not [f for f in loaded.findings if f.code == "NS085"]
    assert [e.name for e in loaded.document.entities] == ["Lavrov"]


def test_a_named_relation_to_a_token_is_still_a_located_finding() -> None:
    """A relation the label map names (Speaker) but pointing at a Token is NS085, not skipped."""
    ts = _typesystem()
    cas = _cas(ts)
    we = ts.get_type(_WORD)(begin=0, end=2)
    cas.add(we)
    content = ts.get_type(_SPAN)(begin=0, end=7, label="Content", ref="q1")
    cas.add(content)
    cas.add(ts.get_type(_RELATION)(begin=0, end=7, label="Speaker", Governor=we,
                                   Dependent=content))  # fmt: skip
    [loaded] = _read(ts, cas.to_xmi())
    assert loaded.document is None
    assert [f.code for f in loaded.findings if f.is_error] == ["NS085"]


@pytest.mark.parametrize("begin", [8, 40])
def test_a_utf16_offset_inside_a_surrogate_pair_is_refused_without_a_raw_warning(
    begin: int,
) -> None:
    """An offset inside 😀's surrogate pair (or past the text) is NS080 at the annotation."""
    ts = _typesystem()
    cas = _cas(ts, "We met 😀 here today.")
    span = ts.get_type(_SPAN)(begin=9, end=13, label="Source", ref="s1")
    cas.add(span)
    xmi = cas.to_xmi()
    # cassis wrote UTF-16 offsets 10..14 for code points 9..13; 8 falls between 😀's halves.
    assert 'begin="10" end="14"' in xmi
    hostile = xmi.replace('begin="10" end="14"', f'begin="{begin}" end="14"')
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        [loaded] = _read(ts, hostile)
    assert loaded.document is None
    [finding] = loaded.findings
    assert finding.code == "NS080"
    assert finding.pointer == f"xmi:id {span.xmiID}"
    assert f"begin offset {begin}" in finding.message and "refused" in finding.message
