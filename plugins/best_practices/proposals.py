"""Workers' proposals and survey answers, and the specialist's review: accepted → a practice, or rejected.

The seed letter 002 names the channels: targeted and periodic surveys of workers, express surveys
after training, and the social partners (the trade union). A proposal is decided once: accepting it
adds the practice (its source is the proposal), rejecting it records the reason.
"""

from __future__ import annotations

import datetime
import json
from typing import TYPE_CHECKING, Any

from core.errors import NotFoundError, OhsError
from plugins.best_practices.practices import CATEGORIES, clean

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization, Person
    from plugins.best_practices.models import BestPractice, BestPracticeProposal

CHANNELS: dict[str, str] = {
    "proposal": "предложение работника", "survey": "опрос работников", "training": "экспресс-опрос после обучения",
    "union": "профсоюз (социальный партнёр)", "other": "другое",
}
STATUS_WORDS = {"new": "на рассмотрении", "accepted": "принято", "rejected": "отклонено"}
#: The practice's source for each channel.
SOURCE_OF_CHANNEL = {"proposal": "proposal", "survey": "survey", "training": "training", "union": "proposal",
                     "other": "other"}


def add_proposal(session: Session, org: Organization, text: str | None, received: datetime.date,
                 today: datetime.date, channel: str = "proposal", author: Person | None = None,
                 author_name: str | None = None, department: str | None = None, category: str | None = None,
                 effect: str | None = None) -> BestPracticeProposal:
    """Record one proposal after the checks."""
    from core.audit import audit
    from plugins.best_practices.models import BestPracticeProposal

    text = clean(text)
    if not text:
        raise OhsError('Текст предложения пуст; напишите его: --text "…".', concerns="text",
                       form="Текст предложения пуст; впишите, что предлагает работник.")
    if channel not in CHANNELS:
        raise OhsError(f"Канала «{channel}» нет; выберите: {', '.join(CHANNELS)}.", concerns="channel",
                       form="Выберите, откуда поступило предложение.")
    if category is not None and category not in CATEGORIES:
        raise OhsError(f"Категории «{category}» нет; выберите: {', '.join(CATEGORIES)}.", concerns="category",
                       form="Выберите область практики из списка.")
    if received > today:
        raise OhsError(f"Дата поступления {received:%d.%m.%Y} ещё не наступила; укажите прошедшую дату.",
                       concerns="received")
    row = BestPracticeProposal(
        org_id=org.id, received_on=received, channel=channel, text=text, author_id=author.id if author else None,
        author_name=author.full_name if author else clean(author_name), department=clean(department),
        category=category, effect=clean(effect),
    )
    session.add(row)
    session.flush()
    audit(session, org, "practice.proposal.add", "best_practices_proposal", row.id, channel=channel,
          received_on=received, author=row.author_id)
    return row


def get_proposal(session: Session, org: Organization, proposal_id: int) -> BestPracticeProposal:
    """The organization's proposal with that number."""
    from plugins.best_practices.models import BestPracticeProposal

    row = session.get(BestPracticeProposal, proposal_id)
    if row is None or row.org_id != org.id:
        raise NotFoundError(f"Предложения №{proposal_id} нет; посмотрите номера: ohs practice proposal list.",
                            form=f"Предложения №{proposal_id} нет; номера — на странице «Предложения работников».")
    return row


def _open(row: BestPracticeProposal, on: datetime.date, today: datetime.date) -> None:
    if row.status != "new":
        raise OhsError(f"Предложение №{row.id} уже {STATUS_WORDS[row.status]} {row.decided_on:%d.%m.%Y}; "
                       "решение не меняется — при новых обстоятельствах запишите новое предложение.")
    if on > today:
        raise OhsError(f"Дата решения {on:%d.%m.%Y} ещё не наступила.", concerns="on")
    if on < row.received_on:
        raise OhsError(f"Дата решения {on:%d.%m.%Y} раньше поступления предложения {row.received_on:%d.%m.%Y}.",
                       concerns="on")


def accept_proposal(session: Session, org: Organization, proposal_id: int, on: datetime.date, today: datetime.date,
                    *, category: str | None, title: str | None, implemented: datetime.date | None,
                    description: str | None = None, effect: str | None = None, department: str | None = None,
                    spread: str | None = None, cost: str | None = None) -> tuple[BestPracticeProposal, BestPractice]:
    """Accept the proposal and add the practice it became (the proposal's author is the practice's author)."""
    from core.audit import audit
    from core.storage.models import Person
    from plugins.best_practices.practices import add_practice

    row = get_proposal(session, org, proposal_id)
    _open(row, on, today)
    author = session.get(Person, row.author_id) if row.author_id else None
    practice = add_practice(
        session, org, category=category or row.category, title=title, description=description or row.text,
        effect=effect or row.effect, implemented=implemented, today=today, department=department or row.department,
        source=SOURCE_OF_CHANNEL[row.channel], cost=cost, author=author, spread=spread,
    )
    row.status, row.decided_on, row.practice_id = "accepted", on, practice.id
    session.add(row)
    audit(session, org, "practice.proposal.accept", "best_practices_proposal", row.id, on=on, practice=practice.id)
    return row, practice


def reject_proposal(session: Session, org: Organization, proposal_id: int, on: datetime.date, reason: str | None,
                    today: datetime.date) -> BestPracticeProposal:
    """Reject the proposal with the reason (told to the worker)."""
    from core.audit import audit

    reason = clean(reason)
    if not reason:
        raise OhsError('Не указана причина отклонения; добавьте --reason "…" (её сообщают автору).', concerns="reason",
                       form="Не указана причина отклонения (её сообщают автору).")
    row = get_proposal(session, org, proposal_id)
    _open(row, on, today)
    row.status, row.decided_on, row.reason = "rejected", on, reason
    session.add(row)
    audit(session, org, "practice.proposal.reject", "best_practices_proposal", row.id, on=on, reason=reason)
    return row


def list_proposals(session: Session, org: Organization, status: str | None = None) -> list[BestPracticeProposal]:
    """Proposals by date received (of one status when given)."""
    from sqlmodel import select

    from plugins.best_practices.models import BestPracticeProposal

    query = select(BestPracticeProposal).where(BestPracticeProposal.org_id == org.id)
    if status:
        query = query.where(BestPracticeProposal.status == status)
    return list(session.exec(query.order_by(BestPracticeProposal.received_on, BestPracticeProposal.id)))


def proposal_json(row: BestPracticeProposal) -> dict[str, Any]:
    """A proposal for ``--json`` output."""
    from core.io.json_values import record_view

    return record_view(row, "id received_on channel text author_id author=author_name department category effect "
                            "survey answers status status_title decided_on reason practice_id",
                       answers=json.loads(row.answers) if row.answers else {}, status_title=STATUS_WORDS[row.status])
