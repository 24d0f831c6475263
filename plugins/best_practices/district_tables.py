"""The district summary as XLSX, for the administration's own tables: organizations, then practices."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def summary_rows(summary: dict[str, Any]) -> list[list[Any]]:
    """One row per organization: name, status, date sent, outgoing number, version, late, practices."""
    rows = []
    for o in summary["organizations"]:
        if o["submitted"]:
            status = "направлен с опозданием" if o["late"] else "направлен"
        else:
            status = "не направлен, срок истёк" if o["overdue"] else "не направлен"
        rows.append([o["name"], status, o["submitted_on"] or "", o["number"] or "", o["version"] or "",
                     o["practices"] if o["submitted"] else ""])
    return rows


def practice_rows(summary: dict[str, Any]) -> list[list[Any]]:
    """Every reported practice with its category and organization (nothing personal: no authors)."""
    return [[c["short"], p["organization"], p["title"], p["description"] or "", p["effect"] or "", p["since"],
             p["spread"]] for c in summary["categories"] for p in c["practices"]]


def write_summary_xlsx(path: Path, summary: dict[str, Any]) -> None:
    """Write the summary to ``path``: «Организации» and «Практики» sheets."""
    from core.io.xlsx import SheetSpec, write_table

    orgs = SheetSpec(title="Организации", headers=["Организация", "Отчёт", "Дата отправки", "Исх. №", "Редакция",
                                                  "Практик"], autofilter=True)
    practices = SheetSpec(title="Практики", headers=["Область", "Организация", "Практика", "Описание", "Эффект",
                                                    "Внедрена", "Распространение"], autofilter=True)
    write_table(path, orgs, summary_rows(summary), more=[(practices, practice_rows(summary))])
