"""The ``--answers`` file of ``ohs setup``: TOML, one section per step.

Why TOML and not YAML (which the contest plugins read): ``ohs.toml`` is already TOML, so one syntax serves
the workspace and its setup; the standard library reads it (tomllib); dates are dates without quotes
(``order_date = 2026-01-12``); and nothing is guessed — YAML 1.1 turns an unquoted ИНН such as
``0274062111`` into a number without its leading zero and ``нет``/``no`` into booleans, while TOML refuses
a number with a leading zero outright, so such a value has to be quoted and is kept as written.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from core.errors import OhsError


def read_answers(path: Path, known: list[str]) -> dict[str, Any]:
    """The answers by section; an unreadable file or an unknown section is refused before any step runs."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise OhsError(f"Файла ответов {path} нет.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise OhsError(f"Файл ответов {path} не читается: {exc}.") from None
    except tomllib.TOMLDecodeError as exc:
        raise OhsError(f"Файл ответов {path} — не TOML: {exc}. Значения с ведущим нулём (ИНН) пишите в кавычках.") from None
    unknown = [key for key in data if key not in known]
    if unknown:
        raise OhsError(f"В файле ответов неизвестный раздел [{unknown[0]}]; возможны: {', '.join(known)}.")
    for key, value in data.items():
        if not isinstance(value, dict):
            raise OhsError(f"В файле ответов «{key}» должен быть разделом [{key}], а не значением.")
    return data
