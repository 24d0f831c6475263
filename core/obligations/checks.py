"""Findings of ``ohs check``, merged from every plugin's ``checks`` hook."""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pluggy
    from sqlmodel import Session

    from core.storage.models import Organization

#: Severity order: what must be fixed first comes first.
SEVERITIES = ("error", "warning", "info")
SEVERITY_TITLES = {"error": "нарушение", "warning": "предупреждение", "info": "сведения"}


@dataclass(frozen=True)
class Finding:
    """One finding: what is wrong, where, and how to put it right."""

    severity: str
    title: str
    source: str
    detail: str = ""
    fix: str = ""
    subject: str = ""

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return asdict(self)


def collect_findings(
    pm: pluggy.PluginManager, session: Session, org: Organization, today: datetime.date
) -> list[Finding]:
    """All plugins' findings, the most severe first."""
    found = [f for batch in pm.hook.checks(session=session, org=org, today=today) for f in batch or ()]
    return sorted(found, key=lambda f: (SEVERITIES.index(f.severity), f.source, f.title, f.subject))
