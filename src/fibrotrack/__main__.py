"""``python -m fibrotrack`` runs the CLI."""

from fibrotrack.cli import main

main()
