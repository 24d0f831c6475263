"""The core's own contributions, made through the same hooks as every plugin."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from core.hookspecs import hookimpl

if TYPE_CHECKING:
    from core.context import Context
    from core.io.integrity import StoredFile
    from core.journal import JournalSpec
    from core.obligations.checks import Finding
    from core.obligations.due import DueItem
    from core.payloads import Figure
    from core.web.pages import WebPage

CORE_DIR = Path(__file__).parent
TEMPLATES_DIR = CORE_DIR.parent / "templates"


@hookimpl
def register_models(register: Callable[[type], None]) -> None:
    """Core tables: organizations, departments, people, roles, audit log, commissions, journal heads, briefings,
    and the server's accounts."""
    from core.accounts.models import ACCOUNT_MODELS
    from core.journal.briefing_models import BRIEFING_MODELS
    from core.registry.commission_models import COMMISSION_MODELS
    from core.documents.models import DOCUMENT_MODELS
    from core.journal.models import JOURNAL_MODELS
    from core.storage.models import CORE_MODELS

    models: list[type] = [*CORE_MODELS, *DOCUMENT_MODELS, *COMMISSION_MODELS, *JOURNAL_MODELS, *BRIEFING_MODELS,
                          *ACCOUNT_MODELS]
    for model in models:
        register(model)


@hookimpl
def migration_dirs() -> list[Path]:
    """The core's migration branch."""
    return [CORE_DIR / "migrations" / "versions"]


@hookimpl
def template_dirs() -> list[Path]:
    """Shared blocks (letterhead, approval blocks, signatures) under the ``base`` namespace."""
    return [TEMPLATES_DIR / "base"]


@hookimpl
def checks(ctx: Context) -> list[Finding]:
    """Organization requisites that documents need and that are not filled in yet."""
    from core.registry.org import profile_findings

    return profile_findings(ctx.session, ctx.org, ctx.today)


@hookimpl
def stats(ctx: Context) -> list[Figure]:
    """People and departments kept in the register."""
    from core.registry.people import register_stats

    return register_stats(ctx.session, ctx.org)


@hookimpl
def due_items(ctx: Context, until: datetime.date) -> list[DueItem]:
    """Workers who must acknowledge the current version of a document."""
    from core.documents.registry import acknowledgement_due

    return acknowledgement_due(ctx.session, ctx.org, ctx.pm, ctx.today)


@hookimpl(tryfirst=True)
def journals() -> list[JournalSpec]:
    """The briefing journal (the core keeps it: every plugin's workers are briefed)."""
    from core.journal.briefings import briefing_journal

    return [briefing_journal()]


@hookimpl
def stored_files(ctx: Context) -> list[StoredFile]:
    """Every registered document version's file."""
    from core.io.integrity import document_files

    # Without a workspace (a district's shared database) there is no folder of files to check.
    return document_files(ctx.session, ctx.org, ctx.workspace) if ctx.workspace is not None else []


@hookimpl
def web_pages() -> list[WebPage]:
    """Сегодня, работники, документы, инструктажи and the calendar feed (``ohs serve``)."""
    from core.web.builtin_pages import core_pages

    return core_pages()
