"""Tables of commissions and appointments made by order (приказ).

A commission's composition is the record of one order: changing it means a new order, i.e. a new
commission row whose ``replaces_id`` names the old one; the old row is never edited. Appointments
(the person responsible for OSH, briefing instructors) are records of orders in the same way.
"""

from __future__ import annotations

import datetime

from pydantic import NaiveDatetime
from sqlalchemy import Column, ForeignKey, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.storage.models import utcnow

#: Commission kinds, one per criterion of the contest «Лучший специалист по охране труда» (приказ
#: Минтруда России от 26.11.2021 № 828, Положение, приложение № 3, раздел «Опыт работы … в рамках участия
#: в работе»; seed 001), so the contest counts a person's commissions without a mapping of its own.
#: ``other`` is the contest's «иные процессы (процедуры) охраны труда».
COMMISSION_KINDS: dict[str, str] = {
    "osh_committee": "комитет (комиссия) по охране труда",
    "sout": "комиссия по проведению специальной оценки условий труда",
    "professional_risks": "комиссия (группа) по оценке профессиональных рисков",
    "knowledge_check": "комиссия по проверке знания требований охраны труда",
    "ppe_incoming_control": "комиссия (группа) по входному контролю средств индивидуальной защиты",
    "buildings_control": "комиссия (группа) по контролю состояния зданий и сооружений",
    "equipment_control": "комиссия (группа) по контролю состояния оборудования",
    "processes_control": "комиссия (группа) по контролю функционирования технологических процессов (видов работ)",
    "tools_control": "комиссия (группа) по контролю состояния инструментов и приспособлений",
    "materials_control": "комиссия (группа) по контролю безопасности используемого сырья и материалов",
    "contractors_control": "комиссия (группа) по контролю безопасного выполнения работ работниками подрядных организаций",
    "accidents": "комиссия по расследованию несчастных случаев на производстве",
    "microtraumas": "комиссия по расследованию микротравм на производстве",
    "occupational_diseases": "комиссия по расследованию профессиональных заболеваний",
    "emergencies": "комиссия по расследованию аварийных ситуаций",
    "sanitary_control": "комиссия (группа) по контролю состояния санитарно-бытовых устройств",
    "work_rest_control": "комиссия (группа) по контролю соблюдения режимов труда и отдыха работников",
    "milk_control": "комиссия (группа) по контролю обеспечения работников молоком или другими равноценными пищевыми продуктами",
    "nutrition_control": "комиссия (группа) по контролю обеспечения работников лечебно-профилактическим питанием",
    "suot_analysis": "комиссия по проверке и анализу функционирования системы управления охраной труда",
    "osh_contest": "конкурсная комиссия конкурса по охране труда",
    "other": "комиссия по контролю функционирования иных процессов (процедур) охраны труда",
}

#: Roles in a commission's composition, in the order an order lists them.
MEMBER_ROLES: dict[str, str] = {
    "chair": "председатель",
    "deputy": "заместитель председателя",
    "secretary": "секретарь",
    "member": "член комиссии",
}

#: Duties assigned by order to one person; ``intro_briefing`` is a separate contest criterion.
APPOINTMENT_ROLES: dict[str, str] = {
    "osh_responsible": "ответственный за организацию работы по охране труда",
    "briefing_instructor": "лицо, проводящее инструктажи по охране труда",
    "intro_briefing": "лицо, проводящее вводный инструктаж по охране труда",
    "first_aid_trainer": "лицо, проводящее обучение оказанию первой помощи",
}
#: Appointments that may be limited to one department (a foreman instructs his own unit).
SCOPED_ROLES = ("briefing_instructor", "first_aid_trainer")


class Commission(SQLModel, table=True):
    """A commission created by an order: its kind, the order, the signer and its period."""

    __tablename__ = "core_commission"
    # One order creates one commission; the constraint also guards against two processes at once.
    __table_args__ = (
        UniqueConstraint("org_id", "order_number", "order_date", name="uq_core_commission_org_order"),
    )

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("core_organization.id"), nullable=False, index=True))
    kind: str = Field(max_length=40, index=True)
    title: str = Field(max_length=300)
    order_number: str = Field(max_length=40)
    order_date: datetime.date
    signed_by_id: int = Field(sa_column=Column(Integer, ForeignKey("core_person.id"), nullable=False))
    valid_from: datetime.date
    valid_until: datetime.date | None = None
    replaces_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("core_commission.id"), nullable=True, index=True)
    )
    dissolved_on: datetime.date | None = None
    created_at: NaiveDatetime = Field(default_factory=utcnow)


class CommissionMember(SQLModel, table=True):
    """A person in a commission's composition, with the role the order gives them."""

    __tablename__ = "core_commission_member"
    __table_args__ = (
        UniqueConstraint("commission_id", "person_id", name="uq_core_commission_member_person"),
    )

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("core_organization.id"), nullable=False, index=True))
    commission_id: int = Field(
        sa_column=Column(Integer, ForeignKey("core_commission.id"), nullable=False, index=True)
    )
    person_id: int = Field(sa_column=Column(Integer, ForeignKey("core_person.id"), nullable=False, index=True))
    role: str = Field(max_length=20)
    from_date: datetime.date
    until_date: datetime.date | None = None


class Appointment(SQLModel, table=True):
    """A person appointed by order to an OSH duty, optionally for one department."""

    __tablename__ = "core_appointment"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("core_organization.id"), nullable=False, index=True))
    role: str = Field(max_length=40)
    person_id: int = Field(sa_column=Column(Integer, ForeignKey("core_person.id"), nullable=False, index=True))
    department_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("core_department.id"), nullable=True)
    )
    order_number: str = Field(max_length=40)
    order_date: datetime.date
    from_date: datetime.date
    until_date: datetime.date | None = None
    created_at: NaiveDatetime = Field(default_factory=utcnow)


COMMISSION_MODELS: tuple[type[SQLModel], ...] = (Commission, CommissionMember, Appointment)
