"""One Russian sentence, no traceback, no catch-all and no SQL parameters for the failures users meet."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import uuid

import click
import pytest
import sqlalchemy as sa

from core.storage.db import describe_url
from core.errors import OhsError, os_error
from core.hookspecs import hookimpl
from core.workspace import load_workspace

CATCH_ALL = "непредвиденный сбой"


def _one_clean_error(result, *must_contain: str) -> str:
    """The error output, checked to be one «Ошибка: …» line without a traceback or the catch-all."""
    assert result.exit_code == 1, result.output
    text = result.stderr
    assert "Traceback" not in result.output and CATCH_ALL not in text, text
    assert text.startswith("Ошибка: ") and text.count("\n") == 1, text
    for part in must_contain:
        assert part in text, text
    return text


# --- read-only folder, full disk ---------------------------------------------------------------

def _mount_tmpfs(target, options: str):
    """A tmpfs at ``target`` (root only): a read-only folder that even root cannot write, or a tiny full disk."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("нужен root и mount: только так папку делают недоступной для записи и для root")
    target.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"mount tmpfs не разрешён в этой среде: {done.stderr.decode(errors='replace').strip()}")
    return target


def _unmount(folder) -> None:
    import gc

    gc.collect()  # a failed writer's half-closed file objects still hold the mount
    if subprocess.run(["umount", str(folder)], capture_output=True).returncode != 0:
        subprocess.run(["umount", "-l", str(folder)], check=True)


@pytest.fixture
def readonly_dir(tmp_path):
    folder = _mount_tmpfs(tmp_path / "ro", "ro,size=64k")
    yield folder
    _unmount(folder)


@pytest.fixture
def full_dir(tmp_path):
    folder = _mount_tmpfs(tmp_path / "full", "size=4k")
    try:
        with open(folder / "filler", "wb") as fh:
            fh.write(b"\0" * 8192)
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    yield folder
    _unmount(folder)


@pytest.mark.parametrize("option, name", [("--xlsx", "x.xlsx"), ("--ics", "x.ics")])
def test_due_into_a_read_only_folder(invoke, demo, readonly_dir, option, name):
    result = invoke("-w", demo, "due", "--today", "2026-11-23", option, readonly_dir / name)
    _one_clean_error(result, f"«{readonly_dir / name}»", "только для чтения")
    assert os.listdir(readonly_dir) == []


def test_due_onto_a_full_disk(invoke, demo, full_dir):
    result = invoke("-w", demo, "due", "--today", "2026-11-23", "--xlsx", full_dir / "x.xlsx")
    _one_clean_error(result, str(full_dir / "x.xlsx"), "нет места")
    assert sorted(os.listdir(full_dir)) == ["filler"]


def test_init_in_a_read_only_folder(invoke, readonly_dir):
    result = invoke("init", readonly_dir / "ws")
    _one_clean_error(result, str(readonly_dir / "ws"), "только для чтения")


def test_a_workspace_on_a_read_only_disk(invoke, tmp_path):
    """SQLite writes beside its file even to read (WAL): the user is told the folder is read-only."""
    folder = _mount_tmpfs(tmp_path / "disk", "size=8m")
    try:
        import sys

        # Made by another process: no connection of this one keeps the disk busy for the remount.
        made = subprocess.run([sys.executable, "-m", "core", "init", str(folder / "ws")], capture_output=True)
        assert made.returncode == 0, made.stderr
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        result = invoke("-w", folder / "ws", "people", "list")
        _one_clean_error(result, str(folder / "ws"), "только для чтения")
    finally:
        _unmount(folder)


