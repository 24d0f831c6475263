"""``python -m core`` runs the ``ohs`` command line."""

from core.cli import main

main()
