"""Template lookup for documents: the workspace's ``templates/`` first, then the plugins' own."""

from __future__ import annotations

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
    """The built-in file behind ``namespace/file``: found only inside the plugins' template folders.

    The name is checked like the loader checks it (no ``..``, no absolute path, no backslash, no
    NUL), and the file must be a regular file reached without links.
    """
    from core.render.template_files import regular_file, split_template_name

    namespace, pieces = split_template_name(name)
    for folder in builtin_namespaces(pm).get(namespace, []):
        candidate = regular_file(folder, pieces, name)
        if candidate is not None:
            return candidate
    raise OhsError(f"Встроенного шаблона {name} нет.")


def read_builtin_template(pm: pluggy.PluginManager, name: str) -> str:
    """The text of the built-in template ``namespace/file`` (for ``ohs docs template show``)."""
    from core.render.template_files import read_regular_file

    data, _mtime = read_regular_file(builtin_template_path(pm, name), name)
    return data.decode("utf-8-sig")


def copy_template(pm: pluggy.PluginManager, workspace: Workspace, name: str, force: bool = False) -> Path:
    """Put a built-in template into the workspace, where it overrides the built-in one.

    The copy lands inside the workspace's ``templates/`` or nowhere: no folder on the way and not the
    file itself may be a link (``--force`` over a link to ``~/.bashrc`` would overwrite that file). It is
    written beside the target and renamed over it, so a stopped copy leaves no half-written template.
    """
    from core.render.template_files import read_regular_file, split_template_name, writable_target

    source = builtin_template_path(pm, name)
    namespace, pieces = split_template_name(name)
    root = workspace.templates_dir
    target = writable_target(root, [namespace, *pieces], name)
    if target.exists() and not force:
        raise OhsError(f"Шаблон {target} уже есть в рабочей папке; правьте его или укажите --force, чтобы заменить.")
    from core.io.atomic import write_atomic

    data, _mtime = read_regular_file(source, name)
    target.parent.mkdir(parents=True, exist_ok=True)
    writable_target(root, [namespace, *pieces], name)  # again: the folders now exist
    write_atomic(target, data)
    return target
