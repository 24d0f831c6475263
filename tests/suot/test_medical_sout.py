"""Medical exams (29н, 342н) and СОУТ (426-ФЗ) through the command line: records, refusals, due items."""

import json

TODAY = ("--today", "2026-11-23")
UNTIL = ("--until", "2032-12-31")


def due(invoke, ws, *extra):
    result = invoke("-w", ws, "due", "--json", *TODAY, *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["items"]


def test_periodic_exam_sets_the_next_one_a_year_later(invoke, demo):
    result = invoke("-w", demo, "medical", "add", "Казаков Евгений Андреевич", "--kind", "periodic", "--on",
                    "2026-11-20", "--result", "fit", "--basis", "education", "--json", *TODAY)
    assert result.exit_code == 0, result.output
    seq = json.loads(result.output)[0]["seq"]
    [item] = [i for i in due(invoke, demo, *UNTIL)
              if i["kind"] == "medical_periodic" and i["subject"].startswith("Казаков Е.А.")]
    assert (item["due"], item["record"]) == ("2027-11-20", f"medical:{seq}")
    assert "29н" in item["rule"] and item["extra"]["confidence"] == "K"


def test_psychiatric_is_at_hiring_and_on_referral_not_every_five_years(invoke, demo):
    items = due(invoke, demo, *UNTIL)
    psychiatric = [i for i in items if i["kind"] == "psychiatric"]
    # The demo's one recent coach without it; nobody examined at hiring is due again by 2032.
    assert [i["record"].split(":")[0] for i in psychiatric] == ["person"]
    assert "342н" in psychiatric[0]["rule"]
    invoke("-w", demo, "medical", "add", "Казаков Евгений Андреевич", "--kind", "periodic", "--on", "2026-11-20",
           "--refer-psychiatric", *TODAY)
    referred = [i for i in due(invoke, demo) if i["kind"] == "psychiatric" and i["subject"].startswith("Казаков Е.А.")]
    assert [i["due"] for i in referred] == ["2026-11-20"] and "п. 5" in referred[0]["rule"]
    invoke("-w", demo, "medical", "add", "Казаков Евгений Андреевич", "--kind", "psychiatric", "--on", "2026-11-22",
           *TODAY)
    assert not [i for i in due(invoke, demo) if i["kind"] == "psychiatric" and i["subject"].startswith("Казаков Е.А.")]


def test_medical_bad_input(invoke, demo):
    bad = invoke("-w", demo, "medical", "add", "Казаков Евгений Андреевич", "--kind", "psychiatric", "--on",
                 "2026-11-20", "--refer-psychiatric", *TODAY)
    assert bad.exit_code != 0 and "--kind periodic" in bad.stderr
    bad = invoke("-w", demo, "medical", "add", "Казаков Евгений Андреевич", "--kind", "periodic", "--on",
                 "2026-11-20", "--basis", "every5years", *TODAY)
    assert bad.exit_code != 0 and "education" in bad.stderr


def test_sout_plan_declaration_and_unscheduled_event(invoke, demo):
    wp = ("--workplace", "бухгалтер", "--department", "Бухгалтерия")
    added = invoke("-w", demo, "sout", "add", *wp, "--report-date", "2026-02-10", "--class", "2",
                   "--factor", "световая среда=2", "--json", *TODAY)
    assert added.exit_code == 0, added.output
    data = json.loads(added.output)
    assert (data["position"], data["next_date"]) == ("Бухгалтер", "2031-02-10")  # 5 years, ч. 4 ст. 8
    [planned] = [i for i in due(invoke, demo, *UNTIL) if i["record"] == f"sout:{data['id']}"]
    assert planned["due"] == "2031-02-10" and "426-ФЗ" in planned["rule"] and "ч. 4 ст. 8" in planned["rule"]
    event = invoke("-w", demo, "sout", "event", *wp, "--reason", "accident", "--on", "2026-10-01", "--json", *TODAY)
    assert event.exit_code == 0, event.output
    event_id = json.loads(event.output)["id"]
    [unscheduled] = [i for i in due(invoke, demo, *UNTIL) if i["record"] == f"sout_event:{event_id}"]
    assert unscheduled["due"] == "2027-04-01" and "ч. 2 ст. 17" in unscheduled["rule"]  # 6 months
    # A new report after the event clears it.
    invoke("-w", demo, "sout", "add", *wp, "--report-date", "2026-11-01", "--class", "2", "--declaration", *TODAY)
    items = due(invoke, demo, *UNTIL)
    assert not [i for i in items if i["record"] in (f"sout_event:{event_id}", f"sout:{data['id']}")]
    listed = json.loads(invoke("-w", demo, "sout", "list", "--json").output)
    assert any(w["position"] == "Бухгалтер" and w["declaration"] and w["next_date"] is None and w["current"]
               for w in listed["workplaces"])


def test_sout_bad_input(invoke, demo):
    wp = ("--workplace", "Бухгалтер", "--department", "Бухгалтерия")
    cases = [
        (("--class", "3.1", "--declaration"), "только для классов 1 и 2"),
        (("--class", "2", "--factor", "шум=3.2"), "наивысшим классом"),
        (("--class", "5"), "неизвестен"),
    ]
    for extra, message in cases:
        result = invoke("-w", demo, "sout", "add", *wp, "--report-date", "2026-02-10", *extra, *TODAY)
        assert result.exit_code != 0 and message in result.stderr, (extra, result.stderr)
    nowhere = invoke("-w", demo, "sout", "add", "--workplace", "Бухгалтер", "--department", "Нет такого",
                     "--report-date", "2026-02-10", "--class", "2", *TODAY)
    assert nowhere.exit_code != 0 and "Подразделения «Нет такого» нет" in nowhere.stderr


def test_break_over_60_days_needs_an_unscheduled_briefing(invoke, demo):
    added = invoke("-w", demo, "training", "absence", "add", "Казаков Евгений Андреевич", "--from", "2026-06-01",
                   "--to", "2026-07-30", "--json")
    short = json.loads(added.output)
    assert short["days"] == 60
    long = json.loads(invoke("-w", demo, "training", "absence", "add", "Казаков Евгений Андреевич", "--from",
                             "2026-08-01", "--to", "2026-10-09", "--json").output)
    items = [i for i in due(invoke, demo) if i["kind"] == "briefing_break"]
    records = {i["record"]: i["due"] for i in items}
    assert f"absence:{short['id']}" not in records  # exactly 60 days is not «more than 60»
    assert records[f"absence:{long['id']}"] == "2026-10-10"
