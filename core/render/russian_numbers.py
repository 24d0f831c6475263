"""Numbers in words and the agreement of a noun with a number («21 год», «3 года», «5 лет»)."""

from __future__ import annotations

import decimal
from typing import Any

__all__ = ["money_words", "num_words", "plural", "plural_form"]

# num2words' own Russian aliases map «ж» and «с» to the masculine (num2words 0.5.14), so the
# gender is normalised here and only the Latin letters are passed on.
_GENDERS = {
    "m": "m", "masculine": "m", "male": "m", "м": "m", "муж": "m", "мужской": "m",
    "f": "f", "feminine": "f", "female": "f", "ж": "f", "жен": "f", "женский": "f",
    "n": "n", "neuter": "n", "с": "n", "ср": "n", "средний": "n",
}  # fmt: skip


def _integer(n: Any) -> int:
    if isinstance(n, bool) or n is None:
        raise ValueError(f"not a number: {n!r}")
    try:
        value = decimal.Decimal(str(n).strip().replace(",", ".").replace(" ", ""))
    except decimal.InvalidOperation as exc:
        raise ValueError(f"not a number: {n!r}") from exc
    if value != value.to_integral_value():
        raise ValueError(f"not a whole number: {n!r}")
    return int(value)


def num_words(n: Any, gender: str = "m", case: str = "nominative", animate: bool = False) -> str:
    """A whole number in Russian words: 21 → «двадцать один», 2026 → «две тысячи двадцать шесть».

    ``gender`` ("m", "f", "n" or «м», «ж», «с») picks «один/одна/одно», «два/две»:
    ``num_words(2, gender="f")`` → «две» (недели). ``case`` (as for names: "genitive",
    "dative", …) declines the numeral: ``num_words(2, case="genitive")`` → «двух».
    The accusative is inanimate by default («на два года»).
    """
    from num2words import num2words

    from core.render.russian_names import normalize_case

    value = _integer(n)
    code = _GENDERS.get(str(gender).strip().lower())
    if code is None:
        raise ValueError(f"unknown gender {gender!r}; use 'm', 'f' or 'n'")
    return str(num2words(value, lang="ru", gender=code, case=normalize_case(case), animate=animate))


def plural_form(n: Any, one: str, few: str, many: str) -> str:
    """The noun form that agrees with ``n``: (1, год, года, лет) → «год», 3 → «года», 11 → «лет».

    A fractional number takes the genitive singular, which is the «few» form: 2,5 → «года».
    """
    try:
        value = decimal.Decimal(str(n).strip().replace(",", "."))
    except decimal.InvalidOperation as exc:
        raise ValueError(f"not a number: {n!r}") from exc
    if value != value.to_integral_value():
        return few
    whole = abs(int(value))
    if 11 <= whole % 100 <= 14:
        return many
    if whole % 10 == 1:
        return one
    if 2 <= whole % 10 <= 4:
        return few
    return many


def plural(n: Any, one: str, few: str, many: str, with_number: bool = True) -> str:
    """Number with the agreeing noun: ``plural(5, "год", "года", "лет")`` → «5 лет», 21 → «21 год».

    With ``with_number=False`` only the noun is returned. A decimal comma is used for
    fractions: 2.5 → «2,5 года».
    """
    form = plural_form(n, one, few, many)
    if not with_number:
        return form
    return f"{str(n).replace('.', ',')} {form}"


def money_words(amount: Any) -> str:
    """A sum in roubles as payment documents write it: 1234.5 → «одна тысяча двести тридцать четыре рубля 50 копеек».

    Roubles in words, kopecks in figures (two digits), rounded half up to the kopeck.
    """
    try:
        value = decimal.Decimal(str(amount).strip().replace(",", ".").replace(" ", ""))
    except decimal.InvalidOperation as exc:
        raise ValueError(f"not a sum of money: {amount!r}") from exc
    if value < 0:
        raise ValueError(f"negative sum of money: {amount!r}")
    value = value.quantize(decimal.Decimal("0.01"), rounding=decimal.ROUND_HALF_UP)
    roubles = int(value)
    kopecks = int((value - roubles) * 100)
    rouble_word = plural_form(roubles, "рубль", "рубля", "рублей")
    kopeck_word = plural_form(kopecks, "копейка", "копейки", "копеек")
    return f"{num_words(roubles)} {rouble_word} {kopecks:02d} {kopeck_word}"
