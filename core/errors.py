"""Errors a user can act on. Their text is shown as is, in Russian, without a traceback."""

from __future__ import annotations


class OhsError(Exception):
    """Bad input or a state the user must fix; the CLI prints the message and exits with 1."""

    exit_code = 1

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []


class NotFoundError(OhsError):
    """A record named on the command line does not exist."""


class WorkspaceError(OhsError):
    """The workspace is missing, already exists, or its settings are unreadable."""


class SchemaError(OhsError):
    """The database was written by a newer ohs-toolkit or cannot be migrated."""
