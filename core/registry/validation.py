"""Validators for values at the boundary: files, forms and the command line.

Every ``normalize_*``/``parse_*`` function returns the canonical value or raises
:class:`ValidationError` whose message, in Russian, says what is wrong and, where
it helps, how to fix it.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import urlsplit

from core.errors import OhsError

__all__ = [
    "ValidationError",
    "normalize_inn",
    "normalize_kpp",
    "normalize_ogrn",
    "normalize_snils",
    "snils_control",
    "normalize_email",
    "normalize_phone",
    "normalize_okved",
    "normalize_url",
    "parse_date",
    "parse_yes_no",
    "split_full_name",
]


class ValidationError(OhsError):
    """A single value is malformed; the message names the value and the failed check."""


def _digits_count(value: str) -> int:
    return sum("0" <= ch <= "9" for ch in value)


def _plural_ih(n: int) -> str:
    """«их 8», «их нет» — how many digits there actually are."""
    return f"их {n}" if n else "их нет"


def _require(text: str, what: str) -> str:
    if not text:
        raise ValidationError(f"{what} не указан.")
    return text


def _as_text(value: object, width: int = 0) -> str:
    # Spreadsheets hand over numeric cells as int and drop leading zeros; restore them.
    if isinstance(value, int) and not isinstance(value, bool) and width:
        return str(value).zfill(width)
    return "" if value is None else str(value).strip()


def normalize_inn(value: str | int) -> str:
    """ИНН: 10 digits (organization) or 12 digits (individual), check digits verified by stdnum."""
    from stdnum import exceptions
    from stdnum.ru import inn

    text = _as_text(value)
    if isinstance(value, int) and not isinstance(value, bool):
        text = text.zfill(10 if len(text) <= 10 else 12)
    _require(text, "ИНН")
    compact = re.sub(r"[\s\-]", "", text)
    try:
        return inn.validate(compact)
    except exceptions.InvalidLength:
        raise ValidationError(
            "ИНН должен состоять из 10 цифр (организация) или 12 цифр (индивидуальный предприниматель "
            f"или другое физическое лицо), а в „{text}“ {_plural_ih(len(compact))}."
        ) from None
    except exceptions.InvalidFormat:
        raise ValidationError(f"ИНН может содержать только цифры, а в „{text}“ есть другие символы.") from None
    except exceptions.InvalidChecksum:
        if len(compact) == 10:
            raise ValidationError(
                f"ИНН {compact} неверен: не сходится контрольная цифра; проверьте номер по документам."
            ) from None
        # stdnum only says "checksum"; recompute both digits here solely to tell the user which one.
        first_ok = inn.calc_personal_check_digits(compact[:10])[0] == compact[10]
        weights = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
        second = str(sum(w * int(d) for w, d in zip(weights, compact[:11])) % 11 % 10)
        second_ok = second == compact[11]
        if not (first_ok or second_ok):
            verb = "не сходятся обе контрольные цифры (11-я и 12-я)"
        else:
            verb = f"не сходится {'12-я (вторая' if first_ok else '11-я (первая'} контрольная) цифра"
        raise ValidationError(f"ИНН {compact} неверен: {verb}; проверьте номер по документам.") from None


def normalize_kpp(value: str) -> str:
    """КПП: 4 digits (tax office), 2 digits or capital Latin letters (reason), 3 digits (number).

    КПП has no check digit, so only the format can be verified; a well-formed КПП
    may still not exist.
    """
    text = _require(_as_text(value, 9), "КПП")
    kpp = re.sub(r"\s", "", text).upper()
    if len(kpp) != 9:
        raise ValidationError(f"КПП должен состоять из 9 символов, а в „{text}“ {_plural_ih(len(kpp))}.")
    if not kpp[:4].isascii() or not kpp[:4].isdigit():
        raise ValidationError(
            f"КПП „{text}“ неверен: первые 4 символа (код налоговой инспекции) должны быть цифрами."
        )
    if not re.fullmatch(r"[0-9A-Z]{2}", kpp[4:6]):
        hint = " (русские буквы замените латинскими)" if re.search(r"[А-ЯЁ]", kpp[4:6]) else ""
        raise ValidationError(
            f"КПП „{text}“ неверен: 5-й и 6-й символы (причина постановки на учет) должны быть "
            f"цифрами или заглавными латинскими буквами A–Z{hint}."
        )
    if not kpp[6:].isascii() or not kpp[6:].isdigit():
        raise ValidationError(f"КПП „{text}“ неверен: последние 3 символа (порядковый номер) должны быть цифрами.")
    return kpp


def normalize_ogrn(value: str | int) -> str:
    """ОГРН (13 digits, organization) or ОГРНИП (15 digits, entrepreneur), check digit verified."""
    from stdnum import exceptions
    from stdnum.ru import ogrn

    text = _require(_as_text(value), "ОГРН")
    compact = re.sub(r"[\s\-]", "", text)
    try:
        return ogrn.validate(compact)
    except exceptions.InvalidLength:
        raise ValidationError(
            "ОГРН должен состоять из 13 цифр (организация) или 15 цифр (ОГРНИП индивидуального "
            f"предпринимателя), а в „{text}“ {_plural_ih(len(compact))}."
        ) from None
    except exceptions.InvalidComponent:
        if len(compact) == 13:
            raise ValidationError(f"ОГРН {compact} неверен: он не может начинаться с 0.") from None
        raise ValidationError(f"ОГРНИП {compact} неверен: он должен начинаться с 3 или 4.") from None
    except exceptions.InvalidFormat:
        raise ValidationError(f"ОГРН может содержать только цифры, а в „{text}“ есть другие символы.") from None
    except exceptions.InvalidChecksum:
        # The ФНС rule for ОГРНИП is "the last digit of the remainder mod 13"; stdnum 2.x
        # compares the whole remainder, so it rejects real numbers whose remainder is 10–12.
        if len(compact) == 15 and int(compact[:-1]) % 13 % 10 == int(compact[-1]):
            return compact
        kind = "ОГРН" if len(compact) == 13 else "ОГРНИП"
        raise ValidationError(
            f"{kind} {compact} неверен: не сходится контрольная (последняя) цифра; проверьте номер по документам."
        ) from None


#: СНИЛС numbers up to this one were issued before the checksum was introduced.
SNILS_CHECKSUM_FROM = 1_001_998


def snils_control(number9: str) -> str:
    """The two control digits for the 9-digit СНИЛС number (weights 9..1, modulo 101)."""
    total = sum(int(d) * w for d, w in zip(number9, range(9, 0, -1)))
    return f"{total % 101 % 100:02d}"


def normalize_snils(value: str | int) -> str:
    """СНИЛС: 11 digits with or without spaces/dashes; returns «112-233-445 95».

    The control number is checked only for numbers above 001-001-998, as the rule
    was not applied to earlier ones.
    """
    text = _require(_as_text(value, 11), "СНИЛС")
    # Dashes of every width: numbers pasted from Word or a PDF come with «–».
    if re.search(r"[^0-9\s\-\u2010-\u2015]", text):
        raise ValidationError(
            f"СНИЛС может содержать только цифры, пробелы и дефисы, а в „{text}“ есть другие символы."
        )
    digits = re.sub(r"[^0-9]", "", text)
    if len(digits) != 11:
        raise ValidationError(f"СНИЛС должен состоять из 11 цифр, а в „{text}“ {_plural_ih(len(digits))}.")
    canonical = f"{digits[:3]}-{digits[3:6]}-{digits[6:9]} {digits[9:]}"
    if int(digits[:9]) == 0:
        raise ValidationError(f"СНИЛС {canonical} неверен: номер не может состоять из одних нулей.")
    if int(digits[:9]) > SNILS_CHECKSUM_FROM and snils_control(digits[:9]) != digits[9:]:
        raise ValidationError(
            f"СНИЛС {canonical} неверен: не сходится контрольное число (последние две цифры); "
            "проверьте номер по страховому свидетельству."
        )
    return canonical


_EMAIL_RE = re.compile(r"[^@\s<>()\[\],;:\"]+@([^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\".]{2,})")


def normalize_email(value: str) -> str:
    """E-mail: one «@», no spaces, a domain with a dot; the domain is lower-cased."""
    text = _require(_as_text(value), "Адрес электронной почты")
    match = _EMAIL_RE.fullmatch(text)
    if not match or ".." in text or match.group(1).startswith((".", "-")):
        raise ValidationError(f"Адрес электронной почты „{text}“ неверен: ожидается вид name@example.ru.")
    local, domain = text.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def normalize_phone(value: str | int) -> str:
    """Russian phone number kept as typed: 10–11 digits, optionally followed by an extension."""
    text = _require(re.sub(r"\s+", " ", _as_text(value)), "Телефон")
    main = re.split(r"(?i)\s*(?:доб\.?|добавочный|вн\.?|ext\.?|x|#)\s*\d", text, maxsplit=1)[0]
    if re.search(r"[^0-9\s()+\-.\u2010-\u2015]", main):
        raise ValidationError(
            f"Телефон „{text}“ неверен: в номере допустимы цифры, пробелы, скобки, «+» и «-», "
            "а добавочный пишется после «доб.»."
        )
    count = _digits_count(main)
    if not 10 <= count <= 11:
        raise ValidationError(
            f"Телефон „{text}“ неверен: нужно 10–11 цифр с кодом города или оператора, "
            f"например +7 495 123-45-67, а в номере {_plural_ih(count)}."
        )
    return text


_OKVED_RE = re.compile(r"\d{2}(?:\.\d(?:\d(?:\.\d{1,2})?)?)?")


def normalize_okved(value: str) -> str:
    """ОКВЭД 2 code: NN, NN.N, NN.NN, NN.NN.N or NN.NN.NN."""
    text = _require(_as_text(value), "Код ОКВЭД")
    code = re.sub(r"\s", "", text)
    if not _OKVED_RE.fullmatch(code):
        raise ValidationError(
            f"Код ОКВЭД „{text}“ неверен: ожидается вид 43, 43.2, 43.21, 43.21.1 или 43.21.11."
        )
    return code


_HOST_RE = re.compile(
    r"(?:[^\W_](?:[\w-]*[^\W_])?\.)+(?:[^\W\d_]{2,}|xn--[\w-]+)|localhost|\d{1,3}(?:\.\d{1,3}){3}", re.IGNORECASE
)


def normalize_url(value: str) -> str:
    """Web address with http/https; a bare domain («ohs.example.ru») gets «https://»."""
    text = _require(_as_text(value), "Адрес сайта")
    url = text if "://" in text else f"https://{text}"
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise ValidationError(f"Адрес сайта „{text}“ неверен: поддерживаются только адреса http:// и https://.")
    try:
        host = parts.hostname or ""
        parts.port  # noqa: B018 — raises ValueError on a malformed port
    except ValueError:
        host = ""
    if " " in text or not _HOST_RE.fullmatch(host.rstrip(".")):
        raise ValidationError(f"Адрес сайта „{text}“ неверен: ожидается вид https://example.ru.")
    return url


