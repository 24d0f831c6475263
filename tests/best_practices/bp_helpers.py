"""Shared steps of the best-practice tests: run a command as a user would and read its answer."""

from __future__ import annotations

import json

TODAY = "2026-11-23"


def run(invoke, ws, *args):
    """Run ``ohs -w WS …`` and expect success."""
    result = invoke("-w", ws, *args)
    assert result.exit_code == 0, result.output
    return result.output


def jrun(invoke, ws, *args):
    """Run with ``--json`` and parse the answer."""
    return json.loads(run(invoke, ws, *args, "--json"))


def refused(invoke, ws, *args):
    """Run and expect a refusal; returns the message."""
    result = invoke("-w", ws, *args)
    assert result.exit_code == 1, result.output
    return result.stderr


def setup_org(invoke, ws, number=7):
    """A small organization: head, OSH specialist, a coach; municipality set for the default addressee."""
    run(invoke, ws, "people", "add", "Ульянова Марина Александровна", "--position", "Директор",
        "--hired-on", "2015-01-01")
    run(invoke, ws, "people", "add", "Колесникова Ольга Викторовна", "--position", "Специалист по охране труда",
        "--role", "specialist",
        "--hired-on", "2019-01-01")
    run(invoke, ws, "people", "add", "Серов Виктор Иванович", "--position", "Тренер-преподаватель",
        "--hired-on", "2012-01-01")
    run(invoke, ws, "org", "set", f"name=МБУ «Спортивная школа № {number}»", f"short_name=МБУ СШ № {number}",
        "inn=7106045124",
        "legal_address=300041, г. Тула, ул. Советская, 1", "municipality=муниципальное образование город Тула",
        "head=Ульянова М.А.", "--today", "2026-01-10")


def add_practice(invoke, ws, title, implemented, *extra, category="technique", today=TODAY):
    """Add a practice with the required fields; returns its JSON."""
    return jrun(invoke, ws, "practice", "add", "--category", category, "--title", title,
                "--description", f"Описание: {title}", "--effect", f"Эффект: {title}", "--implemented", implemented,
                "--today", today, *extra)
