"""Quarters and the district's settings (``[best_practices]`` in ``ohs.toml``).

There is no federal form or duty for this report (REGULATION §9): the district asks for it, so the
addressee, the deadline and whether an empty quarter needs a report are the district's settings::

    [best_practices]
    addressee = "Заместителю главы администрации города Тулы\\nИванову И.И."
    deadline_day = 25          # число месяца
    deadline_month = 3         # месяц квартала: 1–3; 4 — первый месяц следующего квартала
    empty_quarter_report = true  # отчитываться и о квартале без новой практики
    required = true            # отчёт обязателен (по умолчанию — если организация уже отчитывалась)
    district = false           # эта рабочая папка — администрации района (ohs practice district)
    since = 2026-01-01         # с какого квартала отчитываться (по умолчанию — с первого направленного)
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.errors import OhsError
from core.render.russian_dates import Quarter

if TYPE_CHECKING:

    from core.storage.models import Organization
    from core.workspace import Workspace

SECTION = "best_practices"
#: The seed letter 002: «в срок до 25 числа … месяца отчётного квартала»; the last month is assumed.
DEFAULT_DAY = 25
DEFAULT_MONTH = 3
RULE = ("Письмо администрации о передовом опыте в области охраны труда: ежеквартально до {day} числа "
        "({where}); срок — настройка [best_practices] в ohs.toml")


def make_quarter(year: int, number: int) -> Quarter:
    """A quarter from user input, refused with a Russian sentence when impossible."""
    if not 1 <= number <= 4:
        raise OhsError(f"Квартала {number} нет; укажите --quarter от 1 до 4.")
    if not 2000 <= year <= 2100:
        raise OhsError(f"Год {year} вне допустимого диапазона; укажите --year, например 2026.")
    return Quarter(year, number)


@dataclass(frozen=True)
class Settings:
    """The district's settings for this organization's report."""

    addressee: str | None = None
    deadline_day: int = DEFAULT_DAY
    deadline_month: int = DEFAULT_MONTH
    empty_quarter_report: bool = True
    required: bool | None = None
    district: bool = False
    since: datetime.date | None = None

    def deadline(self, quarter: Quarter) -> datetime.date:
        """The report's deadline: the set day of the set month of (or after) the quarter."""
        month_index = 3 * quarter.number - 3 + self.deadline_month  # 1-based month counted from January
        year = quarter.year + (month_index - 1) // 12
        month = (month_index - 1) % 12 + 1
        # «31» in a 30-day month means its last day, as people read such a setting.
        return datetime.date(year, month, min(self.deadline_day, calendar.monthrange(year, month)[1]))

    @property
    def rule(self) -> str:
        """Where the deadline comes from, for due items."""
        where = ("в первом месяце следующего квартала" if self.deadline_month == 4
                 else f"{self.deadline_month}-го месяца отчётного квартала")
        return RULE.format(day=self.deadline_day, where=where)


def _flag(section: dict[str, Any], name: str, default: bool | None) -> bool | None:
    value = section.get(name, default)
    if value is None or isinstance(value, bool):
        return value
    raise OhsError(f"В ohs.toml [best_practices] {name} должно быть true или false, а не «{value}».")


def _int(section: dict[str, Any], name: str, default: int, low: int, high: int) -> int:
    value = section.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise OhsError(f"В ohs.toml [best_practices] {name} должно быть целым числом от {low} до {high}, "
                       f"а не «{value}».")
    return value


def load_settings(section: dict[str, Any]) -> Settings:
    """Settings from the ``[best_practices]`` section; a wrong value is refused naming the key."""
    addressee = section.get("addressee")
    if addressee is not None and not isinstance(addressee, str):
        raise OhsError("В ohs.toml [best_practices] addressee должно быть строкой (кому адресован отчёт).")
    return Settings(
        addressee="\n".join(line.strip() for line in addressee.strip().splitlines()) or None if addressee else None,
        deadline_day=_int(section, "deadline_day", DEFAULT_DAY, 1, 31),
        deadline_month=_int(section, "deadline_month", DEFAULT_MONTH, 1, 4),
        empty_quarter_report=bool(_flag(section, "empty_quarter_report", True)),
        required=_flag(section, "required", None),
        district=bool(_flag(section, "district", False)),
        since=_date(section, "since"),
    )


def _date(section: dict[str, Any], name: str) -> datetime.date | None:
    value = section.get(name)
    if value is None or (isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)):
        return value
    raise OhsError(f"В ohs.toml [best_practices] {name} должно быть датой без кавычек, например {name} = 2026-01-01.")


def workspace_settings(workspace: Workspace | None) -> Settings:
    """The settings of a workspace (defaults outside one)."""
    return load_settings(workspace.section(SECTION) if workspace is not None else {})


def default_addressee(org: Organization) -> str | None:
    """Without a setting: the administration of the organization's district on a server, else of its municipality."""
    municipality = " ".join((getattr(org, "district", None) or org.municipality or "").split())
    if not municipality:
        return None
    from core.render.russian import genitive

    return f"Администрация {genitive(municipality)}"
