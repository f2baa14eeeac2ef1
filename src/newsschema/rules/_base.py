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

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple

from newsschema.codes import CodeDoc
from newsschema.findings import Finding, Severity
from newsschema.models import Document, Entity, Event, Span

__all__ = ["Context", "Rule", "RuleFinding", "RuleSet"]


class RuleFinding(NamedTuple):
    """What a rule reports: a JSON pointer into the document and a message."""

    pointer: str
    message: str


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
        found: dict[str, Entity] = {}
        for entity in self.document.entities:
            found.setdefault(entity.id, entity)
        return found

    @cached_property
    def events(self) -> dict[str, Event]:
        """Events by id (first occurrence wins)."""
        found: dict[str, Event] = {}
        for event in self.document.events:
            found.setdefault(event.id, event)
        return found

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


RuleCheck = Callable[[Document, Context], Iterable[RuleFinding]]
"""The function behind a rule."""


@dataclass(frozen=True, slots=True)
class Rule:
    """A named, documented check.

    Attributes:
        doc: Code, name, default severity, summary, rationale, bad and good example.
        check: Yields a :class:`RuleFinding` for each problem in a document.
    """

    doc: CodeDoc
    check: RuleCheck

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
        return findings

    def __repr__(self) -> str:
        return f"RuleSet({list(self.codes)!r}, warnings_as_errors={self.warnings_as_errors})"
