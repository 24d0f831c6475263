"""Hooks the ppe plugin calls and other plugins implement (declared by the consumer, as DESIGN asks).

Added to the plugin manager by ``core.plugins.get_plugin_manager`` through ``plugins.ppe.HOOKSPECS``;
implementations are marked ``@hookimpl(optionalhook=True)`` so they stay harmless when ppe is disabled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.hookspecs import hookspec

if TYPE_CHECKING:
    from core.context import Context


@hookspec(firstresult=True)
def ppe_risk_register(ctx: Context) -> dict[str, Any] | None:
    """The hazards and current risk assessments a norm's ``hazard`` basis refers to (ЕТН, Приложение № 2).

    Returns ``{"hazards": [{"code", "text"}], "risks": [{"ref", "hazard_code", "hazard", "position",
    "department", "controls", "measures"}]}``: every hazard of the catalogue; the assessments current on
    ``ctx.today`` with ``position`` and ``department`` (either may be None), the controls in place (text or
    None) and the texts of the plan's measures linked to the risk that are not cancelled. None (or no
    implementation): no risk register is kept, and a hazard basis is free text.
    """
