"""The answers file (the plugin's YAML interface): reading it strictly and writing the one ``facts`` makes.

The file ``facts`` writes is itself a valid answers file: what the data gives is filled in, the rest is
commented out with its allowed values, so the applicant uncomments and completes it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:
    from plugins.contest_digital.criteria import Edition
    from plugins.contest_digital.facts import Answer, Facts


def load_answers_file(path: Path) -> tuple[Edition, dict[str, Any]]:
    """The edition and answers of a YAML answers file; a malformed file is an error naming the place."""
    import yaml

    from plugins.contest_digital.scoring import parse_answers

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise OhsError(f"Файла ответов {path} нет; его можно начать командой ohs contest digital facts --out {path}.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise OhsError(f"Файл ответов {path} не прочитан: {exc}.") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", строка {mark.line + 1}" if mark is not None else ""
        raise OhsError(f"Файл ответов {path}{where}: это не YAML ({getattr(exc, 'problem', exc)}).") from None
    return parse_answers(data, str(path))


def file_answers(path: Path) -> tuple[Edition, dict[str, Answer]]:
    """The answers of a file, each marked as coming from it."""
    from plugins.contest_digital.facts import Answer

    edition, values = load_answers_file(path)
    return edition, {k: Answer(v, f"файл ответов {path.name}") for k, v in values.items()}


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _yaml_value(value: Any) -> str:
    # JSON is valid YAML for these values (strings, lists of strings, booleans, numbers) and reads back the same.
    return json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False)


def answers_yaml(edition: Edition, answers: dict[str, Answer], facts: Facts, org_name: str) -> str:
    """The answers file text: filled answers with their source, missing ones commented out with the choices."""
    lines = [
        f"# Ответы по показателям: {_one_line(edition.title)} (редакция {edition.edition}, {edition.act}).",
        f"# Составлено командой «ohs contest digital facts» на {facts.as_of:%d.%m.%Y} по данным: {_one_line(org_name)}.",
        "# Незаполненные показатели закомментированы: уберите «# » перед ключом и впишите ответ из списка.",
        "# Баллы: ohs contest digital score --answers ЭТОТ_ФАЙЛ",
        f'edition: "{edition.edition}"',
        "criteria:",
    ]
    for section in edition.sections:
        lines.append(f"  # --- {section.number}. {_one_line(section.title)} (до {section.max} баллов)")
        for c in section.criteria:
            answer = answers.get(c.key)
            if answer is None:
                lines.append(f"  # {c.number} {_one_line(c.title)}: НЕ ЗАПОЛНЕНО; возможны: {c.allowed()}")
                lines.append(f"  # {c.key}:")
            else:
                lines.append(f"  # {c.number} {_one_line(c.title)}: {_one_line(answer.source)}")
                lines.append(f"  {c.key}: {_yaml_value(answer.value)}")
    lines.append(f"# Количественные показатели промышленной эксплуатации (анкета, п. 4.2) на {facts.as_of:%d.%m.%Y}:")
    lines += [f"#   {_one_line(line)}" for line in facts.indicators_text().splitlines()]
    missing = [c for c in edition.criteria if c.key not in answers]
    if missing:
        lines.append("# Заполнить заявителю: " + ", ".join(f"criteria.{c.key}" for c in missing))
    return "\n".join(lines) + "\n"