@pytest.mark.parametrize("code, words", [
    (errno.EROFS, "только для чтения"), (errno.EACCES, "недостаточно прав"),
    (errno.ENOSPC, "нет места"), (errno.EDQUOT, "квота"),
])
def test_each_disk_failure_anywhere_in_a_command_is_one_sentence(invoke, workspace, register, code, words):
    """A plugin's command failing deep inside (wrapped in another exception) still gets the sentence."""

    class Failing:
        @hookimpl
        def register_commands(self, cli):
            @cli.command(name="failing-write")
            def failing_write():
                """Проверочная команда."""
                try:
                    raise OSError(code, os.strerror(code), "/srv/отчёты/.квартал.xlsx.4242.tmp")
                except OSError as exc:
                    raise RuntimeError("writer gave up") from exc

    register(Failing())
    result = invoke("-w", workspace, "failing-write")
    _one_clean_error(result, "«/srv/отчёты/квартал.xlsx»", words)


def test_a_disk_failure_without_a_path_keeps_the_commands_own_path():
    cause = OSError(errno.ENOSPC, "No space left on device")
    wrapped = OhsError("Не удалось записать файл /x/отчёт.xlsx: No space left on device.")
    wrapped.__cause__ = cause
    assert os_error(wrapped).message == "Не удалось записать файл /x/отчёт.xlsx: на диске нет места."
    assert os_error(ValueError("other")) is None


# --- database addresses ------------------------------------------------------------------------

@pytest.mark.parametrize("url, words", [
    ("nonsense", "не читается"),
    ("mysql://user:secret@db.example/ohs", "не поддерживается"),
    ("oracle+cx_oracle://user:secret@db/x", "не поддерживается"),
])
def test_a_bad_database_url_is_refused_before_anything_is_written(invoke, tmp_path, url, words):
    result = invoke("--db", url, "init", tmp_path / "ws")
    text = _one_clean_error(result, words)
    assert "secret" not in text
    assert not (tmp_path / "ws").exists()
    other = invoke("--db", url, "-w", tmp_path, "people", "list")
    assert other.exit_code == 1 and CATCH_ALL not in other.stderr and "secret" not in other.stderr


def test_an_unreachable_server_is_named_without_its_password(invoke, tmp_path):
    result = invoke("--db", "postgresql://user:secret@127.0.0.1:1/none", "init", tmp_path / "ws")
    text = _one_clean_error(result, "Не удалось подключиться", "user:***@127.0.0.1:1")
    assert "secret" not in text


def test_urls_are_shown_with_the_password_masked():
    assert describe_url("postgresql://u:p%40ss@h:5432/d") == "postgresql://u:***@h:5432/d"
    assert describe_url("postgresql+psycopg://u:pw@h/d?options=-csearch_path%3Dx").startswith("postgresql+psycopg://u:***@h/d")
    assert describe_url("sqlite:////srv/ohs/общая.db") == "sqlite:////srv/ohs/общая.db"
    assert "pw" not in describe_url("not a url://u:pw@h")


@pytest.mark.parametrize("url", ["sqlite:///C:\\Users\\Охрана труда\\ohs.db", 'sqlite:///"quoted"\\ohs.db'])
def test_a_database_url_is_written_to_ohs_toml_so_that_it_reads_back(invoke, tmp_path, url):
    result = invoke("--db", url, "init", tmp_path / "ws")
    assert result.exit_code == 0, result.output
    assert load_workspace(tmp_path / "ws").database_url == url
    again = invoke("-w", tmp_path / "ws", "people", "list")
    assert again.exit_code == 0, again.output


# --- ohs.toml ---------------------------------------------------------------------------------

