"""The ``newsschema rules`` command."""

from __future__ import annotations

import sys

import click

from newsschema.cli._shared import (
    EXIT_USAGE,
)

__all__ = ["rules"]


@click.command()
@click.argument("code", required=False)
@click.option("--markdown", is_flag=True, help="Print the Markdown reference (docs/rules.md).")
def rules(code: str | None, markdown: bool) -> None:
    """List every code, or explain one (e.g. newsschema rules NS102)."""
    from newsschema.rules import ALL_CODES, FAMILIES, rules_markdown

    if markdown:
        click.echo(rules_markdown(ALL_CODES, FAMILIES), nl=False)
        return
    if code is None:
        for doc in ALL_CODES.values():
            click.echo(f"{doc.code}  {doc.severity!s:<7}  {doc.name:<32} {doc.summary}")
        return
    found = ALL_CODES.get(code.strip().upper())
    if found is None:
        click.echo(
            f"newsschema rules: unknown code {code!r}; `newsschema rules` lists them", err=True
        )
        sys.exit(EXIT_USAGE)
    doc = found
    family = FAMILIES.get(doc.code[:3], "")
    click.echo(f"{doc.code} {doc.name} ({doc.severity}; {family})\n")
    click.echo(f"{doc.summary}\n")
    click.echo(f"{doc.rationale}\n")
    click.echo(f"Bad:\n    {doc.bad}\n")
    click.echo(f"Good:\n    {doc.good}")
