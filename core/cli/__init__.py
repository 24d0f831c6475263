"""The command line ``ohs``: the root group (``root``), lazily loaded commands (``commands/``), output and errors.

Commands parse arguments, open one transaction and call services; they hold no business logic.
"""
