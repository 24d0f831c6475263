"""Limits of a render: single operations that would build a huge value, the deadline, the length cap,
template names and files — and the legitimate templates (a 50,000-row journal) unaffected."""

from __future__ import annotations

import datetime
import os
import time
from pathlib import Path

import pytest

import core.render.limits as limits
from core.errors import OhsError
from core.render.environment import make_environment, render_markup
from core.render.template_files import TemplateNameError, split_template_name


def write(folder: Path, name: str, text: str) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def error_of(env, builtin: Path, text: str, context: dict | None = None) -> OhsError:
    write(builtin, "a.xml.j2", text)
    started = time.monotonic()
    with pytest.raises(OhsError) as caught:
        render_markup(env, "test/a.xml.j2", context or {})
    assert time.monotonic() - started < 10
    return caught.value


# Each would take from hundreds of megabytes to many gigabytes (the first: 4.8 GB measured) or
# minutes of CPU in one step, where no loop check can interrupt it.
HUGE_IN_ONE_STEP = {
    "'%999999999d' % 1": "ширина поля 999999999",
    "'%.999999999f' % 1.0": "ширина поля 999999999",
    "'%*d' % (999999999, 1)": "ширина поля «*»",
    "'%999999999d'|format(1)": "ширина поля 999999999",
    "'{:>999999999}'.format(1)": "ширина поля 999999999",
    "'{:{}}'.format(1, 999999999)": "ширина поля из аргумента",
    "'x' * 10**9": "повторение «*» даёт строку",
    "10**9 * 'x'": "повторение «*» даёт строку",
    "[0] * 10**9": "повторение «*» даёт список",
    "2 ** 100000000": "число в выражении",
    "(2 ** 10000) * (2 ** 10000)": "число в выражении",
    "'x'|center(999999999)": "ширина 999999999 в «center»",
    "'x'.ljust(999999999)": "ширина 999999999 в «ljust»",
    "'x'.zfill(999999999)": "ширина 999999999 в «zfill»",
    "'a\\tb'.expandtabs(999999999)": "ширина 999999999 в «expandtabs»",
    "'a\\nb'|indent(999999999)": "ширина 999999999 в «indent»",
    "[1]|batch(999999999)|list": "в «batch»",
    "('a' * 100000)|replace('a', 'x' * 1000)": "замена «replace»",
    "('a' * 100000).replace('a', 'x' * 1000)": "замена «replace»",
    "range(100000)|join('x' * 1000)": "соединение через «join»",
    "('x' * 1000).join(range(100000)|map('string')|list)": "соединение через «join»",
}


@pytest.mark.parametrize("expression", HUGE_IN_ONE_STEP)
def test_an_operation_that_builds_a_huge_value_is_refused(env, builtin, expression):
    error = error_of(env, builtin, "<document>\n<p>{{ " + expression + " }}</p>\n</document>")
    assert error.message.startswith("Шаблон test/a.xml.j2, строка 2: "), error.message
    assert HUGE_IN_ONE_STEP[expression] in error.message
    assert any(expression.split("'")[0] in line for line in error.details)


@pytest.mark.parametrize("operator", ["~", "+"])
def test_a_string_doubled_in_a_loop_stops_at_the_value_cap(env, builtin, operator):
    error = error_of(env, builtin, "<document>{% set ns = namespace(s='x') %}{% for i in range(60) %}"
                                   f"{{% set ns.s = ns.s {operator} ns.s %}}{{% endfor %}}</document>")
    assert "значение длиннее 30 млн знаков — проверьте циклы в шаблоне" in error.message


@pytest.mark.parametrize("template", [
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "{% for i in range(100000) %}{% for j in range(100000) %}<p>{{ j }}</p>{% endfor %}{% endfor %}",
    "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}",
    "{% set rows = range(3000)|list %}{% for a in rows %}{% for b in rows %}{% if a == b %}{% endif %}"
    "{% endfor %}{% endfor %}",
], ids=["nested-loops", "nested-loops-with-output", "recursive-macro", "nested-loops-over-data"])
def test_a_runaway_template_stops_at_the_deadline(env, builtin, monkeypatch, template):
    monkeypatch.setattr(limits, "RENDER_SECONDS", 0.5)
    started = time.monotonic()
    error = error_of(env, builtin, "<document>\n" + template + "\n</document>")
    assert time.monotonic() - started < 5
    # The deadline is met inside the loop (the line is named) or, with output, while the output is collected
    # (the template is named): which one depends on timing, so either is the right message.
    assert error.message.startswith(("Шаблон test/a.xml.j2, строка 2: документ не сделан за 0.5 с",
                                     "Шаблон test/a.xml.j2: документ не сделан за 0.5 с"))
    assert isinstance(error, limits.TemplateLimitError)


def test_the_deadline_is_on_the_monotonic_clock(env, builtin, monkeypatch):
    """Setting the calendar clock (or OHS_TODAY) cannot stop or extend a render: only monotonic time counts."""
    monkeypatch.setenv("OHS_TODAY", "2099-01-01")
    ticks = iter(range(10**6))
    monkeypatch.setattr(limits, "monotonic", lambda: next(ticks) * 1.0)  # one «second» per look at the clock
    monkeypatch.setattr(limits, "RENDER_SECONDS", 100.0)
    error = error_of(env, builtin, "<document>{% for i in range(1000) %}{% endfor %}</document>")
    assert "документ не сделан за 100 с" in error.message


def test_an_over_long_document_names_the_template(env, builtin, monkeypatch):
    monkeypatch.setattr(limits, "MAX_OUTPUT_MB", 1)
    monkeypatch.setattr(limits, "MAX_OUTPUT_CHARS", 1_000_000)
    error = error_of(env, builtin, "<document>{% for i in range(100000) %}<p>{{ i }}</p>{% endfor %}</document>")
    assert error.message == "Шаблон test/a.xml.j2: документ длиннее 1 МБ — проверьте циклы в шаблоне."


