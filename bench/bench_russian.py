"""Micro-timings of the Russian template helpers: cold import and load, warm declension.

Run: ``python bench/bench_russian.py``. "uncached" clears the result caches before every call,
so it measures the real work per name or title; "cached" is a repeat of the same value.
"""

from __future__ import annotations

import subprocess
import sys
import time

NAMES = [
    "Ульянова Марина Александровна",
    "Серов Виктор Иванович",
    "Кузнецова Любовь Ивановна",
    "Гончаров Лев Николаевич",
    "Черных Анна Сергеевна",
    "Киселёв Артём Олегович",
]
POSITIONS = [
    "заместитель директора по спортивной подготовке",
    "старший тренер-преподаватель",
    "главный бухгалтер",
    "рабочий по комплексному обслуживанию и ремонту зданий",
    "медицинская сестра",
    "специалист по охране труда",
]


def _cold(code: str, repeats: int = 5) -> float:
    """Best wall time in ms of ``code`` in a fresh interpreter (after the interpreter start)."""
    script = f"import time; t = time.perf_counter(); {code}; print((time.perf_counter() - t) * 1000)"
    runs = [
        float(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout)
        for _ in range(repeats)
    ]
    return min(runs)


def _per_call(function, values, clear=None, rounds: int = 200) -> float:
    """Mean µs per call over ``values`` repeated ``rounds`` times."""
    start = time.perf_counter()
    for _ in range(rounds):
        for value in values:
            if clear:
                clear()
            function(value)
    return (time.perf_counter() - start) / (rounds * len(values)) * 1e6


def main() -> None:
    """Print the timings."""
    print(f"import core.render.russian (cold):     {_cold('import core.render.russian'):7.1f} ms")
    first_name = "from core.render.russian import dative; dative('Серов Виктор Иванович')"
    first_position = "from core.render.russian import dative; dative('главный бухгалтер')"
    first_number = "from core.render.russian import num_words; num_words(2026)"
    print(f"import + first name (pytrovich load):  {_cold(first_name):7.1f} ms")
    print(f"import + first title (pymorphy3 load): {_cold(first_position):7.1f} ms")
    print(f"import + first num_words (num2words):  {_cold(first_number):7.1f} ms")

    from core.render import russian_names, russian_positions
    from core.render.russian import dative, decline_name, decline_position, initials

    dative(NAMES[0])
    dative(POSITIONS[0])

    def clear_names() -> None:
        russian_names._declined.cache_clear()
        russian_names._decline_part.cache_clear()

    def clear_positions() -> None:
        russian_positions._decline_cached.cache_clear()
        russian_positions._nominative_parses.cache_clear()

    print(f"name, dative, uncached:     {_per_call(lambda v: decline_name(v, 'dative'), NAMES, clear_names):8.1f} µs")
    print(f"name, dative, cached:       {_per_call(lambda v: decline_name(v, 'dative'), NAMES):8.1f} µs")
    print(f"initials:                   {_per_call(initials, NAMES):8.1f} µs")
    uncached = _per_call(lambda v: decline_position(v, "dative"), POSITIONS, clear_positions)
    print(f"position, dative, uncached: {uncached:8.1f} µs")
    print(f"position, dative, cached:   {_per_call(lambda v: decline_position(v, 'dative'), POSITIONS):8.1f} µs")
    print(f"dative filter on a name (person check + cached): {_per_call(dative, NAMES):8.1f} µs")


if __name__ == "__main__":
    main()
