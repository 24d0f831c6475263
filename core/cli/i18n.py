"""Russian text for click's own messages («Использование:», «Параметры», errors).

click marks its strings with the standard ``gettext`` functions, looked up at run time through
module-level ``_``/``ngettext`` names. Shipping a compiled ``.mo`` catalogue would depend on the
user's locale variables; a specialist with ``LANG=C`` must still read Russian, so the names are
rebound to a small translation table once, when the CLI is built.
"""

from __future__ import annotations

import importlib

MESSAGES: dict[str, str] = {
    "Usage:": "Использование:",
    "Options": "Параметры",
    "Commands": "Команды",
    "Positional arguments": "Аргументы",
    "Show this message and exit.": "Показать эту справку и выйти.",
    "Show the version and exit.": "Показать версию и выйти.",
    "%(prog)s, version %(version)s": "%(prog)s, версия %(version)s",
    "Error: {message}": "Ошибка: {message}",
    "Try '{command} {option}' for help.": "Справка: «{command} {option}».",
    "Aborted!": "Прервано.",
    "Missing argument": "Не указан аргумент",
    "Missing option": "Не указан параметр",
    "Missing parameter": "Не указано значение",
    "Missing parameter: {param_name}": "Не указано значение: {param_name}",
    "Missing {param_type}": "Не указан {param_type}",
    "Missing command.": "Не указана команда.",
    "No such command {name!r}.": "Нет такой команды: {name!r}.",
    "No such option {name!r}.": "Нет такого параметра: {name!r}.",
    "Option {name!r} does not take a value.": "Параметр {name!r} не принимает значения.",
    "Invalid value for {param_hint}: {message}": "Неверное значение {param_hint}: {message}",
    "Invalid value: {message}": "Неверное значение: {message}",
    "Argument {name!r} takes {nargs} values.": "Аргумент {name!r} принимает {nargs} значения.",
    "{value!r} is not a valid {number_type}.": "{value!r} — не {number_type}.",
    "{value} is not in the range {range}.": "{value} вне диапазона {range}.",
    "{value!r} is not a valid UUID.": "{value!r} — не UUID.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} не существует.",
    "{name} {filename!r} is a file.": "{name} {filename!r} — это файл.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} — это папка.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} недоступен для чтения.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} недоступен для записи.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} не исполняемый.",
    "Could not open file {filename!r}: {message}": "Не удалось открыть файл {filename!r}: {message}",
    "file": "Файл",
    "directory": "Папка",
    "path": "Путь",
    "default: {default}": "по умолчанию: {default}",
    "env var: {var}": "переменная окружения: {var}",
    "required": "обязательно",
    "Choose from:\n\t{choices}": "Выберите из:\n\t{choices}",
    "Do you want to continue?": "Продолжить?",
    "Confirm the action without prompting.": "Подтвердить без вопроса.",
    "Repeat for confirmation": "Повторите для подтверждения",
    "Error: The two entered values do not match.": "Ошибка: введённые значения не совпадают.",
    "Error: invalid input": "Ошибка: неверный ввод",
    "Value must be an iterable.": "Значение должно быть списком.",
    "deprecated": "устарело",
    "integer": "целое число",
    "float": "число",
}

PLURALS: dict[str, str] = {
    "Got unexpected extra argument ({args})": "Лишний аргумент: {args}",
    "Option {name!r} requires an argument.": "Параметру {name!r} нужно значение.",
    "{value!r} is not {choice}.": "{value!r} — не {choice}.",
    "{value!r} does not match the format {format}.": "{value!r} не соответствует формату {format}.",
    "Did you mean {possibility}?": "Может быть, {possibility}?",
    "Takes {nargs} values but 1 was given.": "Нужно {nargs} значения, а дано одно.",
    "{len_type} values are required, but {len_value} was given.": "Нужно {len_type} значений, а дано {len_value}.",
}

# The plural forms in click's catalogue map to one Russian phrasing each.
_PLURAL_RU = {
    "Got unexpected extra arguments ({args})": "Лишние аргументы: {args}",
    "Option {name!r} requires {nargs} arguments.": "Параметру {name!r} нужно {nargs} значения.",
    "{value!r} is not one of {choices}.": "{value!r} — не одно из: {choices}.",
    "{value!r} does not match the formats {formats}.": "{value!r} не соответствует форматам {formats}.",
    "(Did you mean one of: {possibilities}?)": "(Может быть, одно из: {possibilities}?)",
    "Takes {nargs} values but {len} were given.": "Нужно {nargs} значения, а дано {len}.",
    "{len_type} values are required, but {len_value} were given.": "Нужно {len_type} значений, а дано {len_value}.",
}

_CLICK_MODULES = ("core", "exceptions", "formatting", "parser", "types", "decorators", "termui")
_installed = False


def gettext(message: str) -> str:
    """Translate one of click's messages; unknown ones stay as they are."""
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate one of click's plural messages."""
    if n == 1:
        return PLURALS.get(singular, singular)
    return _PLURAL_RU.get(plural, plural)


def install() -> None:
    """Rebind click's translation functions to the Russian table (idempotent)."""
    global _installed
    if _installed:
        return
    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
    _installed = True
