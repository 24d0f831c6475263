"""``ohs practice add|list|show|attach|link``: the register of best practice, its files and links."""

from __future__ import annotations

from core.context import Context
import hashlib
import json

import pytest
from bp_helpers import TODAY, add_practice, jrun, refused, run, setup_org

from core.hookspecs import hookimpl


def test_add_list_show(invoke, workspace):
    setup_org(invoke, workspace)
    first = add_practice(invoke, workspace, "Лонжи над брусьями", "2026-10-20", "--department", "Зал № 1",
                         "--source", "survey", "--cost", "240 000,50", "--author", "Серов В.И.",
                         "--spread", "видеоролик для тренеров")
    assert first["category"] == "technique" and first["cost"] == "240000.50" and first["author"] == "Серов В.И."
    assert first["department"] == "Зал № 1" and first["reported_in"] is None
    add_practice(invoke, workspace, "Поведенческий аудит", "2026-05-10", category="organization")
    rows = jrun(invoke, workspace, "practice", "list")
    assert [r["title"] for r in rows] == ["Поведенческий аудит", "Лонжи над брусьями"]  # by date of implementation
    q4 = jrun(invoke, workspace, "practice", "list", "--year", "2026", "--quarter", "4")
    assert [r["title"] for r in q4] == ["Лонжи над брусьями"]
    shown = run(invoke, workspace, "practice", "show", first["id"])
    assert "Лонжи над брусьями" in shown and "видеоролик для тренеров" in shown and "Серов В.И." in shown


@pytest.mark.parametrize(("args", "message"), [
    (("--title", "Т", "--description", "о", "--effect", "э", "--implemented", "2026-11-01"), "категория"),
    (("--category", "technique", "--description", "о", "--effect", "э", "--implemented", "2026-11-01"), "название"),
    (("--category", "technique", "--title", "Т", "--description", "о", "--effect", "э"), "дата внедрения"),
    (("--category", "technique", "--title", "Т", "--description", "о", "--effect", "э", "--implemented",
      "2026-12-01"), "ещё не наступила"),
    (("--category", "technique", "--title", "  ", "--description", "о", "--effect", "э", "--implemented",
      "2026-11-01"), "название"),
    (("--category", "technique", "--title", "Т", "--effect", "э", "--implemented", "2026-11-01"), "описание"),
    (("--category", "technique", "--title", "Т", "--description", "о", "--effect", "э", "--implemented",
      "2026-11-01", "--cost", "много"), "не сумма"),
    (("--category", "technique", "--title", "Т", "--description", "о", "--effect", "э", "--implemented",
      "2026-11-01", "--link", "measure:999"), "measure:999"),
    (("--category", "technique", "--title", "Т", "--description", "о", "--effect", "э", "--implemented",
      "2026-11-01", "--link", "plan:1"), "не понята"),
])
def test_bad_practice_is_refused_and_nothing_written(invoke, workspace, args, message):
    message_text = refused(invoke, workspace, "practice", "add", *args, "--today", TODAY)
    assert message in message_text.lower() or message in message_text
    assert jrun(invoke, workspace, "practice", "list") == []


def test_hook_describe_record(invoke, demo, register):
    """Links go through ``describe_record``: an ad-hoc plugin's ``risk:N`` and the real ``measure:N`` of the demo."""

    class Risks:
        @hookimpl
        def describe_record(self, ctx, ref):
            if ref == "risk:7":
                return {"ref": "risk:7", "title": "Падение со снаряда при соскоке", "date": None}
            return None

    register(Risks())
    practice = add_practice(invoke, demo, "Маты с липучками", "2026-11-10", "--link", "risk:7", "--link", "measure:1")
    links = {link["ref"]: link for link in jrun(invoke, demo, "practice", "show", practice["id"])["links"]}
    assert links["risk:7"]["title"] == "Падение со снаряда при соскоке"
    measure = next(m for m in jrun(invoke, demo, "suot", "measure", "list") if m["id"] == 1)
    assert links["measure:1"]["title"] == measure["measure"] and links["measure:1"]["date"] == measure["deadline"]
    # A record nobody describes is refused, and so is linking the same record twice.
    assert "risk:99999" in refused(invoke, demo, "practice", "link", practice["id"], "risk:99999")
    assert "уже связана" in refused(invoke, demo, "practice", "link", practice["id"], "risk:7")


