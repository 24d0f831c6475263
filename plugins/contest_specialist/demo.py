"""The demo school's OSH specialist keeps a modest portfolio, so ``facts`` then ``score`` show a real total.

Dates are counted back from the demo's date, so the windows («5 лет», «действующие») hold whatever
``--as-of`` the demo is built for. One item has no evidence file on purpose: the score shows it lost.
"""

from __future__ import annotations

import datetime
import hashlib
import random
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.payloads import Figure
    from sqlmodel import Session

    from core.storage.models import Organization, Person
    from core.workspace import Workspace

OSH_SPECIALIST = "Специалист по охране труда"

#: (kind, fields, days before the demo date, evidence file name or None).
DEMO_ITEMS: tuple[tuple[str, dict[str, Any], int, str | None], ...] = (
    ("education", {"subtype": "higher", "title": "Диплом бакалавра, Тульский государственный университет"}, 6900,
     "diplom.pdf"),
    ("retraining", {"number": 256, "title": "Специалист в области охраны труда, 256 ч"}, 2400, "perepodgotovka.pdf"),
    ("employment", {"subtype": "osh_services", "title": "Инженер, ООО «Центр охраны труда» (аутсорсинг)",
                    "span": 1500}, 3800, "trudovaya.pdf"),
    ("certificate", {"subtype": "short_course", "title": "Семинар «Новые правила по охране труда»"}, 700, "seminar.pdf"),
    ("certificate", {"subtype": "short_course", "title": "Тренинг «Оценка профессиональных рисков»"}, 400,
     "trening.pdf"),
    ("certificate", {"subtype": "short_course", "title": "Курс «Первая помощь» (вне окна 5 лет)"}, 2200, "kurs.pdf"),
    ("certificate", {"subtype": "attested", "title": "Пожарно-технический минимум, проверка знаний",
                     "valid_for": 1095}, 300, "ptm.pdf"),
    ("event", {"level": "regional", "format": "conference", "role": "speaker", "flag": True,
               "title": "Региональная конференция министерства труда Тульской области, доклад"}, 500, "programma-1.pdf"),
    ("event", {"level": "national", "format": "forum", "role": "participant",
               "title": "Всероссийская неделя охраны труда"}, 650, "programma-2.pdf"),
    ("event", {"level": "national", "format": "webinar", "role": "participant",
               "title": "Вебинар профессионального сообщества по охране труда"}, 90, "vebinar.pdf"),
    ("award", {"level": "organization", "title": "Благодарность директора"}, 380, "blagodarnost.pdf"),
    ("award", {"level": "regional", "title": "Почётная грамота администрации города Тулы"}, 820, "gramota.pdf"),
    ("publication", {"title": "Статья «Инструктажи в спортивной школе», журнал «Охрана труда»"}, 540, "statya.pdf"),
    ("publication", {"title": "Заметка на сайте учреждения (скан не приложен)"}, 120, None),
    ("membership", {"title": "Член регионального объединения специалистов по охране труда"}, 900, "chlenstvo.pdf"),
    ("mentoring", {"title": "Наставник молодых специалистов по охране труда"}, 1000, "nastavnik.pdf"),
    ("document", {"subtype": "suot_regulation", "title": "Положение о СУОТ (разработчик — на второй странице)"},
     1500, "polozhenie-suot.pdf"),
    ("program", {"subtype": "osh_training", "title": "Программа обучения по охране труда работников школы"}, 1100,
     "programma-obucheniya.pdf"),
    ("clean_record", {"subtype": "disciplinary", "title": "Справка отдела кадров об отсутствии взысканий"}, 20,
     "spravka-1.pdf"),
    ("project", {"title": "Уголок охраны труда в спортзале",
                 "description": "Оборудован уголок охраны труда в зале спортивной гимнастики МБУ СШОР: памятки по "
                                "страховке, план эвакуации, аптечка; разработала содержание и провела инструктаж тренеров."},
     200, "akt-vnedreniya.pdf"),
)
#: The head's marks in the characteristic (Приложение № 2), scale 1–5.
DEMO_CHARACTERISTIC = {"planning": 4, "critical_decisions": 4, "communication": 5, "documents": 5, "commitment": 5,
                       "knowledge": 4, "innovation": 3, "effectiveness": 4}


