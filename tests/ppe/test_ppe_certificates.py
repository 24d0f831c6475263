"""Certificates (declarations) of conformity with a validity date: ``ohs due`` and ``ohs check`` on items in use."""

from __future__ import annotations

from ppe_helpers import TODAY, jrun, refused, run, setup_org

CERT = "Декларация ЕАЭС N RU Д-RU.АБ12.В.00042/24"


def _due(invoke, ws, until, today=TODAY):
    data = jrun(invoke, ws, "due", "--today", today, "--until", until)
    return [i for i in data["items"] if i["source"] == "ppe" and i["kind"] == "ppe.certificate"]


def _errors(invoke, ws, today):
    return [f for f in jrun(invoke, ws, "check", "--today", today)["findings"]
            if f["source"] == "ppe" and f["severity"] == "error"]


def test_an_expiring_certificate_is_due_on_its_last_day_and_an_error_after_it(invoke, workspace):
    setup_org(invoke, workspace)
    run(invoke, workspace, "ppe", "issue", "Петрова", "Сидоров", "--item", "Халат", "--qty", "1", "--on", "2026-11-20",
        "--certificate", CERT, "--certificate-until", "2026-12-10", "--today", TODAY)
    # A later issue under the same certificate needs no date again: it is kept once.
    run(invoke, workspace, "ppe", "issue", "Петрова", "--item", "Очки защитные", "--qty", "1", "--on", "2026-11-21",
        "--certificate", CERT.lower(), "--today", TODAY)
    assert jrun(invoke, workspace, "ppe", "certificate", "list") == [
        {"certificate": CERT, "valid_until": "2026-12-10", "added_on": TODAY}]
    # The 30-day window (to 23.12.2026) holds 10.12.2026: three items in use, each due on that day.
    found = _due(invoke, workspace, "2026-12-23")
    assert sorted((i["due"], i["subject"].split()[0], i["title"].split(": ")[1].split(" (")[0]) for i in found) == [
        ("2026-12-10", "Петрова", "Очки защитные"), ("2026-12-10", "Петрова", "Халат"),
        ("2026-12-10", "Сидоров", "Халат")]
    assert all(i["rule"].startswith("Правила, утв. приказом Минтруда России от 29.10.2021 № 766н") for i in found)
    # A window that ends before it: nothing yet; no error while the certificate is valid.
    assert _due(invoke, workspace, "2026-12-09") == []
    assert _errors(invoke, workspace, "2026-12-10") == []
    # Сидоров returns his coat: only what is still in use counts (2 items, 1 person).
    run(invoke, workspace, "ppe", "return", "Сидоров", "--item", "Халат", "--qty", "1", "--on", "2026-11-22",
        "--today", TODAY)
    errors = _errors(invoke, workspace, "2026-12-11")
    assert [(e["title"], e["subject"]) for e in errors] == [
        ("В применении СИЗ с истёкшим сертификатом (декларацией)", CERT)]
    assert "на руках 2 ед. у 1 работника" in errors[0]["detail"]
    assert {i["subject"].split()[0] for i in _due(invoke, workspace, "2026-12-31", "2026-12-11")} == {"Петрова"}


def test_validity_set_later_for_a_certificate_issues_name(invoke, workspace):
    setup_org(invoke, workspace)
    run(invoke, workspace, "ppe", "issue", "Петрова", "--item", "Халат", "--qty", "1", "--on", "2026-01-31",
        "--certificate", CERT, "--today", TODAY)
    assert _due(invoke, workspace, "2026-12-23") == []
    run(invoke, workspace, "ppe", "certificate", "set", CERT, "--until", "2026-10-31", "--today", TODAY)
    assert [(i["due"], i["kind"]) for i in _due(invoke, workspace, "2026-12-23")] == [("2026-10-31", "ppe.certificate")]


def _nothing_written(invoke, ws):
    assert jrun(invoke, ws, "ppe", "history") == []
    assert jrun(invoke, ws, "ppe", "certificate", "list") == []


def test_bad_certificate_input_is_refused_naming_the_field(invoke, workspace):
    setup_org(invoke, workspace)
    issue = ("ppe", "issue", "Петрова", "--item", "Халат", "--qty", "1", "--today", TODAY)
    message = refused(invoke, workspace, *issue, "--on", "2026-11-20", "--certificate-until", "2027-01-01")
    assert "--certificate-until" in message and "без самого сертификата" in message
    message = refused(invoke, workspace, *issue, "--on", "2026-11-20", "--certificate", CERT,
                      "--certificate-until", "2026-11-19")
    assert "--certificate-until" in message and "истёк 19.11.2026" in message
    _nothing_written(invoke, workspace)
    result = invoke("-w", workspace, *issue, "--on", "2026-11-20", "--certificate", CERT,
                    "--certificate-until", "2026-13-45")
    assert result.exit_code == 2 and "Дата --certificate-until" in result.output
    _nothing_written(invoke, workspace)
    message = refused(invoke, workspace, "ppe", "certificate", "set", CERT, "--until", "2027-01-01", "--today", TODAY)
    assert "СЕРТИФИКАТ" in message and "не указан ни в одной выдаче" in message
    _nothing_written(invoke, workspace)
    # Another date for a certificate already kept, and an issue after it expired.
    run(invoke, workspace, *issue, "--on", "2026-11-20", "--certificate", CERT, "--certificate-until", "2026-11-21")
    message = refused(invoke, workspace, "ppe", "issue", "Сидоров", "--item", "Халат", "--qty", "1", "--on",
                      "2026-11-20", "--certificate", CERT, "--certificate-until", "2027-05-01", "--today", TODAY)
    assert "--certificate-until" in message and "уже записан срок действия до 21.11.2026" in message
    message = refused(invoke, workspace, "ppe", "issue", "Сидоров", "--item", "Халат", "--qty", "1", "--on",
                      "2026-11-22", "--certificate", CERT, "--today", TODAY)
    assert "--certificate" in message and "истёк 21.11.2026" in message
    assert len(jrun(invoke, workspace, "ppe", "history")) == 1
    assert [c["valid_until"] for c in jrun(invoke, workspace, "ppe", "certificate", "list")] == ["2026-11-21"]
