"""The rule protocol: a documented check with a stable code, run with a shared per-document context.

A :class:`Rule` pairs a :class:`~newsschema.codes.CodeDoc` (code, default severity, summary,
rationale, bad and good example) with a function that yields :class:`RuleFinding` values for one
structurally valid document. A :class:`RuleSet` runs a selection of rules; it is itself a
:data:`~newsschema.validation.Check`, so the validator and the converter run rules like any
other check.

Rules may see documents that passed the structure checks but contain anything else: reversed or
out-of-range spans, dangling ids, duplicate ids. They must never raise on such input.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from newsschema.findings import Finding, Severity
from newsschema.rules._columns import PLAIN, Columns

if TYPE_CHECKING:
    # Annotations only: a valid document is checked as plain data, without the models
    # (importing them is most of a one-file run's start-up).
    from newsschema.codes import CodeDoc
    from newsschema.models import Document, Entity, Event, Span

__all__ = [
    "UTF16_HINT",
    "Context",
    "PassPart",
    "Plain",
    "QuietTest",
    "Rule",
    "RuleFinding",
    "RuleSet",
    "fold_utf16",
]


UTF16_HINT = "the offsets look like UTF-16 code units"
"""What span rules say when a span only fits read as UTF-16 code units (see ``utf16_hint``)."""


def fold_utf16(findings: list[Finding]) -> list[Finding]:
    """Replace the span findings that share one root cause, UTF-16 offsets, by one finding.

    One emoji early in a body shifts every later offset when a tool counts UTF-16 code units;
    forty findings, each with the same hint, hide the fix. Two or more become one
    document-level finding, with the code and severity of the most severe of them, that says
    so and how to fix it. A single one keeps its own span-level message.
    """
    hinted = [f for f in findings if UTF16_HINT in f.message]
    if len(hinted) < 2:
        return findings
    # Findings about text at a span that the same shift explains (a quote mark "missing" one
    # character away): folded too, and counted in the message.
    shifted = [f for f in findings if f.code in _SHIFTED and UTF16_HINT not in f.message]
    worst = next((f for f in hinted if f.severity is Severity.ERROR), hinted[0])
    shown = ", ".join(f.pointer for f in hinted[:3]) + (", ..." if len(hinted) > 3 else "")
    also = Counter(f.code for f in shifted)
    more = "; ".join(f"{n} {code}" for code, n in sorted(also.items()))
    message = (
        f"{len(hinted)} spans ({shown}) fit only when read as UTF-16 code units (as JavaScript, "
        "Java and many annotation tools count): this document's offsets are UTF-16 code units, "
        "not code points. Convert every offset to code points (in JavaScript "
        "[...body.slice(0, offset)].length; in Python "
        "len(body.encode('utf-16-le')[:2 * offset].decode('utf-16-le'))), then validate again"
        + (f" (also folded here, likely the same cause: {more})" if more else "")
    )
    folded = Finding(worst.code, worst.severity, message, "")
    drop = {id(f) for f in (*hinted, *shifted)}
    first = min(findings.index(hinted[0]), *(findings.index(f) for f in shifted[:1]))
    rest = [f for f in findings if id(f) not in drop]
    return [*rest[:first], folded, *rest[first:]]


# Codes about the text found at a span, which a UTF-16 shift also breaks.
_SHIFTED = frozenset({"NS101", "NS103", "NS104", "NS106", "NS401", "NS404", "NS408", "NS409"})


class RuleFinding(NamedTuple):
    """What a rule reports: a JSON pointer into the document and a message."""

    pointer: str
    message: str


_Identified = TypeVar("_Identified", "Entity", "Event")


def _first_by_id(items: Sequence[_Identified]) -> dict[str, _Identified]:
    """Items by id, the first of several with one id kept (duplicates are NS201's finding)."""
    found: dict[str, _Identified] = {}
    for item in items:
        found.setdefault(item.id, item)
    return found


class Context:
    """Lookups shared by all rules for one document, each computed at most once.

    Lookups keep the first of several objects with the same id; duplicates are a rule of
    their own (NS201).
    """

    def __init__(self, document: Document) -> None:
        self.document = document
        self.body = document.article.body
        self.body_length = len(self.body)
        self.memo: dict[str, Any] = {}
        """Results of passes that several rules of a family share, by pass name."""

    @cached_property
    def entities(self) -> dict[str, Entity]:
        """Entities by id (first occurrence wins)."""
        return _first_by_id(self.document.entities)

    @cached_property
    def events(self) -> dict[str, Event]:
        """Events by id (first occurrence wins)."""
        return _first_by_id(self.document.events)

    def span_ok(self, span: Span) -> bool:
        """True when ``span`` is ordered and inside the body (other rules report it otherwise)."""
        return span.start <= span.end <= self.body_length

    def shared(self, name: str, compute: Callable[[Context], Any]) -> Any:
        """Return the result of the pass ``name``, running ``compute`` the first time."""
        try:
            return self.memo[name]
        except KeyError:
            result = self.memo[name] = compute(self)
            return result

    def text(self, span: Span) -> str:
        """Return the body text at ``span``."""
        return self.body[span.start : span.end]


RuleCheck = Callable[["Document", Context], Iterable[RuleFinding]]
"""The function behind a rule."""


class Plain:
    """One structurally valid document as plain data (:mod:`newsschema._plain`), for quiet tests.

    Every field is present (defaults filled in), timestamps are datetimes: the values the
    models would hold, but that lists given stay lists (a model's are tuples). Quiet tests
    read the dicts with plain loops (cheaper than gathering columns for a clean document);
    a test that needs the columns (:class:`~newsschema.rules._columns.Columns`, gathered
    by the same code as a model document's) gets them on first use.
    """

    __slots__ = ("article", "body", "body_length", "data", "entities", "events", "memo", "quotes")

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.article: dict[str, Any] = data["article"]
        self.body: str = self.article["body"]
        self.body_length = len(self.body)
        self.entities: list[dict[str, Any]] = data["entities"]
        self.events: list[dict[str, Any]] = data["events"]
        self.quotes: list[dict[str, Any]] = data["quotes"]
        self.memo: dict[str, Any] = {}
        """Results shared by several quiet tests, by name (the columns among them)."""

    @property
    def columns(self) -> Columns:
        """The document's columns, gathered on first use."""
        found: Columns | None = self.memo.get("columns")
        if found is None:
            found = self.memo["columns"] = Columns(self.entities, self.events, self.quotes, PLAIN)
        return found

    def shared(self, name: str, compute: Callable[[Plain], Any]) -> Any:
        """Return the result of the test ``name``, running ``compute`` the first time."""
        try:
            return self.memo[name]
        except KeyError:
            result = self.memo[name] = compute(self)
            return result


QuietTest = Callable[[Plain], bool]
"""A rule's fast test on plain data: True only when the rule finds nothing in the document.

False means "may find something": the document is then built as models and the rule run.
"""


@dataclass(frozen=True, slots=True)
class PassPart:
    """A rule check that reports one code's part of a pass several rules share.

    A family whose rules are cheapest found together (every span at once, every reference at
    once) computes ``{code: findings}`` in one pass, memoised per document under ``name``;
    each rule of the family is then a ``PassPart``. A class rather than a closure, so that a
    rule set stays picklable for worker processes.

    Attributes:
        name: The memo key of the shared pass.
        compute: The pass: returns the findings of every code it serves.
        code: The code this rule reports.
    """

    name: str
    compute: Callable[[Context], dict[str, list[RuleFinding]]]
    code: str

    def __call__(self, document: Document, context: Context) -> list[RuleFinding]:
        """Return this code's findings from the shared pass (run at most once per document)."""
        try:
            problems: dict[str, list[RuleFinding]] = context.memo[self.name]
        except KeyError:
            problems = context.memo[self.name] = self.compute(context)
        return problems[self.code]


@dataclass(frozen=True, slots=True)
class Rule:
    """A named, documented check.

    Attributes:
        doc: Code, name, default severity, summary, rationale, bad and good example.
        check: Yields a :class:`RuleFinding` for each problem in a document.
        quiet: Its fast test on plain data (True: ``check`` would find nothing), so that a
            valid document need not be built as models; None: the document is always built.
    """

    doc: CodeDoc
    check: RuleCheck
    quiet: QuietTest | None = None

    @property
    def code(self) -> str:
        """The rule's stable code."""
        return self.doc.code


class RuleSet:
    """Runs a fixed selection of rules on a document; usable as a validation ``Check``.

    Args:
        rules: The rules to run, in order.
        warnings_as_errors: Report every warning as an error.
    """

    def __init__(self, rules: Sequence[Rule], *, warnings_as_errors: bool = False) -> None:
        self.rules = tuple(rules)
        self.warnings_as_errors = warnings_as_errors
        self._plan = tuple(
            (
                rule.code,
                Severity.ERROR if warnings_as_errors else rule.doc.severity,
                rule.check,
            )
            for rule in self.rules
        )
        tests = [rule.quiet for rule in self.rules]
        # A test several rules share (one pass for a family) is run once.
        self._quiet: tuple[QuietTest, ...] | None = (
            None if None in tests else tuple(dict.fromkeys(t for t in tests if t is not None))
        )

    @property
    def plain(self) -> bool:
        """True when every rule has a quiet test, so :meth:`quiet` can clear a document."""
        return self._quiet is not None

    def quiet(self, data: dict[str, Any]) -> bool:
        """True when no rule can find anything in ``data``, a valid document as plain data.

        False when one may (or a rule has no quiet test): the caller builds the models and
        runs :meth:`__call__`, which alone decides and words what is found.
        """
        if self._quiet is None:
            return False
        document = Plain(data)
        for test in self._quiet:  # noqa: SIM110 - a loop is cheaper than all() of a generator
            if not test(document):
                return False
        return True

    @property
    def codes(self) -> tuple[str, ...]:
        """Codes of the rules run, in order."""
        return tuple(rule.code for rule in self.rules)

    def __call__(self, document: Document) -> list[Finding]:
        """Run every rule on ``document``; return the findings in rule order."""
        context = Context(document)
        findings: list[Finding] = []
        for code, severity, check in self._plan:
            for pointer, message in check(document, context):
                findings.append(Finding(code, severity, message, pointer))
        return fold_utf16(findings)

    def __repr__(self) -> str:
        return f"RuleSet({list(self.codes)!r}, warnings_as_errors={self.warnings_as_errors})"
