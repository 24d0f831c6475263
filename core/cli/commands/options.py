"""Option types shared by commands: ISO dates, ``--json``, ``--today``."""

from __future__ import annotations

import datetime
from typing import Any

import click


class IsoDate(click.ParamType):
    """A date on the command line: ISO (2026-11-23), also accepted as 23.11.2026."""

    name = "ДАТА"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> datetime.date:
        """Parse the value or fail with a Russian usage message."""
        if isinstance(value, datetime.date):
            return value
        from core.registry.validation import ValidationError, parse_date

        try:
            return parse_date(str(value), field=_date_label(param))
        except ValidationError as exc:
            self.fail(f"{exc.message} Пишите даты как 2026-11-23.", param, ctx)


def _date_label(param: click.Parameter | None) -> str:
    """How a message names the date: by the option as the user typed it («дата --hired-on»).

    Never ``param.human_readable_name``: for an option that is the Python name («hired_on»), which the
    user never wrote and which parse_date would print capitalized («Hired_on»).
    """
    if isinstance(param, click.Option) and param.opts:
        return f"дата {max(param.opts, key=len)}"
    return "дата"


ISO_DATE = IsoDate()

json_option = click.option("--json", "as_json", is_flag=True, help="Вывести в формате JSON.")
today_option = click.option(
    "--today", type=ISO_DATE, default=None, metavar="ДАТА",
    help="Считать сегодняшней эту дату (для воспроизводимых результатов).",
)


def today_or(value: datetime.date | None) -> datetime.date:
    """``--today`` if given, else the toolkit's clock (``OHS_TODAY`` or the real date)."""
    from core.clock import today

    return value or today()
