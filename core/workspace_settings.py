"""Changing settings in ``ohs.toml`` without losing the user's comments and layout.

Why not re-dump the parsed file: tomli-w would drop every comment the user (and ``ohs init``) wrote. The
section's ``key = value`` lines are replaced or added in place, the result is parsed back before it is
written (a broken ``ohs.toml`` is never produced), and the file is written through the session's pending
files, so it changes only if the command commits.
"""

from __future__ import annotations

import re
import tomllib
from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.workspace import Workspace

_SECTION = re.compile(r"^\s*\[([^\[\]]+)\]\s*(#.*)?$")


def updated_text(text: str, section: str, values: dict[str, Any]) -> str:
    """``text`` with ``[section]``'s keys set to ``values`` (added where absent; the section added at the end)."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if (m := _SECTION.match(line)) and m.group(1).strip() == section),
                 None)
    if start is None:
        block = [f"[{section}]", *(_inline(k, v) for k, v in values.items())]
        return "\n".join([*lines, "", *block]).lstrip("\n") + "\n"
    end = next((i for i in range(start + 1, len(lines)) if _SECTION.match(lines[i])), len(lines))
    pending = dict(values)
    i = start + 1
    while i < end:
        key = lines[i].split("=", 1)[0].strip() if "=" in lines[i] and not lines[i].lstrip().startswith("#") else None
        if key in pending:
            last = _value_end(lines, i, end)
            lines[i:last + 1] = [_inline(key, pending.pop(key))]
            end -= last - i
        i += 1
    insert_at = end
    while insert_at > start + 1 and not lines[insert_at - 1].strip():
        insert_at -= 1  # new keys go after the section's last line, before the blank lines that close it
    lines[insert_at:insert_at] = [_inline(k, v) for k, v in pending.items()]
    return "\n".join(lines) + "\n"


def _inline(key: str, value: Any) -> str:
    """``key = value`` on one line (tomli-w spreads arrays over several lines, which a line editor cannot follow)."""
    from core.workspace import toml_line

    if isinstance(value, list):
        return f"{toml_line(key, '')[:-2]}[{', '.join(toml_line('x', v)[4:] for v in value)}]"
    return toml_line(key, value)


def _value_end(lines: list[str], first: int, end: int) -> int:
    """The last line of the value starting at ``first`` (a multi-line array or string spans several)."""
    for last in range(first, end):
        try:
            tomllib.loads("\n".join(lines[first:last + 1]))
            return last
        except tomllib.TOMLDecodeError:
            continue
    return first


def set_settings(session: Session, workspace: Workspace, section: str, values: dict[str, Any]) -> dict[str, Any]:
    """Set keys of ``[section]`` in ``ohs.toml`` (written at commit); returns the section as it will read.

    The workspace's settings in memory change at once, so the rest of the command sees them.
    """
    from core.io.atomic import pending_files

    path = workspace.config_path
    files = pending_files(session)
    try:
        text = files.current(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise OhsError(f"Файл {path} не читается ({exc}); настройки не изменены.") from None
    new_text = updated_text(text, section, values)
    try:
        parsed = tomllib.loads(new_text)
    except tomllib.TOMLDecodeError as exc:  # a hand-edited file the line editor cannot follow
        raise OhsError(f"Не удалось записать раздел [{section}] в {path}: {exc}; впишите его вручную.") from None
    files.write(path, new_text, replace=True)
    workspace.config[section] = parsed.get(section, {})
    return workspace.config[section]
