"""Russian helpers for document templates, registered as Jinja2 filters from ``FILTERS``.

Dates, quarters, numbers in words, initials and declension of names and positions, written
as Russian official documents write them. The implementation lives in ``russian_dates``,
``russian_numbers``, ``russian_names`` and ``russian_positions``; this module re-exports it
and decides whether a value to decline is a person or a job title.

pytrovich, pymorphy3 and num2words are imported on first use, so importing this module stays
cheap for the CLI.

Declined initials (``dative_initials`` and the like) put the surname first — «Ульяновой М.А.» —
because that is how the addressee (ГОСТ Р 7.0.97, реквизит «Адресат») and the text of orders
(«назначить Серова В.И.») write a declined name; initials come first only in the
nominative signature decoding, which is ``initials``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from typing import Any

from core.render.russian_dates import (
    MONTHS_GENITIVE,
    MONTHS_NOMINATIVE,
    date_long,
    date_numeric,
    date_words,
    month_genitive,
    month_nominative,
    quarter,
    quarter_name,
    quarter_roman,
    to_date,
)
from core.render.russian_names import (
    CASES,
    FullName,
    decline_name,
    full_name,
    initials,
    initials_after,
    normalize_case,
    normalize_gender,
    parse_person,
    sex_of,
)
from core.render.russian_numbers import money_words, num_words, plural, plural_form
from core.render.russian_positions import decline_position, morph_analyzer

__all__ = [
    "CASES",
    "FILTERS",
    "MONTHS_GENITIVE",
    "MONTHS_NOMINATIVE",
    "FullName",
    "accusative",
    "accusative_initials",
    "capfirst",
    "date_long",
    "date_numeric",
    "date_words",
    "dative",
    "dative_initials",
    "decline",
    "decline_name",
    "decline_position",
    "full_name",
    "genitive",
    "genitive_initials",
    "initials",
    "initials_after",
    "instrumental",
    "instrumental_initials",
    "is_person",
    "money_words",
    "month_genitive",
    "month_nominative",
    "normalize_case",
    "normalize_gender",
    "num_words",
    "parse_person",
    "plural",
    "plural_form",
    "prepositional",
    "quarter",
    "quarter_name",
    "quarter_roman",
    "to_date",
]

_TITLE_WORD = re.compile(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)*")
_INITIALS = re.compile(r"(?:[А-ЯЁ]\.(?:-[А-ЯЁ]\.)?)+")
_PATRONYMIC = re.compile(r"[А-ЯЁ][а-яё]+(?:вич|вна|ична|ич)")
# Second word of a Turkic patronymic: «Гусейн оглы», «Лутфияр кызы».
_TURKIC_PATRONYMIC = frozenset({"оглы", "кызы", "улы", "уулу"})


@functools.lru_cache(maxsize=1024)
def _is_first_name(word: str) -> bool:
    # A capitalised second word is a first name if the dictionary knows it as one
    # («Марина») or does not know it at all (a rare or foreign name); a capitalised
    # common word («Бухгалтер») means a title typed in Title Case.
    morph = morph_analyzer()
    lower = word.lower()
    if not morph.word_is_known(lower):
        return True
    return any("Name" in parse.tag.grammemes for parse in morph.parse(lower))


def is_person(value: Any) -> bool:
    """True when ``value`` should be declined as a person rather than as a job title.

    Objects and mappings with a surname are persons. A string is a person when it reads as
    «Фамилия Имя Отчество», «Фамилия Имя», «Фамилия И.О.» or «И.О. Фамилия»; anything else
    («заместитель директора», «Директор МБУ СШОР») is a title.
    """
    if isinstance(value, FullName):
        return True
    if not isinstance(value, str):
        if isinstance(value, Mapping):
            return any(value.get(key) for key in ("surname", "last_name", "lastname"))
        return any(getattr(value, key, None) for key in ("surname", "last_name", "lastname"))
    tokens = value.split()
    if value.isupper():
        # HR exports often write names in capitals: УЛЬЯНОВА МАРИНА АЛЕКСАНДРОВНА.
        tokens = [token if _INITIALS.fullmatch(token) else token.title() for token in tokens]
    if not 2 <= len(tokens) <= 4:
        return False
    if any(_INITIALS.fullmatch(token) for token in tokens):
        return all(_INITIALS.fullmatch(token) or _TITLE_WORD.fullmatch(token) for token in tokens)
    if not all(_TITLE_WORD.fullmatch(token) or token.lower() in _TURKIC_PATRONYMIC for token in tokens):
        return False
    if len(tokens) >= 3 and (_PATRONYMIC.fullmatch(tokens[-1]) or tokens[-1].lower() in _TURKIC_PATRONYMIC):
        return True
    return _is_first_name(tokens[1])


def decline(value: Any, case: Any) -> str:
    """Decline a person (full name) or a job title: ``{{ person | decline('dative') }}``.

    Persons go to ``decline_name``, titles to ``decline_position``; see ``is_person``.
    """
    if value is None:
        raise ValueError("nothing to decline: None")
    if is_person(value):
        return decline_name(value, case)
    return decline_position(value, case)


def capfirst(value: Any) -> str:
    """Upper-case the first letter only: «заместителю директора МБУ» → «Заместителю директора МБУ».

    Jinja2's own ``capitalize`` lower-cases the rest and would spoil abbreviations.
    """
    text = str(value)
    return text[:1].upper() + text[1:]


def genitive(value: Any) -> str:
    """Genitive of a person or a title: «Серова Виктора Ивановича», «заместителя директора»."""
    return decline(value, "genitive")


def dative(value: Any) -> str:
    """Dative of a person or a title: «Ульяновой Марине Александровне», «главному бухгалтеру»."""
    return decline(value, "dative")


def accusative(value: Any) -> str:
    """Accusative of a person or a title: «Ульянову Марину Александровну», «медицинскую сестру»."""
    return decline(value, "accusative")


def instrumental(value: Any) -> str:
    """Instrumental of a person or a title: «Серовым Виктором Ивановичем», «тренером-преподавателем»."""
    return decline(value, "instrumental")


def prepositional(value: Any) -> str:
    """Prepositional of a person or a title (after «о»): «Серове Викторе Ивановиче»."""
    return decline(value, "prepositional")


def by_sex(person: Any, masculine: str, feminine: str) -> str:
    """The word in the person's grammatical gender: «ознакомлен»/«ознакомлена», «Проводил»/«Проводила».

    Where the sex is not recorded and the name does not show it, the neutral written form
    «ознакомлен(а)» (or «masculine/feminine» where the forms do not share a stem).
    """
    sex = sex_of(person)
    if sex == "male":
        return masculine
    if sex == "female":
        return feminine
    if feminine.startswith(masculine):
        return f"{masculine}({feminine[len(masculine):]})"
    return f"{masculine}/{feminine}"


def lower_first(value: Any) -> str:
    """The first letter in lower case, for a position inside a sentence: «Главный бухгалтер» → «главный бухгалтер».

    An abbreviation («ИТ-специалист», «СОУТ») keeps its capitals: only a capital followed by a
    lower-case letter is lowered.
    """
    text = "" if value is None else str(value)
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def genitive_initials(person: Any) -> str:
    """Surname in the genitive, then initials: «Серова В.И.»."""
    return initials_after(person, case="genitive")


def dative_initials(person: Any) -> str:
    """Surname in the dative, then initials, as the addressee is written: «Ульяновой М.А.»."""
    return initials_after(person, case="dative")


def accusative_initials(person: Any) -> str:
    """Surname in the accusative, then initials: «назначить Серова В.И.», «Ульянову М.А.»."""
    return initials_after(person, case="accusative")


def instrumental_initials(person: Any) -> str:
    """Surname in the instrumental, then initials: «Ульяновой М.А.», «Серовым В.И.»."""
    return initials_after(person, case="instrumental")


FILTERS: dict[str, Callable[..., str]] = {
    # dates and quarters
    "date_words": date_words,
    "date_long": date_long,
    "date_numeric": date_numeric,
    "month_genitive": month_genitive,
    "month_nominative": month_nominative,
    "quarter": quarter,
    "quarter_name": quarter_name,
    "quarter_roman": quarter_roman,
    # names
    "full_name": full_name,
    "initials": initials,
    "initials_after": initials_after,
    "genitive_initials": genitive_initials,
    "dative_initials": dative_initials,
    "accusative_initials": accusative_initials,
    "instrumental_initials": instrumental_initials,
    # persons and positions
    "decline": decline,
    "capfirst": capfirst,
    "lower_first": lower_first,
    "by_sex": by_sex,
    "genitive": genitive,
    "dative": dative,
    "accusative": accusative,
    "instrumental": instrumental,
    "prepositional": prepositional,
    # numbers
    "num_words": num_words,
    "plural": plural,
    "money_words": money_words,
}
