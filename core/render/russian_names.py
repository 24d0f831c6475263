"""Full names: initials as ГОСТ Р 7.0.97 writes them and declension by case (pytrovich).

A person is either a string «Фамилия Имя Отчество» (or with initials: «Ульянова М.А.»,
«М.А. Ульянова») or an object / mapping with ``surname``, ``name``, ``patronymic`` and an
optional ``gender`` ("m"/"f"). pytrovich is imported only when a name is declined.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any, NamedTuple

__all__ = [
    "CASES",
    "FullName",
    "decline_name",
    "full_name",
    "initials",
    "initials_after",
    "normalize_case",
    "normalize_gender",
    "parse_person",
]

CASES = ("nominative", "genitive", "dative", "accusative", "instrumental", "prepositional")

_CASE_ALIASES: dict[str, str] = {}
for _canonical, _aliases in {
    "nominative": ("nomn", "nom", "n", "им", "и", "именительный"),
    "genitive": ("gent", "gen", "g", "рд", "род", "р", "родительный"),
    "dative": ("datv", "dat", "d", "дт", "дат", "д", "дательный"),
    "accusative": ("accs", "acc", "a", "вн", "вин", "в", "винительный"),
    "instrumental": ("ablt", "ins", "instr", "i", "тв", "твор", "т", "творительный"),
    "prepositional": ("loct", "prep", "loc", "p", "пр", "пред", "п", "предложный"),
}.items():
    _CASE_ALIASES[_canonical] = _canonical
    for _alias in _aliases:
        _CASE_ALIASES[_alias] = _canonical

_GENDER_ALIASES = {
    "m": "m", "male": "m", "masculine": "m", "м": "m", "муж": "m", "мужской": "m",
    "f": "f", "female": "f", "feminine": "f", "ж": "f", "жен": "f", "женский": "f",
}  # fmt: skip

# «М.», «М.А.», «А.-М.» — a name already reduced to initials.
_INITIALS = re.compile(r"(?:[^\W\d_]\.(?:-[^\W\d_]\.)?)+")

# Keys tried on mappings and objects, first match wins; the brief's names come first.
_SURNAME_KEYS = ("surname", "last_name", "lastname")
_NAME_KEYS = ("name", "first_name", "firstname")
_PATRONYMIC_KEYS = ("patronymic", "middle_name", "middlename")


def normalize_case(case: Any) -> str:
    """Canonical English case name for ``case``.

    Accepts "genitive", pymorphy tags ("gent"), Russian names or abbreviations («родительный»,
    «р», «рд») and pytrovich's ``Case`` members. Unknown values raise ``ValueError``.
    """
    key = getattr(case, "name", case)
    canonical = _CASE_ALIASES.get(str(key).strip().lower())
    if canonical is None:
        raise ValueError(f"unknown grammatical case {case!r}; use one of {', '.join(CASES)}")
    return canonical


def normalize_gender(gender: Any) -> str | None:
    """Gender as "m", "f" or ``None`` (unknown) from "m"/"f", «м»/«ж», "male"/"female" or an enum."""
    if gender is None:
        return None
    key = getattr(gender, "value", gender)
    if not isinstance(key, str):
        key = getattr(gender, "name", key)
    return _GENDER_ALIASES.get(str(key).strip().lower())


class FullName(NamedTuple):
    """A parsed person. ``initials`` is set instead of name/patronymic when only initials were given."""

    # A NamedTuple rather than a dataclass: importing dataclasses (and inspect) would double
    # the import time of the module.

    surname: str = ""
    name: str = ""
    patronymic: str = ""
    gender: str | None = None
    initials: str = ""
    initials_first: bool = False


def _raw_field(value: Any, keys: tuple[str, ...]) -> Any:
    for key in keys:
        found = value.get(key) if isinstance(value, Mapping) else getattr(value, key, None)
        if found is not None:
            return found
    return None


def _field(value: Any, keys: tuple[str, ...]) -> str:
    found = _raw_field(value, keys)
    return "" if found is None else str(found).strip()


def _parse_string(text: str, gender: str | None = None) -> FullName:
    tokens = text.split()
    if not tokens:
        return FullName(gender=gender)
    initial_tokens = [token for token in tokens if _INITIALS.fullmatch(token)]
    if initial_tokens:
        words = [token for token in tokens if not _INITIALS.fullmatch(token)]
        return FullName(
            surname=" ".join(words),
            gender=gender,
            initials="".join(initial_tokens),
            initials_first=tokens[0] == initial_tokens[0] and len(words) > 0,
        )
    return FullName(
        surname=tokens[0],
        name=tokens[1] if len(tokens) > 1 else "",
        # Turkic patronymics are two words: «Гусейн оглы».
        patronymic=" ".join(tokens[2:]),
        gender=gender,
    )


def parse_person(value: Any) -> FullName:
    """A ``FullName`` from a string «Фамилия Имя Отчество», a mapping or an object.

    Mappings and objects are read by ``surname``/``name``/``patronymic``/``gender``
    (``last_name``/``first_name``/``middle_name`` are accepted too). ``None`` raises
    ``ValueError``, as a missing person in a document is an error for the caller.
    """
    if isinstance(value, FullName):
        return value
    if value is None:
        raise ValueError("person is None")
    if isinstance(value, str):
        return _parse_string(value)
    gender = normalize_gender(_raw_field(value, ("gender", "sex")))
    surname = _field(value, _SURNAME_KEYS)
    name = _field(value, _NAME_KEYS)
    patronymic = _field(value, _PATRONYMIC_KEYS)
    if surname or name or patronymic:
        # A stored «М.А.» in the name field still means initials only.
        if _INITIALS.fullmatch(name.replace(" ", "")) and not patronymic:
            return FullName(surname=surname, gender=gender, initials=name.replace(" ", ""))
        return FullName(surname=surname, name=name, patronymic=patronymic, gender=gender)
    # str() on a Jinja2 StrictUndefined raises the template's own "is undefined" error.
    return _parse_string(str(value), gender)


def _initial(word: str) -> str:
    return "-".join(part[0].upper() + "." for part in word.split("-") if part)


def _initials_of(person: FullName) -> str:
    if person.initials:
        return person.initials
    patronymic = person.patronymic.split()
    return _initial(person.name) + (_initial(patronymic[0]) if patronymic else "")


@functools.lru_cache(maxsize=1)
def _petrovich() -> tuple[Any, Any]:
    # Loaded once: the maker and detector share module-level rule caches inside pytrovich.
    from pytrovich.detector import PetrovichGenderDetector
    from pytrovich.maker import PetrovichDeclinationMaker

    return PetrovichDeclinationMaker(), PetrovichGenderDetector()


def _gender_of(person: FullName) -> tuple[str, bool]:
    """("male"|"female"|"androgynous", known) — explicit gender wins over detection."""
    if person.gender:
        return ("male" if person.gender == "m" else "female"), True
    if not (person.surname or person.name or person.patronymic):
        return "androgynous", False
    _, detector = _petrovich()
    detected = detector.detect(
        firstname=person.name or None,
        lastname=person.surname or None,
        middlename=person.patronymic or None,
    )
    return detected.name.lower(), False


def sex_of(value: Any) -> str | None:
    """``"male"``, ``"female"`` or None: the recorded sex, else the one the name shows (patronymic, name).

    None where neither tells (initials only, a name used by both sexes): the caller then prints the
    neutral form «ознакомлен(а)» rather than guess.
    """
    if value is None:
        return None
    try:
        person = parse_person(value)
    except ValueError:
        return None
    gender, _known = _gender_of(person)
    return gender if gender in ("male", "female") else None


@functools.lru_cache(maxsize=4096)
def _decline_part(part: str, value: str, gender: str, known: bool, case: str) -> str:
    if not value or case == "nominative":
        return value
    from pytrovich.enums import Case, Gender, NamePart

    maker, _ = _petrovich()
    name_part = NamePart[part.upper()]
    grammatical_case = Case[case.upper()]
    if gender == "androgynous":
        # Gender unknown (a surname with initials only, a rare name): male and female rules
        # disagree for «Мельник» (Мельника / Мельник), so such a word is left as written
        # rather than guessed; where both agree («Шевченко», «Саша») the form is safe.
        male = maker.make(name_part, Gender.MALE, grammatical_case, value, False)
        female = maker.make(name_part, Gender.FEMALE, grammatical_case, value, False)
        result = male if male == female else value
    else:
        result = maker.make(name_part, Gender[gender.upper()], grammatical_case, value, known)
    if len(value) > 1 and value.isupper():
        # pytrovich appends lower-case endings: УЛЬЯНОВА → УЛЬЯНОВой.
        result = result.upper()
    return result


@functools.lru_cache(maxsize=4096)
def _declined(person: FullName, case: str) -> FullName:
    if case == "nominative":
        return person
    gender, known = _gender_of(person)
    return FullName(
        surname=_decline_part("lastname", person.surname, gender, known, case),
        name=_decline_part("firstname", person.name, gender, known, case),
        patronymic=_decline_part("middlename", person.patronymic, gender, known, case),
        gender=person.gender,
        initials=person.initials,
        initials_first=person.initials_first,
    )


def _join(person: FullName) -> str:
    parts: tuple[str | None, ...]
    if person.initials:
        parts = (person.initials, person.surname) if person.initials_first else (person.surname, person.initials)
    else:
        parts = (person.surname, person.name, person.patronymic)
    return " ".join(part for part in parts if part)


def full_name(person: Any) -> str:
    """«Фамилия Имя Отчество» of a person object, mapping or string, with single spaces."""
    return _join(parse_person(person))


def decline_name(person: Any, case: Any) -> str:
    """Full name in ``case``: («Серов Виктор Иванович», "genitive") → «Серова Виктора Ивановича».

    Gender comes from ``person.gender`` when given, otherwise it is detected from the
    patronymic, name and surname. Indeclinable surnames stay as they are («Черных»,
    «Шевченко»; women's «Мельник»). A name given with initials keeps them and their place:
    «Ульянова М.А.» → dative «Ульяновой М.А.». Words the rules do not know are returned
    unchanged.
    """
    return _join(_declined(parse_person(person), normalize_case(case)))


def initials(person: Any, case: Any = None, after: bool = False, sep: str = " ") -> str:
    """Initials and surname as signatures are decoded (ГОСТ Р 7.0.97): «М.А. Ульянова».

    No space between initials, ``sep`` (one space; pass "\\u00a0" to keep the line together)
    before the surname. ``after=True`` puts the surname first: «Ульянова М.А.». With ``case``
    only the surname is declined: ``initials(p, "dative", after=True)`` → «Ульяновой М.А.».
    A missing patronymic gives «М. Ульянова»; a hyphenated name «А.-М. Иванова».
    """
    parsed = parse_person(person)
    if case is not None:
        parsed = _declined(parsed, normalize_case(case))
    letters = _initials_of(parsed)
    if not letters or not parsed.surname:
        return parsed.surname or letters
    return f"{parsed.surname}{sep}{letters}" if after else f"{letters}{sep}{parsed.surname}"


def initials_after(person: Any, case: Any = None, sep: str = " ") -> str:
    """Surname first, then initials, as in addressees and lists: «Ульянова М.А.»."""
    return initials(person, case=case, after=True, sep=sep)
