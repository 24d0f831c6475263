"""Findings of ``ohs check``, merged from every plugin's ``checks`` hook."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.context import Context


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


def collect_findings(ctx: Context) -> list[Finding]:
    """All plugins' findings as of ``ctx.today``, the most severe first."""
    found = [f for batch in ctx.hook.checks(ctx=ctx) for f in batch or ()]
    return sorted(found, key=lambda f: (SEVERITIES.index(f.severity), f.source, f.title, f.subject))
