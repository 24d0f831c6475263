"""Values of the employment columns as HR programs write them: вид занятости, ставка, табельный номер, dates.

Each parser takes the cell as read (text or number) and returns the stored value, or raises
``ValidationError`` with a Russian sentence naming what was expected.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from core.io.tabular import clean
from core.registry.names import fold
from core.registry.validation import ValidationError

#: 1С writes «Основное место работы», «Внутреннее совместительство», «Внешнее совместительство»; its reports
#: shorten them after a name («Иванов И.И. (осн.)», «(вн. совм.)»); plain «совместительство» is the external one.
_KIND_KEYS = ("main", "internal", "external")
#: Rates are shares of a full-time rate; more than two rates for one position is a typo.
MAX_RATE = 2.0
_MONTHS = {name: number for number, names in enumerate((
    ("январ",), ("феврал",), ("март", "марта"), ("апрел",), ("мая", "май"), ("июн",), ("июл",), ("август",),
    ("сентябр",), ("октябр",), ("ноябр",), ("декабр",)), start=1) for name in names}
_WORD_DATE = re.compile(r"(\d{1,2})\s+([а-яё]+)\s+(\d{4})")
#: 1С writes a date column as text with a midnight time («01.09.2015 0:00:00») and sometimes «г.» after it.
_TIME_TAIL = re.compile(r"\s+\d{1,2}:\d{2}(:\d{2})?$")
_YEAR_TAIL = re.compile(r"\s*г\.?$")
_NAME_NOTE = re.compile(r"(.*?)\s*\(([^()]*)\)\s*")


def employment_kind(value: Any) -> str | None:
    """«Основное место работы» → "main", «Внутреннее совместительство» → "internal", … ; None for empty."""
    text = fold(str(value)) if value is not None else ""
    if not text:
        return None
    if text in _KIND_KEYS:
        return text
    if text.startswith("осн"):
        return "main"
    if "внутр" in text or text.startswith(("вн.", "вн ")):
        return "internal"
    # «совмещение» (ст. 60.2 ТК РФ: extra duties in one's own time) is not «совместительство»
    if "внеш" in text or text.startswith("совместит") or text.rstrip(".") == "совм":
        return "external"
    raise ValidationError(f"Вид занятости „{value}“ не распознан: укажите «Основное место работы», "
                          "«Внутреннее совместительство» или «Внешнее совместительство».")


def kind_from_note(note: str | None) -> str | None:
    """The employment kind a name's note names («осн.», «вн. совм.»), None for any other note («декрет»)."""
    try:
        return employment_kind(note)
    except ValidationError:
        return None


def name_note(full_name: str | None) -> tuple[str | None, str | None]:
    """A full name without the note 1С reports put after it in brackets: («Иванов Иван», «вн. совм.»)."""
    if not full_name:
        return full_name, None
    match = _NAME_NOTE.fullmatch(full_name)
    return (match.group(1), match.group(2).strip()) if match else (full_name, None)


def rate(value: Any) -> float | None:
    """A rate from «1», «0,5», «0.25» or a number cell; None for empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValidationError(f"Ставка „{value}“: укажите долю ставки числом, например 1 или 0,5.")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = str(value).strip().replace(",", ".").replace(" ", "")
        try:
            number = float(text)
        except ValueError:
            raise ValidationError(f"Ставка „{value}“: укажите долю ставки числом, например 1 или 0,5.") from None
    if not 0 < number <= MAX_RATE:
        raise ValidationError(f"Ставка „{value}“: доля ставки должна быть больше 0 и не больше "
                              f"{MAX_RATE:g}, например 1 или 0,5.")
    return round(number, 3)


def personnel_number(value: Any) -> str | None:
    """The табельный номер as text; a number cell loses its «.0»."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split())
    return text or None


def personnel_key(number: str | None) -> str:
    """The form табельные номера are compared in: «00015» and 15 (a number cell lost the zeros) are one."""
    text = fold(number)
    stripped = text.lstrip("0")
    return (stripped or "0") if text.isdigit() else text


def date_text(value: Any) -> Any:
    """A text date as 1С writes it made plain: «01.09.2015 0:00:00», «01.09.2015 г.», «1 сентября 2015 г.»."""
    if not isinstance(value, str) or isinstance(value, (date, datetime)):
        return value
    text = _YEAR_TAIL.sub("", _TIME_TAIL.sub("", value.strip()))
    if m := _WORD_DATE.fullmatch(fold(text)):
        day, month_word, year = m.groups()
        month = next((n for stem, n in _MONTHS.items() if month_word.startswith(stem)), None)
        if month is not None:
            return f"{int(day):02d}.{month:02d}.{year}"
    return text


def excel_date(value: Any, title: str) -> Any:
    """A date cell without a date format arrives as Excel's day number; turn it into a date.

    Text dates as 1С writes them («01.09.2015 0:00:00», «1 сентября 2015 г.») are made plain first.
    """
    value = date_text(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        from openpyxl.utils.datetime import from_excel

        try:
            return from_excel(value)
        except (ValueError, OverflowError, TypeError):
            raise ValidationError(f"{title} „{clean(value)}“: не похоже на дату.") from None
    return value


def kind_title(kind: str | None) -> str:
    """The Russian name of an employment kind («основное место работы»), «—» for none."""
    from core.storage.models import EMPLOYMENT_KINDS

    return EMPLOYMENT_KINDS.get(kind or "", kind or "—")


def rate_text(value: float | None) -> str:
    """A rate as a Russian reads it: «0,5», «1»; «—» for none."""
    return "—" if value is None else f"{value:g}".replace(".", ",")
