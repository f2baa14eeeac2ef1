"""Round two, the rest: quadratic rules and renderers, echoes, false successes, messages."""

from __future__ import annotations

import pytest

import newsschema
from newsschema.loader import LoadError, parse_json


@pytest.mark.parametrize("load", [newsschema.loads, parse_json])
def test_a_str_with_a_lone_surrogate_is_ns012_at_its_place(load: object) -> None:
    """A str holding a lone surrogate code point is NS012 at its line and column, not NS002."""
    with pytest.raises(LoadError) as caught:
        load('{\n "headline": "ab\ud800"}')  # type: ignore[operator]
    [finding] = caught.value.findings
    assert (finding.code, finding.line, finding.column) == ("NS012", 2, 17)
