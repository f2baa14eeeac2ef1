"""`import newsschema` is cheap and lazy, yet every public name and old access path still works."""

from __future__ import annotations

from ..conftest import run_python


def test_import_loads_neither_models_nor_pydantic() -> None:
    """`import newsschema` (and its review package) loads no model, rule, pydantic or numpy."""
    out = run_python(
        "import sys, newsschema, newsschema.review\n"
        "print(' '.join(m for m in ('newsschema.models', 'newsschema.rules', 'pydantic', "
        "'numpy', 'newsschema.review.agreement') if m in sys.modules))"
    )
    assert out.strip() == ""


def test_star_import_gives_every_public_name() -> None:
    """`from newsschema import *` binds every name in `__all__`, each from its home module."""
    out = run_python(
        "from newsschema import *\n"
        "import newsschema, newsschema.models as m\n"
        "missing = [n for n in newsschema.__all__ if n not in globals()]\n"
        "assert not missing, missing\n"
        "assert Document is m.Document and validate is newsschema.validation.validate\n"
        "print('ok')"
    )
    assert out.strip() == "ok"


def test_modules_reached_through_the_package_still_work() -> None:
    """`newsschema.models.Document` works after a bare `import newsschema`, as it used to."""
    out = run_python(
        "import newsschema\n"
        "print(newsschema.models.Document.__name__, newsschema.rules.ALL_CODES['NS102'].code,"
        " newsschema.validation.check_document.__name__)"
    )
    assert out.split() == ["Document", "NS102", "check_document"]


def test_unknown_names_raise_attribute_error() -> None:
    """An unknown name (or an optional module not imported) is an AttributeError, not an import."""
    out = run_python(
        "import sys, newsschema, newsschema.review\n"
        "print(hasattr(newsschema, 'nope'), hasattr(newsschema, 'dask'),"
        " hasattr(newsschema.review, 'nope'), 'newsschema.engines.dask' in sys.modules)"
    )
    assert out.split() == ["False", "False", "False", "False"]
