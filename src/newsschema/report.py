"""The result of validating a set of inputs."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from newsschema.findings import Finding, Severity

__all__ = ["Report"]


@dataclass(frozen=True, slots=True)
class Report:
    """Everything validation found, in input order.

    Attributes:
        findings: Every finding: inputs in the order given, documents in file order, and
            within a document by line, column, code and pointer.
        files: Names of the inputs, in order.
        documents: Number of documents checked.
        invalid_documents: Number of documents with at least one error.
        file_documents: Per input, in order: its name and how many documents were checked in
            it. An unreadable input has none (its NS030 error is in ``findings``). Documents
            without findings are known only by count, so a report stays small however many
            valid documents there are.
        stopped: True when ``--fail-fast`` stopped validation at the first invalid document.
        cases: When asked for (JUnit): per document, in order, its file, index, article id
            (``""`` when it did not load) and the seconds checking it took.
        cached: How many of the documents' results came from the cache (``validate``'s
            ``.newsschema_cache/``) instead of being checked in this run. Not compared: a
            report is the same whether its results were replayed or checked.
    """

    findings: tuple[Finding, ...] = ()
    files: tuple[str, ...] = ()
    documents: int = 0
    invalid_documents: int = 0
    file_documents: tuple[tuple[str, int], ...] = ()
    stopped: bool = False
    cases: tuple[tuple[str, int, str, float], ...] = ()
    cached: int = field(default=0, compare=False)

    @property
    def errors(self) -> int:
        """Number of error findings."""
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        """Number of warning findings."""
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)

    @property
    def valid(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return self.errors == 0

    def summary(self) -> dict[str, Any]:
        """Counts for reporters: files, documents, errors, warnings, and findings per code."""
        return {
            "files": len(self.files),
            "documents": self.documents,
            "invalid_documents": self.invalid_documents,
            "errors": self.errors,
            "warnings": self.warnings,
            "cached": self.cached,
            "by_code": dict(sorted(Counter(f.code for f in self.findings).items())),
        }
