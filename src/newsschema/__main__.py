"""``python -m newsschema`` runs the CLI."""

from newsschema.cli import main

main()
