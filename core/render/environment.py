"""The Jinja2 environment documents are rendered in, and the template → DOCX convenience.

- Sandboxed (``ImmutableSandboxedEnvironment``): a template edited by an organization cannot reach
  Python internals or change the data it is given.
- ``StrictUndefined`` and no ``None``: a missing value stops the document with the template, line
  and field named, instead of leaving a blank in a paper someone will sign.
- Autoescape on: every value is plain text in the markup; ``finalize`` cleans control characters
  and turns typed line breaks and tabs into ``<br/>`` and ``<tab/>``.
- Lookup: ``<workspace>/templates/<namespace>/<file>`` first, then the built-in/plugin folders,
  so an organization changes any document by copying one file. ``builtin:<name>`` skips the
  workspace (for an override that extends the original). A name cannot leave those folders and a
  template must be a regular file, not a link (``core.render.template_files``).
- Limits: a render stops with a Russian sentence when it runs too long or produces too much, and
  operators and filters that could build a huge value in one step are checked (``core.render.limits``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, StrictUndefined, Template, TemplateNotFound
from jinja2.exceptions import (
    SecurityError,
    TemplateError,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment

from core.errors import OhsError
from core.render import limits
from core.render.sandbox import DocumentEnvironment
from core.render.template_files import read_regular_file, regular_file, split_template_name
from core.render.textclean import EmptyValueError, value_to_markup

#: The templates shipped with the toolkit: one folder per plugin, ``base/`` for shared blocks. Found beside the
#: ``core`` package (installed side by side), not by importing ``templates``: a workspace has a ``templates/``
#: folder of its own, and with the current folder on ``sys.path`` (``python -m core``) that import found it.
BUILTIN_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
BUILTIN_PREFIX = "builtin:"


def fail(message: str) -> None:
    """Template global ``{{ fail("…") }}``: stop with the author's own Russian message."""
    raise OhsError(str(message))


