"""A step of ``ohs setup`` and the answers it reads, with Russian errors that name the key.

A step reads its answers from one section of the answers file (``[profile]``, ``[head]``…) or, in a
terminal, asks for them; either way the answers reach ``run`` as the same dict, are checked there and
only then written through the plain command's service, in the step's own transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.app import App
    from core.storage.models import Organization


class AnswerError(OhsError):
    """A wrong answer: the message names the section and the key («[head] person: …»)."""


@dataclass
class StepContext:
    """What a step works with: the open transaction, the organization, the date and how to talk to the user."""

    app: App
    session: Session
    org: Organization
    today: datetime.date
    #: Relative paths in the answers (the HR file) are read from here: the answers file's folder or the cwd.
    base_dir: Path
    #: True in a terminal without ``--answers``: the step may ask for confirmation.
    interactive: bool = False
    confirm: Callable[[str, bool], bool] = field(default=lambda _question, default: default)


@dataclass(frozen=True)
class FormField:
    """One question of a step as the desk's ``/setup`` asks it; its answer lands under ``key`` in the section.

    ``kind``: ``text``, ``date``, ``number``, ``flag`` (a checkbox: true/false), ``person`` (a worker by
    number, СНИЛС or ФИО), ``lines`` (one value a line: a list), ``select`` (one of the keys ``choices(ctx)``
    offers as ``(key, title)``), ``choices`` (checkboxes: a list of those keys), ``departments`` (a worker per department: a table).
    """

    key: str
    label: str
    kind: str = "text"
    required: bool = False
    hint: str = ""
    choices: Callable[[StepContext], list[tuple[str, str]]] | None = None
    default: Any = None


@dataclass(frozen=True)
class SetupStep:
    """One step: its section of the answers file, a title, its place, how to ask and how to apply.

    ``ask(prompt)`` collects the answers in a terminal (``prompt`` is :class:`Prompt`) and returns
    the section as a dict, or None to skip the step; ``run(ctx, answers)`` checks every answer, then
    writes through the services, and returns the lines to print. ``keys``: the keys the section may
    hold (an unknown one is refused by name); ``always``: run even when the answers have no section
    (the pack and the check); ``fields``: the questions of the desk's form (none: the step runs with a button,
    or, without ``always``, is done elsewhere on the desk).
    """

    key: str
    title: str
    order: int
    run: Callable[[StepContext, Answers], list[str]]
    ask: Callable[[Prompt, StepContext], dict[str, Any] | None] | None = None
    keys: tuple[str, ...] = ()
    always: bool = False
    fields: tuple[FormField, ...] = ()


class Answers:
    """One section of the answers with typed getters; every error names ``[section] key``."""

    def __init__(self, section: str, data: dict[str, Any], keys: tuple[str, ...] = ()) -> None:
        self.section = section
        self.data = dict(data or {})
        if keys:
            unknown = [k for k in self.data if k not in keys]
            if unknown:
                raise self.error(unknown[0], f"неизвестный ключ; в разделе [{section}] возможны: {', '.join(keys)}")

    def error(self, key: str, message: str) -> AnswerError:
        """The Russian error for ``key``."""
        return AnswerError(f"Ответы, раздел [{self.section}], ключ {key}: {message}.")

    def has(self, key: str) -> bool:
        """The key is present and not empty."""
        return self.data.get(key) not in (None, "", [], {})

    def text(self, key: str, required: bool = False) -> str | None:
        """A string (numbers are taken as written: ИНН 7107000000)."""
        value = self.data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise self.error(key, "не указан (обязательный ключ)")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.error(key, f"должна быть строка, а не «{value}»")
        return " ".join(str(value).split())

    def date(self, key: str, required: bool = False) -> datetime.date | None:
        """A date: TOML's 2026-01-15 or the string «2026-01-15»."""
        value = self.data.get(key)
        if value in (None, ""):
            if required:
                raise self.error(key, "не указана дата (обязательный ключ), например 2026-01-15")
            return None
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value
        try:
            return datetime.date.fromisoformat(str(value).strip())
        except ValueError:
            raise self.error(key, f"«{value}» — не дата; пишите ГГГГ-ММ-ДД, например 2026-01-15") from None

    def flag(self, key: str, default: bool) -> bool:
        """true/false (in a terminal: да/нет)."""
        value = self.data.get(key, default)
        if isinstance(value, bool):
            return value
        from core.registry.validation import parse_yes_no

        try:
            return bool(parse_yes_no(str(value)))
        except OhsError:
            raise self.error(key, f"должно быть true или false, а не «{value}»") from None

    def integer(self, key: str, default: int | None, low: int, high: int) -> int | None:
        """A whole number between ``low`` and ``high``."""
        value = self.data.get(key, default)
        if value is None:
            return None
        try:
            number = int(str(value).strip()) if not isinstance(value, bool) else None
        except ValueError:
            number = None
        if number is None or not low <= number <= high:
            raise self.error(key, f"должно быть целым числом от {low} до {high}, а не «{value}»")
        return number

    def texts(self, key: str) -> list[str]:
        """A list of strings (one string is a list of one)."""
        value = self.data.get(key)
        if value in (None, ""):
            return []
        items = value if isinstance(value, list) else [value]
        if not all(isinstance(v, str | int) and not isinstance(v, bool) for v in items):
            raise self.error(key, "должен быть список строк, например [\"Иванов\", \"Петров\"]")
        return [" ".join(str(v).split()) for v in items if str(v).strip()]

    def table(self, key: str) -> dict[str, Any]:
        """A TOML table (``[section.key]``)."""
        value = self.data.get(key) or {}
        if not isinstance(value, dict):
            raise self.error(key, f"должен быть раздел [{self.section}.{key}] с парами «название = значение»")
        return value

    def person(self, ctx: StepContext, key: str, required: bool = True) -> Any:
        """A worker named by number, СНИЛС or ФИО, as every command resolves one (``resolve_person``)."""
        from core.registry.people import resolve_person

        ref = self.text(key, required)
        if ref is None:
            return None
        try:
            return resolve_person(ctx.session, ctx.org, ref)
        except OhsError as exc:
            raise self.error(key, exc.message.rstrip(".")) from None


class Prompt:
    """Questions in a terminal (click); an empty answer to an optional question leaves it out.

    A step asked again after a wrong answer offers what was typed the first time as the default, so only
    the wrong answer needs retyping (the step's transaction, and the values in it, were rolled back).
    """

    def __init__(self) -> None:
        self.typed: dict[str, str] = {}

    def text(self, question: str, default: str | None = None, required: bool = False) -> str | None:
        """A line of text."""
        import click

        default = self.typed.get(question) or default
        while True:
            value = click.prompt(question, default=default or "", show_default=bool(default)).strip()
            if value or not required:
                if value:
                    self.typed[question] = value
                return value or None
            click.echo("  Нужен ответ.")

    def yes(self, question: str, default: bool = True) -> bool:
        """Да или нет."""
        import click

        return click.confirm(question, default=default)

    def items(self, question: str) -> list[str]:
        """Several values separated by «;» (names contain commas rarely, semicolons never)."""
        value = self.text(question + " (через «;»)") or ""
        return [v.strip() for v in value.split(";") if v.strip()]
