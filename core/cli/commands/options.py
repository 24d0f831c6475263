"""Option types shared by commands: ISO dates, ``--json``, ``--today``."""

from __future__ import annotations

import datetime
from typing import Any

import click


class IsoDate(click.ParamType):  # type: ignore[type-arg]  # generic in recent click only
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


# -- the reproducible date: one taxonomy (README «Соглашения командной строки») ---------------------------
#: ``--today``: the day the command acts as (default: core.clock.today()); ``--on``: the day a recorded fact
#: happened; ``--as-of``: the day a report or listing is computed for. Any other date option is named after
#: the field it fills (``--order-date``, ``--valid-until``, ``--deadline``…).
DATE_TAXONOMY = ("--today", "--on", "--as-of")


def renamed_options(**renames: str) -> Any:
    """Keep an option's old spelling working after a rename, hidden from ``--help``, with a note on stderr.

    Use above ``@click.command``: ``@renamed_options(date="--on")`` makes ``--date X`` (and ``--date=X``)
    mean ``--on X``. The old spelling is rewritten before click parses the arguments, so it needs no
    option of its own: ``--help`` lists only the new one, and ``required=True`` on the new one is met.
    """
    mapping = {f"--{old.replace('_', '-')}": new for old, new in renames.items()}

    def apply(command: click.Command) -> click.Command:
        known: dict[str, str] = {**getattr(command, "deprecated_options", {}), **mapping}
        command.deprecated_options = known  # type: ignore[attr-defined]
        original = command.parse_args

        def parse_args(ctx: click.Context, args: list[str]) -> list[str]:
            return original(ctx, _rewrite(args, known))

        command.parse_args = parse_args  # type: ignore[method-assign]
        return command

    return apply


def _rewrite(args: list[str], known: dict[str, str]) -> list[str]:
    """``args`` with deprecated option names replaced by the current ones (each noted once on stderr)."""
    result: list[str] = []
    noted: set[str] = set()
    for index, arg in enumerate(args):
        if arg == "--":  # everything after is a value, not an option
            result.extend(args[index:])
            break
        name, sep, value = arg.partition("=")
        new = known.get(name)
        if new is None:
            result.append(arg)
            continue
        if name not in noted:
            noted.add(name)
            click.echo(f"Параметр {name} устарел и будет удалён; пишите {new}.", err=True)
        result.append(f"{new}{sep}{value}")
    return result
