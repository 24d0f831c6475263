"""The core's own contributions, made through the same hooks as every plugin."""

from __future__ import annotations

from pathlib import Path

from core.hookspecs import hookimpl

CORE_DIR = Path(__file__).parent
TEMPLATES_DIR = CORE_DIR.parent / "templates"


@hookimpl
def register_models(register):
    """Core tables: organizations, departments, people, roles, audit log, commissions, journal heads, briefings."""
    from core.journal.briefing_models import BRIEFING_MODELS
    from core.registry.commission_models import COMMISSION_MODELS
    from core.documents.models import DOCUMENT_MODELS
    from core.journal.models import JOURNAL_MODELS
    from core.storage.models import CORE_MODELS

    for model in (*CORE_MODELS, *DOCUMENT_MODELS, *COMMISSION_MODELS, *JOURNAL_MODELS, *BRIEFING_MODELS):
        register(model)


@hookimpl
def migration_dirs():
    """The core's migration branch."""
    return [CORE_DIR / "migrations" / "versions"]


@hookimpl
def template_dirs():
    """Shared blocks (letterhead, approval blocks, signatures) under the ``base`` namespace."""
    return [TEMPLATES_DIR / "base"]


@hookimpl
def checks(ctx):
    """Organization requisites that documents need and that are not filled in yet."""
    from core.registry.org import profile_findings

    return profile_findings(ctx.session, ctx.org, ctx.today)


@hookimpl
def stats(ctx):
    """People and departments kept in the register."""
    from core.registry.people import register_stats

    return register_stats(ctx.session, ctx.org)


@hookimpl
def due_items(ctx, until):
    """Workers who must acknowledge the current version of a document."""
    from core.documents.registry import acknowledgement_due

    return acknowledgement_due(ctx.session, ctx.org, ctx.pm, ctx.today)


@hookimpl
def journals():
    """The briefing journal (the core keeps it: every plugin's workers are briefed)."""
    from core.journal.briefings import briefing_journal

    return [briefing_journal()]


@hookimpl
def stored_files(ctx):
    """Every registered document version's file."""
    from core.io.integrity import document_files

    return document_files(ctx.session, ctx.org, ctx.workspace)


@hookimpl
def web_pages():
    """Сегодня, работники, документы, инструктажи and the calendar feed (``ohs serve``)."""
    from core.web.builtin_pages import core_pages

    return core_pages()
