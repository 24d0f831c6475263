"""Template lookup for documents: the workspace's ``templates/`` first, then the plugins' own."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import OhsError

if TYPE_CHECKING:
    import pluggy

    from core.workspace import Workspace


def builtin_namespaces(pm: pluggy.PluginManager) -> dict[str, list[Path]]:
    """Namespace → folders, from every plugin's ``template_dirs`` (``templates/suot`` → ``suot``)."""
    from core.render.environment import namespaces_from_dirs

    return namespaces_from_dirs(Path(d) for batch in pm.hook.template_dirs() for d in batch or ())


def document_environment(pm: pluggy.PluginManager, workspace: Workspace | None):
    """The sandboxed Jinja2 environment over the workspace's overrides and the built-in templates."""
    from core.render.environment import make_environment

    return make_environment(builtin_namespaces(pm), workspace.templates_dir if workspace else None)


def template_name(pm: pluggy.PluginManager, key: str) -> str:
    """A document kind's template, or the key itself when it already names a template."""
    from core.documents.kinds import collect_kinds

    kinds = collect_kinds(pm)
    if key in kinds:
        return kinds[key].template
    if "/" in key:
        return key
    known = ", ".join(sorted(kinds)) or "пока нет ни одного"
    raise OhsError(f"«{key}» — не вид документа и не имя шаблона (пространство/файл); виды: {known}.")


def builtin_template_path(pm: pluggy.PluginManager, name: str) -> Path:
    """The built-in file behind ``namespace/file``."""
    namespace, _, rest = name.partition("/")
    for folder in builtin_namespaces(pm).get(namespace, []):
        candidate = folder / rest
        if candidate.is_file():
            return candidate
    raise OhsError(f"Встроенного шаблона {name} нет.")


def copy_template(pm: pluggy.PluginManager, workspace: Workspace, name: str, force: bool = False) -> Path:
    """Put a built-in template into the workspace, where it overrides the built-in one."""
    source = builtin_template_path(pm, name)
    target = workspace.templates_dir / name
    if target.exists() and not force:
        raise OhsError(f"Шаблон {target} уже есть в рабочей папке; правьте его или укажите --force, чтобы заменить.")
    from core.io.atomic import write_atomic

    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, lambda tmp: shutil.copyfile(source, tmp))
    return target