@pytest.mark.parametrize("top, rename, words", [
    ("organization = 5", "organization", "«organization» должен быть разделом [organization]"),
    ('database = "sqlite:///x.db"', "database", "«database» должен быть разделом [database]"),
    ("rules = 5", "rules", "«rules» должен быть разделом [rules]"),
    ("best_practices = true", None, "«best_practices» должен быть разделом [best_practices]"),
    (None, None, "«key = 5» — нужна строка"),
    (None, "url", "«url = 42» — нужна строка"),
])
def test_a_wrong_type_in_ohs_toml_is_one_sentence(invoke, workspace, top, rename, words):
    import re

    toml = workspace / "ohs.toml"
    text = re.sub(r"(?m)^url = .*$", "", toml.read_text(encoding="utf-8"))
    if top:  # a plain value before the first table is a top-level key
        text = f"{top}\n" + (text.replace(f"[{rename}]", f"[{rename}_old]", 1) if rename else text)
    elif rename == "url":
        text = text.replace("[database]", "[database]\nurl = 42", 1)
    else:
        text = re.sub(r'(?m)^key = "', 'key = 5\nold_key = "', text)
    toml.write_text(text, encoding="utf-8")
    result = invoke("-w", workspace, "due", "--today", "2026-11-23")
    _one_clean_error(result, str(toml), words)


def test_ohs_toml_with_a_byte_order_mark_is_read(invoke, workspace):
    toml = workspace / "ohs.toml"
    toml.write_bytes(b"\xef\xbb\xbf" + toml.read_bytes())
    assert invoke("-w", workspace, "org", "set", "name=Школа с BOM").exit_code == 0
    shown = invoke("-w", workspace, "org", "show")
    assert shown.exit_code == 0 and "Школа с BOM" in shown.output


# --- SQL parameters never shown ----------------------------------------------------------------

SECRET_NAME, SECRET_SNILS = "Тайнова Секрета", "112-233-445 95"


@pytest.mark.parametrize("statement, words", [
    # The organization key is unique: a duplicate violates it on both databases.
    ("INSERT INTO core_organization (key, name, short_name, legal_address, municipality, phone, email, website, "
     "created_at) SELECT key, :name, :snils, '', '', '', '', '', CURRENT_TIMESTAMP FROM core_organization",
     "Такая запись уже есть"),
    ("INSERT INTO core_person (org_id, surname, name, position, hired_on, osh_role, created_at) "
     "VALUES (NULL, :name, :snils, '', CURRENT_DATE, 'none', CURRENT_TIMESTAMP)", "Не заполнено обязательное поле"),
    ("INSERT INTO no_such_table (name, snils) VALUES (:name, :snils)", "нет таблицы no_such_table"),
])
def test_database_errors_never_show_sql_parameters(invoke, workspace, register, backend, statement, words):
    class Writer:
        @hookimpl
        def register_commands(self, cli):
            @cli.command(name="raw-write")
            @click.pass_obj
            def raw_write(app):
                """Проверочная команда."""
                with app.session() as session:
                    session.execute(sa.text(statement), {"name": SECRET_NAME, "snils": SECRET_SNILS})

    register(Writer())
    result = invoke("-w", workspace, "raw-write")
    text = _one_clean_error(result, words)
    assert SECRET_NAME not in text and SECRET_SNILS not in text and "INSERT" not in text


def test_a_statement_error_outside_the_driver_is_a_sentence_without_parameters(invoke, workspace, register):
    class Binder:
        @hookimpl
        def register_commands(self, cli):
            @cli.command(name="bad-bind")
            @click.pass_obj
            def bad_bind(app):
                """Проверочная команда."""
                with app.session() as session:  # a parameter the statement does not declare is missing
                    session.execute(sa.text("SELECT :name, :snils"), {"name": SECRET_NAME})

    register(Binder())
    text = _one_clean_error(invoke("-w", workspace, "bad-bind"), "Ошибка при работе с базой данных")
    assert SECRET_NAME not in text


def test_engines_hide_parameters_even_in_debug_reports(tmp_path):
    from core.storage.db import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / f'{uuid.uuid4().hex}.db'}")
    with pytest.raises(sa.exc.OperationalError) as caught, engine.connect() as conn:
        conn.execute(sa.text("INSERT INTO nowhere VALUES (:snils)"), {"snils": SECRET_SNILS})
    assert SECRET_SNILS not in str(caught.value)
    engine.dispose()