_DOTTED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?")


def parse_date(value: str | date | datetime, field: str = "дата") -> date:
    """A date from «dd.mm.yyyy», «d.m.yyyy», ISO «yyyy-mm-dd» or a date/datetime object.

    Years outside 1900–2100 are rejected as typos. ``field`` names the value in messages.
    """
    label = field[:1].upper() + field[1:]
    if isinstance(value, datetime):
        result, text = value.date(), value.strftime("%d.%m.%Y")
    elif isinstance(value, date):
        result, text = value, value.strftime("%d.%m.%Y")
    else:
        text = _as_text(value)
        if not text:
            raise ValidationError(f"{label} не указана.")
        if m := _DOTTED_DATE.fullmatch(text):
            day, month, year = map(int, m.groups())
        elif m := _ISO_DATE.fullmatch(text):
            year, month, day = map(int, m.groups())
        else:
            raise ValidationError(
                f"{label} „{text}“: не похоже на дату, ожидается ДД.ММ.ГГГГ, например 01.09.2025."
            )
        try:
            result = date(year, month, day)
        except ValueError:
            raise ValidationError(f"{label} „{text}“: такой даты нет.") from None
    if not 1900 <= result.year <= 2100:
        raise ValidationError(f"{label} „{text}“: год должен быть от 1900 до 2100, проверьте, нет ли опечатки.")
    return result


