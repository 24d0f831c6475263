"""Where each kind of document stands: its versions, the one in force, and what data it still needs.

The web desk's «Документы» page: the same registry ``ohs docs list`` reads, and the same context
builders ``ohs docs make`` runs — tried in a savepoint that is always rolled back, so asking what a
document needs never writes anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.context import Context
    from core.documents.kinds import DocumentKind, MissingField
    from core.documents.models import Document


@dataclass
class KindState:
    """One kind: its versions (newest first), the approved one in force, the latest draft."""

    kind: DocumentKind
    versions: list[Document] = field(default_factory=list)

    @property
    def approved(self) -> Document | None:
        """The version in force (approved, not superseded)."""
        return next((d for d in self.versions if d.status == "approved"), None)

    @property
    def draft(self) -> Document | None:
        """The newest draft waiting for approval."""
        return next((d for d in self.versions if d.status == "draft"), None)


def kind_states(ctx: Context) -> list[KindState]:
    """Every kind the plugins can make, with its registered versions, in the plugins' registration order.

    pluggy answers the last registered plugin first; reversed, the СУОТ documents come before the
    contests' (``core.plugins.BUILTIN_PLUGINS``), each plugin's kinds in the order it lists them.
    """
    from core.documents.kinds import collect_kinds
    from core.documents.registry import list_documents

    kinds = collect_kinds(ctx.pm)  # refuses two plugins claiming one key
    ordered = [kind.key for batch in reversed(ctx.pm.hook.document_kinds()) for kind in batch or ()]
    states = {key: KindState(kinds[key]) for key in ordered}
    for doc in list_documents(ctx.session, ctx.org):
        if doc.kind in states:
            states[doc.kind].versions.insert(0, doc)
    return list(states.values())


@dataclass(frozen=True)
class Readiness:
    """What making a kind today would meet: the missing fields, or another refusal's sentence."""

    missing: list[MissingField]
    refusal: str = ""

    @property
    def ready(self) -> bool:
        """Nothing stands in the way."""
        return not self.missing and not self.refusal


def readiness(ctx: Context, kind: DocumentKind, options: dict[str, Any] | None = None) -> Readiness:
    """Build the kind's context as ``ohs docs make`` would, in a savepoint rolled back whatever happens."""
    from core.documents.context import common_context
    from core.documents.kinds import BuildRequest, MissingDataError
    from core.documents.rendering import build_context
    from core.errors import OhsError

    if ctx.workspace is None:
        raise OhsError("Документы делаются в рабочей папке: откройте её (ohs -w ПАПКА).")
    request = BuildRequest(session=ctx.session, org=ctx.org, today=ctx.today, workspace=ctx.workspace, pm=ctx.pm,
                           version=1, options=options or {})
    savepoint = ctx.session.begin_nested()
    try:
        context = common_context(ctx.session, ctx.org, kind, 1, ctx.today, None)
        build_context(kind, request, context)
    except MissingDataError as exc:
        return Readiness(missing=list(exc.fields))
    except OhsError as exc:
        return Readiness(missing=[], refusal=exc.form or exc.message)  # shown on the desk's pages only
    finally:
        savepoint.rollback()
    return Readiness(missing=[])
