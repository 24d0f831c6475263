"""Where on the desk an item of «Сегодня» is resolved: the page that records what the item asks for.

Items come from every plugin's ``due_items`` and ``checks``; the page is chosen from what they already
carry (the kind of a due item and its record, the command a finding names as its fix), so plugins
need not know the web layer. Items whose page is not built yet get no link (the command is shown).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlencode

if TYPE_CHECKING:
    from core.obligations.checks import Finding
    from core.obligations.due import DueItem

#: Briefing kinds of ``due_items`` → the kind the «Провести инструктаж» form is opened with.
BRIEFING_DUE_KINDS = {"briefing_repeat": "repeat", "briefing_break": "unscheduled", "briefing_primary": "primary",
                      "briefing_intro": "intro"}

_FIX_PAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"ohs docs make ([a-z_]+)"), "/documents/kind/{0}"),
    (re.compile(r"ohs docs (?:approve|ack)"), "/documents"),
    (re.compile(r"ohs suot pack"), "/documents"),
    (re.compile(r"ohs briefing "), "/briefings/new"),
    (re.compile(r"ohs people (?:add|edit|import)"), "/people"),
)


def due_link(item: DueItem) -> str | None:
    """The page that resolves a due item, or None."""
    prefix, _, key = item.record.partition(":")
    if item.kind in BRIEFING_DUE_KINDS:
        # The subject reads «Архипов А.А., Заместитель директора…»: the name is what the form resolves.
        who = key if prefix == "person" else item.subject.split(",")[0]
        return "/briefings/new?" + urlencode({"kind": BRIEFING_DUE_KINDS[item.kind], "people": who})
    if prefix == "document" and key.isdigit():
        return f"/documents/{key}"
    if prefix == "person" and key.isdigit():
        return f"/people/{key}"
    return None


def finding_link(finding: Finding) -> str | None:
    """The page that resolves a finding of ``ohs check``, or None."""
    for pattern, url in _FIX_PAGES:
        match = pattern.search(finding.fix or "")
        if match:
            return url.format(*match.groups())
    return None
