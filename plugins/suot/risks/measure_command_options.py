"""The options of a command that gives a risk or a control finding its measure: a new one of the plan or a link.

Only click at module level (command modules import this at start-up of their group).
"""

from __future__ import annotations

from collections.abc import Callable

import click

from core.cli.commands.options import ISO_DATE


def measure_options(purpose: str) -> Callable:
    """``--measure`` (``purpose`` says what the new measure does), its deadline, responsible, funding, expected
    result and cost, or ``--measure-id`` of an existing measure."""
    options = (
        click.option("--measure", "measure", default=None, help=f"Новое мероприятие плана {purpose}."),
        click.option("--deadline", type=ISO_DATE, default=None, metavar="ДАТА", help="Срок мероприятия."),
        click.option("--responsible", default=None, metavar="РАБОТНИК", help="Ответственный."),
        click.option("--funding", default=None, help="Источник финансирования."),
        click.option("--expected", default=None, help="Ожидаемый результат."),
        click.option("--cost", default=None, help="Стоимость, руб."),
        click.option("--measure-id", "measure_id", type=int, default=None, metavar="N",
                     help="Связать с уже существующим мероприятием плана."),
    )

    def decorate(command: Callable) -> Callable:
        for option in reversed(options):
            command = option(command)
        return command

    return decorate
