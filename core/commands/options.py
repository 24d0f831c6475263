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
        from core.validation import ValidationError, parse_date

        try:
            return parse_date(str(value), field=param.human_readable_name if param else "дата")
        except ValidationError as exc:
            self.fail(f"{exc.message} Пишите даты как 2026-11-23.", param, ctx)


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