def test_practice_is_described_for_other_plugins(demo, pm):
    from core.app import App

    app = App(pm, workspace=str(demo))
    with app.session(write=False) as session:
        org = app.org(session)
        found = pm.hook.describe_record(ctx=Context.of(session, org, pm), ref="practice:1")
        assert found["ref"] == "practice:1" and found["title"]
        assert pm.hook.describe_record(ctx=Context.of(session, org, pm), ref="practice:9999") is None


JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 100
PDF = b"%PDF-1.7\n" + b"x" * 100


def test_attachments_are_stored_by_sha256(invoke, workspace, tmp_path):
    setup_org(invoke, workspace)
    practice = add_practice(invoke, workspace, "Лонжи", "2026-10-20")
    photo, order = tmp_path / "лонжа.jpg", tmp_path / "приказ.pdf"
    photo.write_bytes(JPEG)
    order.write_bytes(PDF)
    added = jrun(invoke, workspace, "practice", "attach", practice["id"], photo, order, "--today", TODAY)
    assert [a["name"] for a in added] == ["лонжа.jpg", "приказ.pdf"]
    for a, content in zip(added, (JPEG, PDF), strict=True):
        sha = hashlib.sha256(content).hexdigest()
        assert a["sha256"] == sha
        assert (workspace / "files" / sha[:2] / sha).read_bytes() == content
    shown = jrun(invoke, workspace, "practice", "show", practice["id"])
    assert [(a["kind"], a["media_type"]) for a in shown["attachments"]] == [("photo", "image/jpeg"),
                                                                           ("document", "application/pdf")]
    assert "уже приложен" in refused(invoke, workspace, "practice", "attach", practice["id"], photo)


@pytest.mark.parametrize(("name", "content", "message"), [
    ("photo.jpg", b"GIF89a not a jpeg at all", "не похож"),
    ("virus.exe", b"MZ" + b"\x00" * 10, "не принимаются"),
    ("empty.png", b"", "пуст"),
    ("missing.pdf", None, "не найден"),
])
def test_bad_attachment_is_refused(invoke, workspace, tmp_path, name, content, message):
    setup_org(invoke, workspace)
    practice = add_practice(invoke, workspace, "Лонжи", "2026-10-20")
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    assert message in refused(invoke, workspace, "practice", "attach", practice["id"], path)
    assert jrun(invoke, workspace, "practice", "show", practice["id"])["attachments"] == []
    assert not [p for p in (workspace / "files").rglob("*") if p.is_file()]


def test_attachment_size_limit(invoke, workspace, tmp_path, monkeypatch):
    from plugins.best_practices import attachments

    monkeypatch.setattr(attachments, "MAX_BYTES", 1000)
    setup_org(invoke, workspace)
    practice = add_practice(invoke, workspace, "Лонжи", "2026-10-20")
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-" + b"x" * 2000)
    assert "больше допустимых" in refused(invoke, workspace, "practice", "attach", practice["id"], big)


def test_person_activity_and_stats(invoke, workspace, pm):
    import datetime

    from core.app import App
    from core.registry.people import list_people

    setup_org(invoke, workspace)
    mine = add_practice(invoke, workspace, "Обходы с уполномоченным", "2026-03-10", "--author", "Серов В.И.",
                        category="union")
    add_practice(invoke, workspace, "Чужая практика", "2026-03-11", "--author", "Колесникова О.В.")
    add_practice(invoke, workspace, "Давняя практика", "2024-03-11", "--author", "Серов В.И.")
    app = App(pm, workspace=str(workspace))
    with app.session(write=False) as session:
        org = app.org(session)
        serov = next(p for p in list_people(session, org) if p.surname == "Серов")
        found = [i for batch in pm.hook.person_activity(ctx=Context.of(session, org, pm), person_id=serov.id,
                                                        since=datetime.date(2025, 1, 1),
                                                        until=datetime.date(2026, 12, 31)) for i in batch]
        stats = {key: value for batch in pm.hook.stats(ctx=Context.of(session, org, pm)) for key, _, value in batch}
    practices = [i for i in found if i["kind"] == "practice"]
    assert practices == [{"kind": "practice", "title": "Обходы с уполномоченным", "date": datetime.date(2026, 3, 10),
                          "ref": f"practice:{mine['id']}", "category": "union"}]
    assert stats["best_practices.practices"] == 3 and stats["best_practices.reports"] == 0
    assert json.dumps(stats)  # plain numbers