def _store(session: Session, workspace: Any, name: str, person: Person) -> tuple[str, int]:
    """A small text «scan» stored by sha256 in the workspace (content unique per file name and person).

    Staged on the session (core.io.store): it appears in ``files/`` when the demo's transaction commits.
    """
    data = f"Демонстрационная копия документа «{name}», {person.full_name}.\n".encode()
    if workspace is None:
        return hashlib.sha256(data).hexdigest(), len(data)
    from core.io.store import store_bytes

    sha, size, _target = store_bytes(session, workspace.files_dir, data)
    return sha, size


def add_demo_portfolio(session: Session, org: Organization, people: list[Person], rng: random.Random,
                       today: datetime.date, workspace: Workspace | None) -> None:
    """Add the specialist's portfolio in two bulk inserts (items, then evidence)."""
    from sqlalchemy import insert
    from sqlmodel import select

    from core.storage.models import utcnow
    from plugins.contest_specialist.models import PortfolioEvidence, PortfolioItem

    specialist = next((p for p in people if p.position == OSH_SPECIALIST and p.is_active(today)), None)
    if specialist is None:
        return
    now = utcnow()
    rows, files = [], []
    items = [(kind, dict(fields), days, ev) for kind, fields, days, ev in DEMO_ITEMS]
    items += [("characteristic", {"subtype": key, "number": score, "title": "Характеристика, подписанная директором"},
               15, "harakteristika.pdf") for key, score in DEMO_CHARACTERISTIC.items()]
    for kind, fields, days, evidence in items:
        on = today - datetime.timedelta(days=days)
        span, valid_for = fields.pop("span", None), fields.pop("valid_for", None)
        rows.append({
            "org_id": org.id, "person_id": specialist.id, "kind": kind, "subtype": fields.get("subtype"),
            "level": fields.get("level"), "role": fields.get("role"), "format": fields.get("format"),
            "title": fields["title"], "on": on, "date_to": on + datetime.timedelta(days=span) if span else None,
            "valid_until": on + datetime.timedelta(days=valid_for) if valid_for else None,
            "number": fields.get("number"), "flag": fields.get("flag"), "description": fields.get("description"),
            "ref": None, "added_on": today, "created_at": now,
        })
        files.append(evidence)
    session.execute(insert(PortfolioItem), rows)
    ids = list(session.exec(select(PortfolioItem.id).where(PortfolioItem.person_id == specialist.id)
                            .order_by(PortfolioItem.id)))[-len(rows):]
    evidence_rows = []
    for item_id, name in zip(ids, files, strict=True):
        if name is None:
            continue
        sha, size = _store(session, workspace, name, specialist)
        evidence_rows.append({"org_id": org.id, "item_id": item_id, "sha256": sha, "filename": name, "size": size,
                              "added_on": today, "created_at": now})
    session.execute(insert(PortfolioEvidence), evidence_rows)


def portfolio_stats(session: Session, org: Organization) -> list[Figure]:
    """Counts for ``ohs stats``."""
    from core.payloads import Figure

    from sqlalchemy import func
    from sqlmodel import select

    from plugins.contest_specialist.models import PortfolioEvidence, PortfolioItem

    items = session.exec(select(func.count()).select_from(PortfolioItem).where(PortfolioItem.org_id == org.id)).one()
    files = session.exec(select(func.count()).select_from(PortfolioEvidence)
                         .where(PortfolioEvidence.org_id == org.id)).one()
    return [Figure("contest_specialist.items", "Записи портфолио конкурса специалистов", int(items)),
            Figure("contest_specialist.evidence", "Файлы подтверждений портфолио", int(files))]
