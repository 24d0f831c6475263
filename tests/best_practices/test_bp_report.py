"""``ohs practice report|submit``: the quarterly report (letter + table), submission records, frozen quarters."""

from __future__ import annotations

import hashlib
from pathlib import Path

from bp_helpers import add_practice, jrun, refused, run, setup_org

from core.testing import docx_text
from core.testing import workspace_db_url


def settings(ws, text):
    with open(Path(ws) / "ohs.toml", "a", encoding="utf-8") as fh:
        fh.write("\n[best_practices]\n" + text + "\n")


def test_report_has_the_quarter_practices_requisites_and_letter(invoke, workspace):
    setup_org(invoke, workspace)
    settings(workspace, 'addressee = "Заместителю главы администрации города Тулы\\nПетрову П.П."')
    q3 = add_practice(invoke, workspace, "Маты с липучками", "2026-08-10", today="2026-09-01")
    run(invoke, workspace, "practice", "submit", "--year", "2026", "--quarter", "3", "--on", "2026-09-20",
        "--number", "01-14/3", "--today", "2026-09-20")
    late = add_practice(invoke, workspace, "Памятки у снарядов", "2026-09-01", today="2026-10-05",
                        category="organization")
    q4 = add_practice(invoke, workspace, "Лонжи над брусьями", "2026-10-20", "--spread", "видеоролик для тренеров",
                      today="2026-11-01")
    made = jrun(invoke, workspace, "practice", "report", "--year", "2026", "--quarter", "4", "--number", "01-14/9",
                "--today", "2026-11-23")
    assert made["frozen"] is False
    text = docx_text(made["path"])
    # The cover letter: requisites, number and date, addressee, signature.
    for expected in ("МБУ «Спортивная школа № 7»", "ИНН 7106045124", "300041, г. Тула, ул. Советская, 1",
                     "23.11.2026 № 01-14/9", "О передовом опыте в области охраны труда за IV квартал 2026 г.",
                     "Заместителю главы администрации города Тулы\nПетрову П.П.", "М.А. Ульянова",
                     "2 практики", "Исп.: Колесникова Ольга Викторовна"):
        assert expected in text, expected
    # The table: this quarter's practice and the earlier one not reported yet, not the one reported in III.
    assert q4["title"] in text and "видеоролик для тренеров" in text and "20.10.2026" in text
    assert late["title"] in text and "01.09.2026" in text
    assert q3["title"] not in text


def test_submitted_quarter_is_frozen_and_resubmission_needs_a_reason(invoke, workspace):
    setup_org(invoke, workspace)
    add_practice(invoke, workspace, "Лонжи над брусьями", "2026-10-20")
    sent = jrun(invoke, workspace, "practice", "submit", "--year", "2026", "--quarter", "4", "--on", "2026-12-20",
                "--number", "01-14/12", "--today", "2026-12-20")
    assert sent["version"] == 1 and sent["reason"] is None and len(sent["practice_ids"]) == 1
    assert hashlib.sha256(Path(sent["path"]).read_bytes()).hexdigest() == sent["sha256"]
    registered = jrun(invoke, workspace, "docs", "show", sent["document_id"])
    assert registered["sha256"] == sent["sha256"] and registered["file"] == "ok" and registered["number"] == "01-14/12"
    # A practice added afterwards does not change the submitted report.
    extra = add_practice(invoke, workspace, "Видеоролик о страховке", "2026-12-21", today="2026-12-22")
    frozen = jrun(invoke, workspace, "practice", "report", "--year", "2026", "--quarter", "4", "--today", "2026-12-22")
    assert frozen["frozen"] is True and frozen["path"] == sent["path"] and frozen["file"] == "ok"
    assert "Видеоролик" not in docx_text(frozen["path"])
    assert "не переделывается" in refused(invoke, workspace, "docs", "make", "best_practices_report", "--today",
                                          "2026-12-22")
    message = refused(invoke, workspace, "practice", "submit", "--year", "2026", "--quarter", "4", "--on",
                      "2026-12-23", "--today", "2026-12-23")
    assert "уже направлен 20.12.2026" in message and "--reason" in message
    again = jrun(invoke, workspace, "practice", "submit", "--year", "2026", "--quarter", "4", "--on", "2026-12-23",
                 "--reason", "добавлен видеоролик", "--today", "2026-12-23")
    assert again["version"] == 2 and again["reason"] == "добавлен видеоролик"
    assert extra["id"] in again["practice_ids"] and again["path"] != sent["path"]
    assert Path(sent["path"]).exists()  # the first version is kept
    history = jrun(invoke, workspace, "practice", "submissions")
    assert [(h["version"], h["reason"]) for h in history] == [(1, None), (2, "добавлен видеоролик")]
    # What IV quarter carried is not reported again in I quarter 2027.
    nxt = jrun(invoke, workspace, "practice", "report", "--year", "2027", "--quarter", "1", "--today", "2027-01-15")
    assert "новый передовой опыт в области охраны труда не внедрялся" in docx_text(nxt["path"])


def test_bad_report_requests_are_refused(invoke, workspace):
    setup_org(invoke, workspace)
    assert "ещё не начался" in refused(invoke, workspace, "practice", "report", "--year", "2027", "--quarter", "1",
                                       "--today", "2026-11-23")
    assert "ещё не начался" in refused(invoke, workspace, "practice", "submit", "--year", "2027", "--quarter", "1",
                                       "--on", "2026-11-23", "--today", "2026-11-23")
    assert "ещё не наступила" in refused(invoke, workspace, "practice", "submit", "--year", "2026", "--quarter", "4",
                                         "--on", "2026-11-24", "--today", "2026-11-23")
    assert "только для повторного" in refused(invoke, workspace, "practice", "submit", "--year", "2026", "--quarter",
                                              "4", "--on", "2026-11-23", "--reason", "x", "--today", "2026-11-23")
    assert "и год, и квартал" in refused(invoke, workspace, "practice", "report", "--year", "2026")
    assert jrun(invoke, workspace, "practice", "submissions") == []


def test_missing_addressee_and_head_are_listed(invoke, workspace):
    message = refused(invoke, workspace, "practice", "report", "--year", "2026", "--quarter", "4",
                      "--today", "2026-11-23")
    assert "Адресат отчёта" in message and "addressee" in message and "Руководитель организации" in message
    assert jrun(invoke, workspace, "docs", "list") == []


def test_verify_notices_a_changed_or_removed_submission(invoke, workspace, backend):
    from sqlalchemy import text

    from core.storage.db import make_engine

    setup_org(invoke, workspace)
    for quarter, on in (("3", "2026-09-20"), ("4", "2026-11-20")):
        run(invoke, workspace, "practice", "submit", "--year", "2026", "--quarter", quarter, "--on", on,
            "--today", "2026-11-23")
    assert "Отчёты о передовом опыте (отправки): 2 записи, цепочка цела" in run(invoke, workspace, "verify")
    engine = make_engine(workspace_db_url(workspace))
    with engine.begin() as conn:
        conn.execute(text("UPDATE best_practices_submission SET submitted_on = '2026-09-10' WHERE seq = 1"))
    result = invoke("-w", workspace, "verify")
    assert result.exit_code == 1 and "отправка № 1" in result.output and "хеш не совпадает" in result.output
    with engine.begin() as conn:
        conn.execute(text("UPDATE best_practices_submission SET submitted_on = '2026-09-20' WHERE seq = 1"))
        conn.execute(text("DELETE FROM best_practices_submission WHERE seq = 2"))
    result = invoke("-w", workspace, "verify")
    assert result.exit_code == 1 and "отправка № 2" in result.output