class NamespacedLoader(BaseLoader):
    """Loads ``"<namespace>/<file>"``: the workspace copy first, then the registered folders."""

    def __init__(self, namespaces: Mapping[str, Sequence[Path]], workspace: Path | None) -> None:
        self.namespaces = {key: [Path(p) for p in paths] for key, paths in namespaces.items()}
        self.workspace = Path(workspace) if workspace else None
        #: file path -> (template name, True if it came from the workspace), for error messages
        self.origins: dict[str, tuple[str, bool]] = {}

    def _places(self, template: str) -> list[tuple[Path, list[str], bool]]:
        """(root, path pieces below it, from the workspace) for each place ``template`` may be."""
        builtin_only = template.startswith(BUILTIN_PREFIX)
        name = template[len(BUILTIN_PREFIX) :] if builtin_only else template
        if "/" not in name:
            return []
        namespace, pieces = split_template_name(name)  # refuses "..", "/etc", "\\", "C:", NUL
        found: list[tuple[Path, list[str], bool]] = []
        if self.workspace and not builtin_only:
            found.append((self.workspace, [namespace, *pieces], True))
        found += [(folder, pieces, False) for folder in self.namespaces.get(namespace, ())]
        return found

    def candidates(self, template: str) -> list[tuple[Path, bool]]:
        """Files that could hold ``template``, in lookup order, each with its workspace flag."""
        return [(root.joinpath(*pieces), from_workspace) for root, pieces, from_workspace in self._places(template)]

    def get_source(self, environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        """Jinja's loader protocol: source, file name, and an up-to-date check.

        A symbolic link or anything but a regular file is refused, not skipped: an override that
        silently falls back to the built-in text would be as wrong as one that reads ``/etc/passwd``.
        """
        shown = template.removeprefix(BUILTIN_PREFIX)
        for root, pieces, from_workspace in self._places(template):
            path = regular_file(root, pieces, shown)
            if path is None:
                continue
            data, mtime = read_regular_file(path, shown)
            try:
                source = data.decode("utf-8-sig")  # Notepad on Windows adds a BOM
            except UnicodeDecodeError:
                raise OhsError(
                    f"Шаблон {template} ({path}) сохранён не в кодировке UTF-8: "
                    "откройте его в редакторе и сохраните как UTF-8."
                ) from None
            self.origins[str(path)] = (shown, from_workspace)
            return source, str(path), lambda path=path, mtime=mtime: _same_mtime(path, mtime)
        raise TemplateNotFound(template)

    def list_templates(self) -> list[str]:
        """Every template name visible through this loader."""
        names: set[str] = set()
        roots = [(ns, folder) for ns, folders in self.namespaces.items() for folder in folders]
        if self.workspace and self.workspace.is_dir():
            roots += [(entry.name, entry) for entry in self.workspace.iterdir()
                      if entry.is_dir() and not entry.is_symlink()]
        for namespace, folder in roots:
            for path in folder.rglob("*.j2"):
                if path.is_symlink() or not path.is_file():
                    continue  # refused by get_source; not offered either
                names.add(f"{namespace}/{path.relative_to(folder).as_posix()}")
        return sorted(names)


def _same_mtime(path: Path, mtime: float) -> bool:
    try:
        return path.stat().st_mtime == mtime
    except OSError:
        return False


def russian_filters() -> dict[str, Callable[..., Any]]:
    """The Russian filters of ``core.render.russian`` (``date_words``, ``initials``…)."""
    from core.render.russian import FILTERS

    return dict(FILTERS)


def namespaces_from_dirs(dirs: Iterable[Path]) -> dict[str, list[Path]]:
    """Group template folders by their name (``templates/suot`` → namespace ``suot``).

    Plugins' ``template_dirs()`` hook returns bare folders; their names are the namespaces.
    """
    grouped: dict[str, list[Path]] = {}
    for folder in dirs:
        grouped.setdefault(Path(folder).name, []).append(Path(folder))
    return grouped


def make_environment(
    template_dirs: Mapping[str, Path | Sequence[Path]],
    workspace_templates: Path | None = None,
    *,
    filters: Mapping[str, Callable[..., Any]] | None = None,
) -> DocumentEnvironment:
    """A sandboxed, strict, autoescaping environment over namespaced template folders.

    ``template_dirs`` maps a namespace (plugin name, ``"base"``) to its folder(s); the template
    name is ``"<namespace>/<file>"`` and a workspace override lives at
    ``<workspace_templates>/<namespace>/<file>``. ``base`` is added from the built-in templates
    unless given. The Russian filters are registered when ``core.render.russian`` exists;
    ``filters`` adds or replaces filters.
    """
    namespaces: dict[str, list[Path]] = {}
    for namespace, folders in template_dirs.items():
        namespaces[namespace] = [Path(folders)] if isinstance(folders, (str, os.PathLike)) else [
            Path(folder) for folder in folders
        ]
    namespaces.setdefault("base", [BUILTIN_TEMPLATES / "base"])
    env = DocumentEnvironment(
        loader=NamespacedLoader(namespaces, workspace_templates),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=value_to_markup,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["fail"] = fail
    env.filters.update(russian_filters())
    if filters:
        env.filters.update(filters)
    return env


def render_markup(env: ImmutableSandboxedEnvironment, template_name: str, context: Mapping[str, Any]) -> str:
    """Render a template to structure markup; template faults become a Russian :class:`OhsError`.

    The render is streamed and stopped at the limits of :mod:`core.render.limits` (time, length).
    """
    budget = limits.start_render()
    try:
        return _render(env.get_template(template_name), context)
    except limits.TemplateLimitError as exc:
        frames = _template_frames(env, exc)
        if not frames:  # the output cap, counted outside the template
            raise limits.TemplateLimitError(f"Шаблон {template_name}: {exc.message}") from None
        name, line, filename = frames[-1]
        raise limits.TemplateLimitError(f"Шаблон {name}, строка {line}: {exc.message}",
                                        [_source_line(filename, line)]) from None
    except OhsError as exc:
        # A filter's own error (a name it cannot decline…) gains the place it came from.
        frames = _template_frames(env, exc)
        if not frames:
            raise
        name, line, _ = frames[-1]
        raise OhsError(f"Шаблон {name}, строка {line}: {exc.message}", exc.details) from None
    except TemplateNotFound as exc:
        raise OhsError(_not_found(env, template_name, exc)) from None
    except TemplateSyntaxError as exc:
        name = exc.name or template_name
        raise OhsError(
            f"Шаблон {name}, строка {exc.lineno}: ошибка в записи шаблона ({exc.message}).",
            [_source_line(exc.filename, exc.lineno)] if exc.filename else None,
        ) from None
    except Exception as exc:  # noqa: BLE001 - every template fault must reach the user as one sentence
        # Chained, so that ``--debug`` still shows where a filter of ours went wrong.
        raise _runtime_error(env, template_name, exc) from exc
    finally:
        limits.end_render(budget)


def _render(template: Template, context: Mapping[str, Any]) -> str:
    """``Template.render``, with the output collected by :func:`core.render.limits.collect`.

    What ``Template.generate`` does, without its extra generator layer (8 % of a journal's render).
    """
    try:
        return limits.collect(template.root_render_func(template.new_context(dict(context))))
    except Exception:  # noqa: BLE001 - re-raised by Jinja with the template's lines in the traceback
        template.environment.handle_exception()
        raise  # not reached: handle_exception always raises


def render_docx(
    env: ImmutableSandboxedEnvironment,
    template_name: str,
    context: Mapping[str, Any],
    out_path: str | os.PathLike[str],
    **options: Any,
) -> Path:
    """Render ``template_name`` with ``context`` and write the DOCX to ``out_path``.

    ``options`` go to :func:`core.render.docx_writer.write_docx` (``split_rows``, ``page``).
    """
    from core.render.docx_writer import write_docx

    markup = render_markup(env, template_name, context)
    return write_docx(markup, out_path, source=template_name, **options)


def _not_found(env: ImmutableSandboxedEnvironment, requested: str, exc: TemplateNotFound) -> str:
    missing = exc.name or requested
    loader = env.loader
    where = ""
    if isinstance(loader, NamespacedLoader):
        try:
            places = [str(path) for path, _ in loader.candidates(missing)]
        except (TemplateNotFound, OhsError):
            places = []
        if places:
            where = " (искали: " + "; ".join(places) + ")"
        else:
            where = " (имя шаблона пишется как «папка/файл», например suot/policy.xml.j2)"
    suffix = f", его подключает {requested}" if missing != requested else ""
    return f"Шаблон {missing} не найден{suffix}{where}."


_UNDEFINED_PATTERNS = (
    re.compile(r"has no attribute '([^']+)'"),
    re.compile(r"'([^']+)' is undefined"),
    re.compile(r"has no element '?([^')]+)'?"),
)
_CHAIN = re.compile(r"[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*|\[\s*['\"]?[^\]]*?['\"]?\s*\])*")
_EXPRESSION = re.compile(r"\{\{(.*?)\}\}")


def _template_frames(env: ImmutableSandboxedEnvironment, exc: BaseException) -> list[tuple[str, int, str]]:
    """(template name, line, file) for each template frame of the traceback, outermost first."""
    origins = env.loader.origins if isinstance(env.loader, NamespacedLoader) else {}
    frames = []
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename in origins:
            frames.append((origins[filename][0], tb.tb_lineno, filename))
        tb = tb.tb_next
    return frames


def _source_line(filename: str | None, line: int) -> str:
    try:
        text = Path(filename).read_text(encoding="utf-8-sig").splitlines()[line - 1].strip()  # type: ignore[arg-type]
    except (OSError, IndexError, TypeError, UnicodeDecodeError):
        return f"строка {line}"
    return f"строка {line}: {text[:200]}"


def _field(missing: str, line: str, attribute: bool) -> str | None:
    """The dotted path a reader recognizes (``org.inn``) for a missing name in a source line.

    For a missing attribute only a chain that reaches the name through a dot counts: a bare
    ``{{ position }}`` inside a macro is the parameter, not where the value went missing.
    """
    for chain in _CHAIN.findall(line):
        parts = [part.strip().strip("'\"") for part in re.split(r"\.|\[", chain.replace("]", "")) if part.strip()]
        if missing in parts[1:] if attribute else missing in parts:
            index = parts.index(missing, 1 if attribute else 0)
            return ".".join(parts[: index + 1])
    return None


def _missing_field(exc: Exception, frames: list[tuple[str, int, str]]) -> tuple[str, str, int, str]:
    """(field, template, line, file) of an undefined value: the innermost frame that shows it."""
    message = str(exc)
    missing = next((found.group(1) for pattern in _UNDEFINED_PATTERNS if (found := pattern.search(message))), "")
    attribute = "has no attribute" in message or "has no element" in message
    for name, line, filename in reversed(frames):
        text = _source_line(filename, line).split(": ", 1)[-1]
        field = _field(missing, text, attribute) if missing else None
        if field:
            return field, name, line, filename
    name, line, filename = frames[-1] if frames else ("", 0, "")
    return missing or message, name, line, filename


def _runtime_error(env: ImmutableSandboxedEnvironment, template_name: str, exc: Exception) -> OhsError:
    frames = _template_frames(env, exc)
    name, line, filename = frames[-1] if frames else (template_name, 0, "")
    at = f"Шаблон {name}, строка {line}" if line else f"Шаблон {name}"
    source = _source_line(filename, line) if filename else ""
    details = [source] if source else []
    details += [f"вызван из {outer}, строка {outer_line}" for outer, outer_line, _ in reversed(frames[:-1])]
    text = source.split(": ", 1)[1] if ": " in source else ""
    if isinstance(exc, SecurityError):
        attribute = re.search(r"attribute '([^']+)'", str(exc))
        what = f"к недоступному атрибуту «{attribute.group(1)}»" if attribute else "к недоступному объекту"
        return OhsError(
            f"{at} обращается {what}: в шаблонах доступны только данные документа и фильтры.", details
        )
    if isinstance(exc, UndefinedError):
        field, where_name, where_line, where_file = _missing_field(exc, frames)
        if where_line and (where_name, where_line) != (name, line):
            # The value went missing in the caller; the macro line that used it goes to details.
            at = f"Шаблон {where_name}, строка {where_line}"
            details = [_source_line(where_file, where_line), f"использовано в {name}: {source}"]
        return OhsError(
            f"{at}: нет значения поля {field}. Заполните его в данных или уберите из шаблона.", details
        )
    if isinstance(exc, EmptyValueError):
        expressions = [expr.strip() for expr in _EXPRESSION.findall(text)]
        shown = " или ".join(f"«{{{{ {expr} }}}}»" for expr in expressions) or "выражение"
        return OhsError(
            f"{at}: пустое значение (None) в {shown}. Заполните его в данных или проверьте "
            "его в шаблоне через {% if … %}.",
            details,
        )
    kind = "ошибка шаблона" if isinstance(exc, TemplateError) else f"ошибка при подстановке ({type(exc).__name__})"
    return OhsError(f"{at}: {kind}: {exc}.", details)
