"""The hazard → СИЗ link of the ЕТН (Приложение № 2) with the risk register, through the hook ``ppe_risk_register``.

A norm line whose basis is a hazard (``--basis hazard:КОД``) names a hazard of the register's
catalogue (its code, or its wording, stored as the code). ``ohs check`` then says:
- a hazard basis that is not in the catalogue, or not assessed at any workplace of that position;
- a current risk whose measures are СИЗ (its controls or a linked measure of the plan say so: the
  words are data, plugins/ppe/data/risk_link.toml) while the norm of an exposed position has no line
  resting on that hazard.
The register belongs to another plugin (suot): it is asked through the hook and never imported; with
no register the hazard basis stays free text and these checks are silent.
"""

from __future__ import annotations

import datetime
import functools
import re
import tomllib
from typing import TYPE_CHECKING, Any

from core.errors import OhsError
from plugins.ppe.journal import fold_item

if TYPE_CHECKING:
    import pluggy
    from sqlmodel import Session

    from core.obligations.checks import Finding
    from core.storage.models import Organization

SOURCE = "ppe"


@functools.lru_cache(maxsize=1)
def _markers() -> re.Pattern[str]:
    """The words that make a risk's measure a СИЗ measure, as one pattern (whole words, «ё» folded)."""
    from plugins.ppe.regulation import DATA_DIR

    with (DATA_DIR / "risk_link.toml").open("rb") as fh:
        words = tomllib.load(fh)["ppe_measure_words"]
    return re.compile("|".join(rf"(?<!\w){re.escape(fold_item(w))}(?!\w)" for w in words))


def is_ppe_measure(text: str | None) -> bool:
    """Whether a control or a measure of the plan is the issue of СИЗ («диэлектрические СИЗ»)."""
    return bool(text) and _markers().search(fold_item(text)) is not None


def risk_register(session: Session, org: Organization, today: datetime.date,
                  pm: pluggy.PluginManager | None) -> dict[str, Any] | None:
    """The register the hook gives (None without a plugin keeping one, or without a plugin manager)."""
    if pm is None:
        return None
    from core.context import Context

    return pm.hook.ppe_risk_register(ctx=Context.of(session, org, pm, today=today))


def resolve_hazard(session: Session, org: Organization, ref: str, today: datetime.date,
                   pm: pluggy.PluginManager | None) -> str:
    """The catalogue's code for ``ref`` (a code or the hazard's wording); refused naming ``--basis`` when unknown."""
    register = risk_register(session, org, today, pm)
    if register is None:
        return ref
    for hazard in register["hazards"]:
        if hazard["code"] == ref or fold_item(hazard["text"]) == fold_item(ref):
            return hazard["code"]
    raise OhsError(f"Опасности «{ref}» (--basis hazard:…) нет в перечне опасностей реестра рисков; укажите её код "
                   "из списка: ohs risk hazard list (или добавьте свою: ohs risk hazard add).")


def hazard_texts(session: Session, org: Organization, today: datetime.date,
                 pm: pluggy.PluginManager | None) -> dict[str, str]:
    """Code → wording, for documents to print the hazard rather than its code (empty without a register)."""
    register = risk_register(session, org, today, pm)
    return {h["code"]: h["text"] for h in register["hazards"]} if register else {}


def _exposed(session: Session, org: Organization, risk: dict[str, Any], today: datetime.date) -> set[str]:
    """The positions a risk concerns: its position, or everyone's in its department."""
    from core.registry.people import list_people

    if risk.get("position"):
        return {risk["position"]}
    if risk.get("department"):
        return {p.position for p in list_people(session, org, on=today, department=risk["department"])}
    return set()


def findings(session: Session, org: Organization, today: datetime.date,
             pm: pluggy.PluginManager | None) -> list[Finding]:
    """Hazard bases missing from the register, and СИЗ measures of risks that no norm line covers."""
    from core.obligations.checks import Finding
    from plugins.ppe.norms import current_norms, items_by_norm
    from plugins.ppe.regulation import regulation

    register = risk_register(session, org, today, pm)
    if register is None:
        return []
    rule = regulation().rule("hazard_ppe").citation
    codes = {h["code"]: h["text"] for h in register["hazards"]}
    assessed: dict[str, set[str]] = {}
    for risk in register["risks"]:
        for position in _exposed(session, org, risk, today):
            assessed.setdefault(position, set()).add(risk["hazard_code"])
    by_norm = items_by_norm(session, org)
    covered: dict[str, set[str]] = {}
    found: list[Finding] = []
    for norm in current_norms(session, org, today):
        for item in by_norm.get(norm.id, []):
            if item.basis_kind != "hazard":
                continue
            covered.setdefault(norm.position, set()).add(item.basis_ref)
            if item.basis_ref not in codes:
                found.append(Finding("warning", "Основание нормы — опасность, которой нет в реестре рисков", SOURCE,
                                     detail=f"Строка {item.line} «{item.name}»: опасность «{item.basis_ref}» не из "
                                            f"перечня опасностей ({rule}).",
                                     fix="ohs risk hazard list; затем ohs ppe norm add … --basis hazard:КОД",
                                     subject=norm.position))
            elif item.basis_ref not in assessed.get(norm.position, set()):
                found.append(Finding("warning", "Опасность из норм СИЗ не оценена в реестре рисков", SOURCE,
                                     detail=f"Строка {item.line} «{item.name}»: «{codes[item.basis_ref]}» "
                                            f"({item.basis_ref}) не оценена для должности ({rule}).",
                                     fix=f"ohs risk assess --hazard {item.basis_ref} --position \"{norm.position}\" …",
                                     subject=norm.position))
    for risk in register["risks"]:
        if not any(is_ppe_measure(t) for t in [risk.get("controls"), *risk.get("measures", ())]):
            continue
        for position in sorted(_exposed(session, org, risk, today)):
            if risk["hazard_code"] in covered.get(position, set()):
                continue
            found.append(Finding("warning", "Мера по риску — СИЗ, но в нормах должности их нет", SOURCE,
                                 detail=f"Риск {risk['ref']}: «{risk['hazard']}»; в мерах указаны СИЗ, а в нормах "
                                        f"выдачи должности нет строки с основанием hazard:{risk['hazard_code']} ({rule}).",
                                 fix=f"ohs ppe norm add \"{position}\" --item … --basis hazard:{risk['hazard_code']} …",
                                 subject=position))
    return found
