"""``python -m core`` runs the ``ohs`` command line."""

from core.cli.root import main

main()
