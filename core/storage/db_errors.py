"""Russian sentences for database failures, without the statement's parameters.

``str()`` of a SQLAlchemy error holds the SQL and its parameters — the names and СНИЛС of the people
being written. Nothing here ever shows it: the kind of failure is read from the driver's error
(SQLite's message prefix, PostgreSQL's SQLSTATE and diagnostics), and only table and column names
reach the user.
"""

from __future__ import annotations

import re
from typing import Any

from core.errors import OhsError

#: PostgreSQL SQLSTATE codes of constraint violations and schema lookups.
_PG_UNIQUE, _PG_NOT_NULL, _PG_FOREIGN_KEY, _PG_CHECK = "23505", "23502", "23503", "23514"
_PG_NO_TABLE, _PG_NO_COLUMN = "42P01", "42703"
_SQLITE_CONSTRAINT = re.compile(r"^(UNIQUE|NOT NULL|FOREIGN KEY|CHECK) constraint failed(?::\s*(.*))?$")
_AFTER_FIX = "изменения не сохранены"


def database_error_message(exc: BaseException, url: str | None = None) -> OhsError | None:
    """The Russian sentence for ``exc`` if it is a SQLAlchemy error (None otherwise)."""
    from sqlalchemy import exc as sa_exc

    if not isinstance(exc, sa_exc.SQLAlchemyError):
        return None
    if isinstance(exc, sa_exc.DBAPIError):
        orig = exc.orig
        first = str(orig).strip().splitlines()[0] if str(orig).strip() else ""
        code = getattr(orig, "sqlstate", None) or getattr(getattr(orig, "diag", None), "sqlstate", None)
        if isinstance(exc, sa_exc.IntegrityError):
            return OhsError(_integrity(orig, first, code))
        if isinstance(exc, (sa_exc.OperationalError, sa_exc.ProgrammingError)):
            return _operational(orig, first, code, url)
        if isinstance(exc, sa_exc.DataError):
            return OhsError(f"Значение не подходит для поля базы данных (слишком длинное или другого типа); {_AFTER_FIX}.")
    return OhsError(
        f"Ошибка при работе с базой данных ({type(exc).__name__}); {_AFTER_FIX}; подробности — с параметром --debug."
    )


def _integrity(orig: Any, first: str, code: str | None) -> str:
    diag = getattr(orig, "diag", None)
    if code:  # PostgreSQL: the diagnostics name the table and column, never the values
        table, column = getattr(diag, "table_name", None) or "?", getattr(diag, "column_name", None)
        constraint = getattr(diag, "constraint_name", None) or ""
        kind = {_PG_UNIQUE: "UNIQUE", _PG_NOT_NULL: "NOT NULL", _PG_FOREIGN_KEY: "FOREIGN KEY",
                _PG_CHECK: "CHECK"}.get(code, "")
        where = f"{table}.{column}" if column else (f"{table} ({constraint})" if constraint else table)
    else:  # SQLite: «UNIQUE constraint failed: core_person.snils» — names only
        match = _SQLITE_CONSTRAINT.match(first)
        kind, where = (match.group(1), match.group(2) or "") if match else ("", "")
    if kind == "UNIQUE":
        return f"Такая запись уже есть: повторяется значение {where}; {_AFTER_FIX}."
    if kind == "NOT NULL":
        return f"Не заполнено обязательное поле {where}; {_AFTER_FIX}."
    if kind == "FOREIGN KEY":
        return f"Запись ссылается на запись, которой нет (или на неё ссылаются другие записи); {_AFTER_FIX}."
    if kind == "CHECK":
        return f"Значение не прошло проверку базы данных {where}; {_AFTER_FIX}."
    return f"Запись нарушает целостность данных; {_AFTER_FIX}."


def _operational(orig: Any, first: str, code: str | None, url: str | None) -> OhsError:
    from core.storage.db import database_locked_message, describe_url, sqlite_file

    lower = first.lower()
    where = describe_url(url) if url else "базы данных"
    database = sqlite_file(url) if url else None
    if "locked" in lower or "busy" in lower:
        return OhsError(database_locked_message())
    if "readonly database" in lower or "read-only" in lower:
        return OhsError(f"Файл базы данных {database or where} доступен только для чтения; "
                        "разрешите запись в него и в его папку и повторите команду.")
    if "disk is full" in lower or "no space" in lower:
        return OhsError(f"На диске нет места для базы данных {database or where}; освободите место и повторите команду.")
    if "unable to open database file" in lower and database is not None and _read_only(database.parent):
        # SQLite in WAL mode writes beside the file (-wal, -shm) even to read, so a read-only folder fails here.
        return OhsError(f"Папка базы данных {database.parent} доступна только для чтения, а SQLite нужно писать "
                        "рядом с файлом даже для чтения; скопируйте рабочую папку туда, где разрешена запись.")
    if "unable to open database file" in lower:
        return OhsError(f"Не удалось открыть файл базы данных {database or where}: проверьте, что папка существует "
                        "и доступна для записи.")
    table = re.match(r"no such table: (\S+)", first) or re.match(r'relation "([^"]+)" does not exist', first)
    column = re.match(r"no such column: (\S+)", first) or re.match(r'column "?([^" ]+)"? .*does not exist', first)
    if code == _PG_NO_TABLE or table:
        name = table.group(1) if table else "?"
        return OhsError(f"В базе данных нет таблицы {name}: схема не соответствует программе; "
                        "проверьте её командой «ohs db status --check».")
    if code == _PG_NO_COLUMN or column:
        name = column.group(1) if column else "?"
        return OhsError(f"В базе данных нет столбца {name}: схема не соответствует программе; "
                        "проверьте её командой «ohs db status --check».")
    if "connection" in lower or "could not connect" in lower or "server" in lower:
        return OhsError(f"Не удалось подключиться к базе данных {where}: {_masked(first)}. "
                        "Проверьте адрес базы и что сервер запущен.")
    return OhsError(f"Не удалось работать с базой данных ({_masked(first)}); {_AFTER_FIX}.")


def _masked(text: str) -> str:
    """The driver's first line with SQL string literals hidden (a value could be a person's data)."""
    return re.sub(r"'[^']*'", "'…'", text).rstrip(".")


def _read_only(folder: Any) -> bool:
    """True when ``folder`` exists but cannot be written (a read-only mount or missing permission)."""
    import os

    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY) or not os.access(folder, os.W_OK)
    except OSError:
        return False
