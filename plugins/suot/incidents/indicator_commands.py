"""``ohs incidents indicators`` and ``ohs incidents reference``: Кч, Кт and the Social Fund's values.

Only click is imported at module level.
"""

from __future__ import annotations

import click

from core.cli.commands.options import json_option, today_option, today_or
from plugins.suot.incidents.commands import incidents


def _text(value) -> str | None:
    return None if value is None else str(value)


def indicators_json(session, org, year, years, okved, today):
    """The command's output: each year's figures with the records behind them, the averages and the reference."""
    from decimal import Decimal

    from core.errors import OhsError
    from plugins.suot.incidents.indicators import averages, compute
    from plugins.suot.incidents.reference import find_reference

    rows = compute(session, org, year, years, today)
    current = rows[-1]
    if current.headcount is None or current.headcount.exact == 0:
        raise OhsError(f"За {year} год в списке работников нет ни одного работавшего человека: среднесписочную "
                       "численность и Кч посчитать нельзя; внесите работников с датами приёма и увольнения "
                       "(ohs people add или ohs people import).")
    per_year = []
    for r in rows:
        h = r.headcount if r.headcount is not None and r.headcount.exact else None
        per_year.append({
            "year": r.year,
            "period": {"from": h.start.isoformat(), "to": h.end.isoformat(), "months": len(h.monthly)} if h else None,
            "average_headcount": _text(h.average) if h else None,
            "average_headcount_whole": h.whole if h else None,
            "monthly_headcount": [{"month": m, "average": _text(v.quantize(Decimal("0.0001")))}
                                  for m, v in h.monthly] if h else [],
            "injured": len(r.injured), "injured_records": r.injured,
            "frequency": _text(r.frequency),
            "frequency_note": None if h else "нет данных о численности за этот год в списке работников",
            "days_lost": r.days_lost, "insured_nonfatal": len(r.insured_nonfatal),
            "insured_nonfatal_records": r.insured_nonfatal, "severity": _text(r.severity),
            "severity_note": None if r.severity is not None else
            "нет закрытых страховых несчастных случаев без смертельного исхода: Кт не определён",
            "pending_records": r.pending, "outsiders_excluded": r.outsiders,
            "fatal": len(r.fatal), "fatal_records": r.fatal,
            "occupational_diseases": len(r.occupational), "occupational_disease_records": r.occupational,
        })
    avg = averages(rows)
    okved = okved or org.okved
    reference, note = find_reference(session, org, year, okved)
    comparison = None
    if reference is not None:
        comparison = {key: None if value is None else
                      ("ниже" if value < reference[ref] else "выше" if value > reference[ref] else "равен")
                      for key, ref, value in (("frequency", "frequency", current.frequency),
                                              ("severity", "days", current.severity))}
    return {
        "year": year, "years": years, "okved": okved, "per_year": per_year,
        "average": {"frequency": _text(avg["frequency"]), "severity": _text(avg["severity"]),
                    "frequency_years": avg["frequency_years"], "severity_years": avg["severity_years"]},
        "reference": {**reference, "frequency": str(reference["frequency"]), "days": str(reference["days"])}
        if reference else None,
        "reference_note": note, "comparison": comparison,
        "rounding": "среднесписочная численность, Кч и Кт округлены до 0,01 по правилу половины вверх; "
                    "средние за годы — среднее арифметическое округлённых годовых значений",
    }


@incidents.command(name="indicators")
@click.option("--year", type=int, required=True, help="Год показателей.")
@click.option("--years", type=int, default=3, show_default=True, help="Сколько лет (включая --year) для средних.")
@click.option("--okved", default=None, help="ОКВЭД для сравнения со значениями СФР (по умолчанию — из профиля).")
@today_option
@json_option
@click.pass_obj
def incident_indicators(app, year, years, okved, today, as_json):
    """Кч, Кт по годам и средние за несколько лет, со ссылками на записи; сравнение со значениями СФР."""
    from core.cli.output import echo_json, echo_table

    with app.session(write=False) as session:
        data = indicators_json(session, app.org(session), year, years, okved, today_or(today))
    if as_json:
        echo_json(data)
        return
    echo_table(["Год", "Среднесписочная", "Пострадавших", "Кч", "Дней", "Страховых нелет.", "Кт"], [
        (r["year"], r["average_headcount"], r["injured"], r["frequency"], r["days_lost"], r["insured_nonfatal"],
         r["severity"]) for r in data["per_year"]])
    click.echo(f"Средние за {', '.join(map(str, data['average']['frequency_years'])) or '—'}: "
               f"Кч {data['average']['frequency'] or 'не определён'}, Кт {data['average']['severity'] or 'не определён'}.")
    ref = data["reference"]
    if ref:
        click.echo(f"Значения СФР ({ref['okved']}, {ref['year']}): b стр {ref['frequency']}, c стр {ref['days']} — "
                   f"{ref['source']}.")
    if data["reference_note"]:
        click.echo(f"Примечание: {data['reference_note']}.")


@incidents.group(name="reference")
def reference_group() -> None:
    """Значения СФР по ОКВЭД (b стр ≈ Кч, c стр ≈ Кт), загружаемые с указанием акта."""


@reference_group.command(name="set")
@click.option("--year", type=int, required=True, help="Год, на который установлены значения.")
@click.option("--okved", required=True, help="Код ОКВЭД 2 (например 85.41).")
@click.option("--frequency", required=True, help="b стр: число страховых случаев на 1000 работающих.")
@click.option("--days", required=True, help="c стр: дней нетрудоспособности на один несчастный случай.")
@click.option("--source", required=True, help="Акт СФР, из которого взяты значения.")
@json_option
@click.pass_obj
def reference_set(app, year, okved, frequency, days, source, as_json):
    """Записать значения СФР: ohs incidents reference set --year 2026 --okved 85.41 --frequency 0.5 --days 30 --source "…"."""
    from core.cli.output import echo_json
    from plugins.suot.incidents.reference import reference_json, set_reference

    with app.session() as session:
        data = reference_json(set_reference(session, app.org(session), year, okved, frequency, days, source))
    data = {**data, "frequency": str(data["frequency"]), "days": str(data["days"])}
    if as_json:
        echo_json(data)
    else:
        click.echo(f"Записаны значения СФР на {year} год для ОКВЭД {data['okved']}: b стр {data['frequency']}, "
                   f"c стр {data['days']}.")


@reference_group.command(name="list")
@json_option
@click.pass_obj
def reference_list(app, as_json):
    """Загруженные значения СФР."""
    from core.cli.output import echo_json, echo_table
    from plugins.suot.incidents.reference import list_references

    with app.session(write=False) as session:
        rows = [{"year": r.year, "okved": r.okved, "frequency": r.frequency, "days": r.days, "source": r.source}
                for r in list_references(session, app.org(session))]
    if as_json:
        echo_json(rows)
    else:
        echo_table(["Год", "ОКВЭД", "b стр", "c стр", "Источник"],
                   [(r["year"], r["okved"], r["frequency"], r["days"], r["source"]) for r in rows])
