"""core.io.atomic on its own: staged files follow the transaction (and its savepoints); standalone writes are whole."""

from __future__ import annotations

import os
import stat

import pytest
from sqlalchemy import create_engine
from sqlmodel import Session

from core.errors import OhsError
from core.io.atomic import pending_files, write_atomic


@pytest.fixture
def engine(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    yield engine
    engine.dispose()


def _names(folder):
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("db.sqlite"))


def test_staged_file_appears_only_at_commit(engine, tmp_path):
    target = tmp_path / "out" / "a.txt"
    with Session(engine) as session, session.begin():
        files = pending_files(session)
        files.mkdir(target.parent)
        temp = files.write(target, "новое")
        assert not target.exists() and temp.read_text(encoding="utf-8") == "новое"
        assert files.current(target) == temp
    assert target.read_text(encoding="utf-8") == "новое"
    assert _names(target.parent) == ["a.txt"]
    mode = stat.S_IMODE(target.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask  # not mkstemp's 0600


def test_rollback_removes_what_was_staged_and_the_folders_made(engine, tmp_path):
    old = tmp_path / "old.txt"
    old.write_text("прежний", encoding="utf-8")
    target = tmp_path / "new" / "deep" / "b.txt"
    with pytest.raises(RuntimeError), Session(engine) as session, session.begin():
        files = pending_files(session)
        files.mkdir(target.parent)
        files.write(target, "x")
        files.write(old, "заменённый")
        raise RuntimeError("сбой после записи")
    assert not (tmp_path / "new").exists()
    assert old.read_text(encoding="utf-8") == "прежний"
    assert _names(tmp_path) == ["old.txt"]


def test_savepoint_rollback_drops_only_its_files(engine, tmp_path):
    kept, dropped = tmp_path / "kept.txt", tmp_path / "dropped.txt"
    with Session(engine) as session, session.begin():
        files = pending_files(session)
        savepoint = session.begin_nested()
        files.write(kept, "1")
        savepoint.commit()
        savepoint = session.begin_nested()
        files.write(dropped, "2")
        savepoint.rollback()
        assert not kept.exists()  # a released savepoint is not the commit
    assert kept.read_text(encoding="utf-8") == "1"
    assert not dropped.exists()
    assert _names(tmp_path) == ["kept.txt"]


def test_write_atomic_keeps_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "t.xlsx"
    write_atomic(target, b"old")

    def broken(temp):
        temp.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OhsError, match="нет места"):
        write_atomic(target, broken)
    assert target.read_bytes() == b"old"
    assert _names(tmp_path) == ["t.xlsx"]