def test_ordinary_expressions_still_work(env, builtin):
    write(builtin, "a.xml.j2", "<document><p>{{ '%02d' % 5 }} {{ '%-6s|' % 'ab' }} {{ '%.2f'|format(3.14159) }} "
                               "{{ '{:>4}'.format(7) }} {{ 'ab' * 3 }} {{ 3 * 'c' }} {{ [0] * 2 }} {{ 2 ** 10 }} "
                               "{{ 6 * 7 }} {{ 1 + 2 }} {{ 'a' + 'b' }} {{ 'a' ~ 1 }} {{ 10 % 3 }} "
                               "{{ 'x'|center(5) }}| {{ ['a', 'b']|join(', ') }} {{ 'aXa'|replace('X', '-') }}"
                               "</p>{% for i in [1, 2, 3] %}{{ loop.index }}/{{ loop.length }}"
                               "{% if loop.last %}!{% endif %}{% endfor %}"
                               "{% for i in [] %}x{% else %} пусто{% endfor %}</document>")
    assert render_markup(env, "test/a.xml.j2", {}) == (
        "<document><p>05 ab    | 3.14    7 ababab ccc [0, 0] 1024 42 3 ab a1 1   x  | a, b a-a</p>"
        "1/32/33/3! пусто</document>")


def test_a_loop_over_a_missing_value_still_names_the_field(env, builtin):
    error = error_of(env, builtin, "<document>\n{% for p in org.people %}{{ p }}{% endfor %}\n</document>",
                     {"org": {}})
    assert error.message.startswith("Шаблон test/a.xml.j2, строка 2: нет значения поля org.people")


def test_a_50000_row_journal_renders_well_within_the_limits(pm):
    from core.documents.templates import document_environment

    env = document_environment(pm, None)
    on, born = datetime.date(2025, 3, 3), datetime.date(1980, 1, 1)
    entries = [(n, on, f"Иванов-{n} Пётр Сергеевич", "Тренер-преподаватель «по гимнастике» & акробатике", born,
                "repeat", "", "Наставникова А.П.", "Старший тренер-преподаватель",
                "Инструкция по охране труда для тренера-преподавателя № 12", "paper", n, n, None)
               for n in range(1, 50_001)]
    context = {"org": {"name": "ООО «Журнал & Ко»"}, "kind_titles": {"repeat": "повторный"},
               "signature_titles": {}, "training_rules_in_force": True,
               "journals": [{"department": "Учебно-тренировочный отдел", "started": on, "ended": None,
                             "entries": entries, "corrections": {}}]}
    started = time.monotonic()
    markup = render_markup(env, "suot/journal_workplace.xml.j2", context)
    took = time.monotonic() - started
    assert markup.count("<tr><td>") == 50_000 and "Иванов-50000 Пётр Сергеевич" in markup
    assert len(markup) < limits.MAX_OUTPUT_CHARS / 4  # 16 million characters against 100
    assert took < limits.RENDER_SECONDS / 4


# --- names and files -------------------------------------------------------------------------


@pytest.mark.parametrize("name", [
    "suot/../policy.xml.j2", "/etc/passwd", "suot//etc/passwd", "suot/./policy.xml.j2", "suot/..\\x.xml.j2",
    "suot/C:/x.xml.j2", "suot/policy.xml.j2\x00.txt", "suot/a\nb.xml.j2", "policy.xml.j2", "",
])
def test_unsafe_template_names_are_refused(name):
    with pytest.raises(TemplateNameError) as caught:
        split_template_name(name)
    assert caught.value.message.startswith("Недопустимое имя шаблона")


def test_safe_template_names_are_split():
    assert split_template_name("suot/policy.xml.j2") == ("suot", ["policy.xml.j2"])
    assert split_template_name("base/sub/x.xml.j2") == ("base", ["sub", "x.xml.j2"])


def test_an_include_cannot_climb_out_of_the_template_folders(env, builtin, tmp_path):
    (tmp_path / "secret.txt").write_text("секрет", encoding="utf-8")
    error = error_of(env, builtin, '<document>\n{% include "test/../../secret.txt" %}\n</document>')
    assert "Недопустимое имя шаблона" in error.message and "секрет" not in error.message


def test_a_linked_builtin_template_is_refused_too(env, builtin, tmp_path):
    (tmp_path / "secret.txt").write_text("<document><p>секрет</p></document>", encoding="utf-8")
    (builtin / "a.xml.j2").symlink_to(tmp_path / "secret.txt")
    with pytest.raises(OhsError) as caught:
        render_markup(env, "test/a.xml.j2", {})
    assert caught.value.message.startswith("Шаблон test/a.xml.j2 (") and "символическая ссылка" in caught.value.message
    assert "test/a.xml.j2" not in env.loader.list_templates()


def test_a_workspace_override_that_is_a_folder_is_refused(builtin, tmp_path):
    write(builtin, "a.xml.j2", "<document><p>встроенный</p></document>")
    (tmp_path / "ws" / "test" / "a.xml.j2").mkdir(parents=True)
    env = make_environment({"test": builtin}, tmp_path / "ws")
    with pytest.raises(OhsError) as caught:
        render_markup(env, "test/a.xml.j2", {})
    assert "папка, а не файл" in caught.value.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_without_blocking(builtin, tmp_path):
    os.mkfifo(builtin / "a.xml.j2")
    env = make_environment({"test": builtin})
    with pytest.raises(OhsError) as caught:
        render_markup(env, "test/a.xml.j2", {})
    assert "не обычный файл" in caught.value.message
