"""Shared steps of the ppe tests: a small organization with a norm, run commands as a user would."""

from __future__ import annotations

import json

TODAY = "2026-11-23"
CLEANER = "Уборщик служебных помещений"


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


def setup_org(invoke, ws):
    """A director, two cleaners (one hired recently, one dismissed) and the cleaners' norm from 2025-01-01."""
    run(invoke, ws, "people", "add", "Ульянова Марина Александровна", "--position", "Директор",
        "--hired-on", "2015-01-01", "--gender", "f")
    run(invoke, ws, "org", "set", "name=МБУ «Спортивная школа № 7»", "short_name=МБУ СШ № 7", "head=Ульянова")
    run(invoke, ws, "people", "add", "Петрова Анна Ивановна", "--position", CLEANER, "--hired-on", "2020-03-02",
        "--department", "Хозяйственный отдел", "--gender", "f")
    run(invoke, ws, "people", "add", "Сидоров Олег Петрович", "--position", CLEANER, "--hired-on", "2026-11-02",
        "--department", "Хозяйственный отдел", "--gender", "m")
    # A hazard basis names a hazard of the risk register's catalogue (by its wording or code).
    run(invoke, ws, "risk", "hazard", "add", "--group", "other", "--text", "Контакт с моющими средствами",
        "--code", "own.detergents", "--today", "2025-01-01")
    run(invoke, ws, "risk", "assess", "--hazard", "own.detergents", "--position", CLEANER, "--probability", "3",
        "--severity", "2", "--controls", "СИЗ рук", "--on", "2025-01-01", "--today", "2025-01-01")
    run(invoke, ws, "ppe", "norm", "add", CLEANER, "--item", "Халат", "--qty", "1", "--period", "12",
        "--basis", "etn:Прил. 1", "--from", "2025-01-01")
    run(invoke, ws, "ppe", "norm", "add", CLEANER, "--item", "Перчатки резиновые", "--qty", "12", "--unit", "пара",
        "--period", "6", "--basis", "hazard:Контакт с моющими средствами", "--from", "2025-01-01")
    run(invoke, ws, "ppe", "norm", "add", CLEANER, "--item", "Перчатки из полимерных материалов", "--qty", "12",
        "--unit", "пара", "--period", "6", "--basis", "etn:Прил. 1", "--or", "2", "--from", "2025-01-01")
    run(invoke, ws, "ppe", "norm", "add", CLEANER, "--item", "Очки защитные", "--qty", "1", "--period",
        "до износа", "--basis", "own:решение директора", "--from", "2025-01-01")