_YES = {"да", "yes", "true", "1", "д", "y", "истина"}
_NO = {"нет", "no", "false", "0", "н", "n", "ложь"}


def money_text(value: str | None, error: str) -> str | None:
    """A sum of roubles as a canonical decimal string («180000.00»), «180 000,50» accepted as typed; None for nothing.

    Kept as text: exact, and SQLite has no decimal type. ``error`` is the sentence raised for a value that is
    not a non-negative sum (each command names its own option).
    """
    import decimal

    if value is None or not str(value).strip():
        return None
    try:
        amount = decimal.Decimal(str(value).strip().replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except decimal.InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or amount < 0:
        raise ValidationError(error)
    return str(amount.quantize(decimal.Decimal("0.01")))


def parse_yes_no(value: str | bool | int) -> bool:
    """«да»/«нет», yes/no, true/false, 1/0 in any case."""
    if isinstance(value, bool):
        return value
    text = _as_text(value)
    if text.lower() in _YES:
        return True
    if text.lower() in _NO:
        return False
    raise ValidationError(f"Значение „{text}“ не распознано: укажите «да» или «нет».")


#: Turkic patronymic particles written as a separate word («Ибрагим оглы»).
_PATRONYMIC_PARTICLES = {"оглы", "огли", "кызы", "гызы", "улы", "уулу"}


def split_full_name(value: str) -> tuple[str, str, str | None]:
    """«Фамилия Имя Отчество» → (surname, name, patronymic or None); «оглы»/«кызы» stay with the patronymic."""
    text = _as_text(value)
    words = text.split()
    if len(words) < 2:
        raise ValidationError(
            f"ФИО „{text}“ неполное: нужны хотя бы фамилия и имя через пробел, например «Иванова Анна»."
        )
    if len(words) == 2:
        return words[0], words[1], None
    if len(words) == 3:
        return words[0], words[1], words[2]
    if len(words) == 4 and words[3].lower() in _PATRONYMIC_PARTICLES:
        return words[0], words[1], f"{words[2]} {words[3]}"
    raise ValidationError(
        f"ФИО „{text}“ содержит больше трех слов, и непонятно, где фамилия, имя и отчество; "
        "разнесите их по колонкам «Фамилия», «Имя», «Отчество»."
    )
