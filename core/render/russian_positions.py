"""Positions (job titles) in the oblique cases with pymorphy3: «Заместителю директора …».

Only the head of the title changes: the words up to and including the first noun in the
nominative, with the adjectives before it agreeing («главному бухгалтеру»,
«медицинской сестре»); the complements after it are already in their own case and stay
(«специалисту по охране труда», «заместителю директора по спортивной подготовке»).
A substantivised adjective or participle is a head by itself when no nominative follows it
(«рабочему по комплексному обслуживанию…», «заведующему хозяйством»). Both nouns of a
hyphenated compound change («тренеру-преподавателю»), except a fixed first part
(«шеф-повару», «вице-президенту»). When the head cannot be found with confidence the title is
returned exactly as written.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from core.render.russian_names import normalize_case

__all__ = ["decline_position", "morph_analyzer"]

_PYMORPHY_CASES = {
    "genitive": "gent",
    "dative": "datv",
    "accusative": "accs",
    "instrumental": "ablt",
    "prepositional": "loct",
}

# First parts of compounds that never decline, although some of them are animate nouns.
_FIXED_FIRST_PARTS = frozenset(
    {"вице", "экс", "обер", "унтер", "штаб", "лейб", "шеф", "генерал", "контр", "супер"}
)

# Titles the dictionary gets wrong: «электроник» is only known as the genitive plural of
# «электроника», so «инженер-электроник» would keep its second half in every case.
_FORMS: dict[str, dict[str, str]] = {
    "электроник": {
        "gent": "электроника",
        "datv": "электронику",
        "accs": "электроника",
        "ablt": "электроником",
        "loct": "электронике",
    },
}

_CYRILLIC_WORD = re.compile(r"[а-яё]+", re.IGNORECASE)
_TOKEN_PUNCTUATED = re.compile(r"(\w+(?:-\w+)*)([,;:]?)")
_ABBREVIATION = re.compile(r"(?=.*[^\W\d_])[A-ZА-ЯЁ0-9]{2,}(?:-[A-ZА-ЯЁ0-9]+)*")
# An unknown word is declined only on the regular masculine pattern (тьютор → тьютору):
# foreign words in a vowel («крупье») do not decline, and -ь/-й are ambiguous.
_REGULAR_UNKNOWN = re.compile(r".*[бвгджзклмнпрстфхцчшщ]", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def morph_analyzer() -> Any:
    """The shared ``pymorphy3.MorphAnalyzer``, created on first use.

    Its dictionaries take ~0.1 s to load, so there is one per process.
    """
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@functools.lru_cache(maxsize=4096)
def _nominative_parses(word: str) -> tuple[Any | None, Any | None]:
    """(noun parse, adjective parse) of ``word`` in the nominative singular, if any."""
    noun = adjective = None
    for parse in morph_analyzer().parse(word):
        grammemes = parse.tag.grammemes
        if "nomn" not in grammemes or "sing" not in grammemes:
            continue
        if parse.tag.POS == "NOUN":
            # Positions name people: prefer «сторож» the person to «сторож» the thing.
            if noun is None or ("anim" in grammemes and "anim" not in noun.tag.grammemes):
                noun = parse
        elif parse.tag.POS in ("ADJF", "PRTF") and adjective is None:
            adjective = parse
    return noun, adjective


def _is_nominative(token: str) -> bool:
    match = _TOKEN_PUNCTUATED.fullmatch(token)
    if not match:
        return False
    last = match.group(1).split("-")[-1].lower()
    if last in _FORMS:
        return True
    noun, adjective = _nominative_parses(last)
    return noun is not None or adjective is not None


def _match_case(original: str, word: str) -> str:
    if len(original) > 1 and original.isupper():
        return word.upper()
    if original[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _inflect_word(part: str, tag: str, as_adjective: bool) -> str | None:
    """``part`` in the case ``tag``, or ``None`` when it cannot be declined safely."""
    lower = part.lower()
    if lower in _FORMS:
        return _match_case(part, _FORMS[lower][tag])
    noun, adjective = _nominative_parses(lower)
    parse = adjective if as_adjective else (noun or adjective)
    if parse is None:
        return None
    if not morph_analyzer().word_is_known(lower):
        if parse is not noun or "anim" not in parse.tag.grammemes or not _REGULAR_UNKNOWN.fullmatch(lower):
            return None
    if parse.tag.POS == "NOUN":
        form = parse.inflect({tag, "sing"})
    else:
        gender = parse.tag.gender or "masc"
        grammemes = {tag, "sing", gender}
        if tag == "accs" and gender == "masc":
            # An adjective agreeing with a person takes the animate accusative: «старшего».
            grammemes.add("anim")
        form = parse.inflect(grammemes)
    if form is None:
        return None
    return _match_case(part, form.word)


def _inflect_token(token: str, tag: str, as_adjective: bool) -> str | None:
    """Decline a whole token; hyphenated compounds decline every animate noun part."""
    parts = token.split("-")
    last = _inflect_word(parts[-1], tag, as_adjective) if _CYRILLIC_WORD.fullmatch(parts[-1]) else None
    if last is None:
        return None
    result = []
    for part in parts[:-1]:
        lower = part.lower()
        declined = None
        known = _CYRILLIC_WORD.fullmatch(part) and morph_analyzer().word_is_known(lower)
        if known and lower not in _FIXED_FIRST_PARTS:
            noun, _ = _nominative_parses(lower)
            if noun is not None and "anim" in noun.tag.grammemes:
                declined = _inflect_word(part, tag, False)
        result.append(declined or part)
    result.append(last)
    return "-".join(result)


def _decline(text: str, tag: str) -> str:
    tokens = re.split(r"(\s+)", text)
    words = [index for index, token in enumerate(tokens) if token and not token.isspace()]
    replacements: dict[int, str] = {}
    head = None
    for position, index in enumerate(words):
        token = tokens[index]
        if _ABBREVIATION.fullmatch(token):
            continue
        match = _TOKEN_PUNCTUATED.fullmatch(token)
        if not match:
            break
        word, punctuation = match.groups()
        last = word.split("-")[-1].lower()
        noun, adjective = _nominative_parses(last)
        # A comma ends the noun phrase: «директор, тренер» declines «директор» alone.
        following = tokens[words[position + 1]] if position + 1 < len(words) and not punctuation else ""
        if adjective is not None and last not in _FORMS and _is_nominative(following):
            declined = _inflect_token(word, tag, as_adjective=True)
            if declined is None:
                break
            replacements[index] = declined
            continue
        declined = _inflect_token(word, tag, as_adjective=noun is None and last not in _FORMS)
        if declined is not None:
            replacements[index] = declined + punctuation
            head = position
        break
    if head is None:
        return text
    # An alternative title in brackets is an apposition and follows the head's case:
    # «сторожу (вахтёру)».
    rest = "".join(tokens[words[head] + 1 :])
    tail = rest
    bracketed = re.match(r"(\s*)\(([^()]*)\)", rest)
    if bracketed and not tokens[words[head]].endswith((",", ";", ":")):
        tail = f"{bracketed.group(1)}({_decline(bracketed.group(2), tag)}){rest[bracketed.end():]}"
    for index, value in replacements.items():
        tokens[index] = value
    return "".join(tokens[: words[head] + 1]) + tail


@functools.lru_cache(maxsize=4096)
def _decline_cached(text: str, case: str) -> str:
    if case == "nominative" or not text.strip():
        return text
    tag = _PYMORPHY_CASES[case]
    letters = [char for char in text if char.isalpha()]
    if len(letters) > 1 and all(char.isupper() for char in letters):
        # A title typed in capitals is declined as lower case; otherwise every word would
        # look like an abbreviation and be kept.
        return _decline(text.lower(), tag).upper()
    return _decline(text, tag)


def decline_position(title: Any, case: Any) -> str:
    """A job title in ``case``: («главный бухгалтер», "dative") → «главному бухгалтеру».

    Upper-case abbreviations (ОТ, МБУ, СШОР) and the capital first letter are kept; a title
    whose head word is unknown or not a nominative noun («и.о. директора») is returned as is.
    """
    if title is None:
        raise ValueError("position is None")
    # str() on a Jinja2 StrictUndefined raises the template's own "is undefined" error.
    return _decline_cached(str(title), normalize_case(case))
