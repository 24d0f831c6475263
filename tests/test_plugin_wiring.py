"""``core.plugins.standard_hooks``: the three wiring hooks give what a hand-written plugin gives."""

from __future__ import annotations

import types

import pluggy

from core import hookspecs
from core.plugins import TEMPLATES_ROOT, standard_hooks


def test_standard_hooks_answer_like_the_hand_written_ones():
    import plugins.ppe as ppe
    from plugins.ppe.models import PPE_MODELS

    plugin = types.ModuleType("wired_ppe")
    plugin.template_dirs, plugin.migration_dirs, plugin.register_models = standard_hooks(
        ppe.__file__, "plugins.ppe.models:PPE_MODELS")
    pm = pluggy.PluginManager("ohs")
    pm.add_hookspecs(hookspecs)
    pm.register(plugin)
    pm.check_pending()
    assert pm.hook.template_dirs() == [[TEMPLATES_ROOT / "ppe"]] == [ppe.template_dirs()]
    assert pm.hook.migration_dirs() == [ppe.migration_dirs()]
    assert pm.hook.migration_dirs()[0][0].is_dir()
    registered = []
    pm.hook.register_models(register=registered.append)
    assert registered == list(PPE_MODELS)
