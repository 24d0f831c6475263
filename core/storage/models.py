"""Core tables: organizations, departments, people, organization roles and the audit log.

Every table carries ``org_id`` (the organization table's own id is that key), so one
PostgreSQL database can hold a whole district.
"""

from __future__ import annotations

import datetime

from sqlalchemy import Column, Float, ForeignKey, Index, Integer, Text, UniqueConstraint
from pydantic import NaiveDatetime
from sqlmodel import Field, SQLModel


def utcnow() -> datetime.datetime:
    """The current moment in UTC, naive (stored the same way on SQLite and PostgreSQL)."""
    from core.clock import now

    return now()


#: Sectors, as the contests group organizations.
SECTORS = {
    "production": "производственная сфера",
    "non_production": "непроизводственная сфера",
    "education": "образование",
    "healthcare": "здравоохранение",
}

#: Roles of a person in labour protection.
OSH_ROLES = {
    "none": "нет",
    "specialist": "специалист по охране труда",
    "head": "руководитель службы охраны труда",
}

#: Kinds of employment (вид занятости) as 1С and «Парус» name them.
EMPLOYMENT_KINDS = {
    "main": "основное место работы",
    "internal": "внутреннее совместительство",
    "external": "внешнее совместительство",
}

#: Roles an organization assigns to one person at a time (head, workers' representative).
ORG_ROLES = {
    "head": "руководитель организации",
    "worker_representative": "представитель трудового коллектива",
}


class Organization(SQLModel, table=True):
    """An organization whose labour protection the workspace keeps."""

    __tablename__ = "core_organization"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=64, unique=True)
    name: str = Field(default="", max_length=500)
    short_name: str = Field(default="", max_length=200)
    legal_address: str = Field(default="", max_length=500)
    inn: str | None = Field(default=None, max_length=12)
    kpp: str | None = Field(default=None, max_length=9)
    ogrn: str | None = Field(default=None, max_length=15)
    okved: str | None = Field(default=None, max_length=8)
    sector: str | None = Field(default=None, max_length=20)
    small_business: bool | None = None
    headcount: int | None = None
    municipality: str = Field(default="", max_length=200)
    phone: str = Field(default="", max_length=50)
    email: str = Field(default="", max_length=200)
    website: str = Field(default="", max_length=200)
    #: The organization's own activities (виды спорта, работ), comma-separated keys of the plugins' catalogues
    #: (``known_activities`` hook): «swimming,football». Instruction lists, programmes and hazards follow them.
    activities: str = Field(default="", sa_column=Column(Text, nullable=False, default="", server_default=""))
    #: The district the organization belongs to on a district server, set by the server's administrator
    #: (``ohs org add --district``), not by the school's own profile: the district officer's scope follows it.
    district: str | None = Field(default=None, max_length=200)
    created_at: NaiveDatetime = Field(default_factory=utcnow)


class Department(SQLModel, table=True):
    """A structural unit (подразделение)."""

    __tablename__ = "core_department"
    __table_args__ = (UniqueConstraint("org_id", "name", name="uq_core_department_org_name"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("core_organization.id"), nullable=False, index=True))
    name: str = Field(max_length=300)


class Person(SQLModel, table=True):
    """A worker of the organization (current or dismissed: the history is kept)."""

    __tablename__ = "core_person"
    __table_args__ = (
        UniqueConstraint("org_id", "snils", name="uq_core_person_org_snils"),
        Index("ix_core_person_org_surname", "org_id", "surname"),
        Index("ix_core_person_org_personnel_number", "org_id", "personnel_number"),
    )

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("core_organization.id"), nullable=False, index=True))
    surname: str = Field(max_length=100)
    name: str = Field(max_length=100)
    patronymic: str | None = Field(default=None, max_length=100)
    gender: str | None = Field(default=None, max_length=1)
    birth_date: datetime.date | None = None
    position: str = Field(max_length=300)
    department_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("core_department.id"), nullable=True, index=True)
    )
    hired_on: datetime.date
    dismissed_on: datetime.date | None = None
    snils: str | None = Field(default=None, max_length=14)
    email: str | None = Field(default=None, max_length=200)
    osh_role: str = Field(default="none", max_length=20)
    #: Табельный номер as the HR program writes it (text: «00015», «0000-00015»).
    personnel_number: str | None = Field(default=None, max_length=50)
    #: Вид занятости of the stored (main) position: main | internal | external (see EMPLOYMENT_KINDS).
    employment_kind: str | None = Field(default=None, max_length=20)
    #: Ставка: the share of a full-time rate (0.25, 0.5, 1, 1.5).
    rate: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    created_at: NaiveDatetime = Field(default_factory=utcnow)

    @property
    def full_name(self) -> str:
        """«Фамилия Имя Отчество»."""
        return " ".join(p for p in (self.surname, self.name, self.patronymic) if p)

    @property
    def short_name(self) -> str:
        """«Фамилия И.О.», as in lists and journals."""
        initials = "".join(f"{p[0]}." for p in (self.name, self.patronymic) if p)
        return f"{self.surname} {initials}"

    def is_active(self, on: datetime.date) -> bool:
        """Employed on that day (the day of dismissal is the last working day)."""
        return self.hired_on <= on and (self.dismissed_on is None or self.dismissed_on >= on)


#: Why an employment began: hired, or transferred from the employment ``previous_id`` names.
EMPLOYMENT_REASONS = {"hire": "прием", "transfer": "перевод"}


class Employment(SQLModel, table=True):
    """One employment of a person: a position in a department, with its kind and rate, from a date to a date.

    A person holds several at once (internal part-time) and one after another (transfers). A transfer does not
    rewrite the employment in force: it closes it (``ended_on``, the day before the transfer) and opens the next
    one (``reason = "transfer"``, ``previous_id``), so every past date still finds the position and department
    held then. ``main`` marks the chain of the main place of work, which the person's own columns mirror.
    """

    __tablename__ = "core_employment"
    __table_args__ = (Index("ix_core_employment_person_started", "person_id", "started_on"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("core_organization.id"), nullable=False, index=True))
    person_id: int = Field(sa_column=Column(Integer, ForeignKey("core_person.id"), nullable=False))
    position: str = Field(max_length=300)
    department_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("core_department.id"), nullable=True, index=True)
    )
    #: main | internal | external (EMPLOYMENT_KINDS), None when the HR file does not say.
    kind: str | None = Field(default=None, max_length=20)
    rate: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    personnel_number: str | None = Field(default=None, max_length=50)
    main: bool = True
    started_on: datetime.date
    #: The last working day in this employment (a dismissal, or the day before a transfer); None: in force.
    ended_on: datetime.date | None = None
    reason: str = Field(default="hire", max_length=20)
    previous_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("core_employment.id"), nullable=True)
    )
    created_at: NaiveDatetime = Field(default_factory=utcnow)

    def in_force(self, on: datetime.date) -> bool:
        """Held on that day (both ends included)."""
        return self.started_on <= on and (self.ended_on is None or self.ended_on >= on)


class OrgRole(SQLModel, table=True):
    """Who holds an organization-wide role (head, workers' representative) since when."""

    __tablename__ = "core_org_role"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("core_organization.id"), nullable=False, index=True))
    role: str = Field(max_length=40)
    person_id: int = Field(sa_column=Column(Integer, ForeignKey("core_person.id"), nullable=False))
    since: datetime.date
    created_at: NaiveDatetime = Field(default_factory=utcnow)


class AuditEntry(SQLModel, table=True):
    """One change: when, who, which command, what entity, and the details as JSON."""

    __tablename__ = "core_audit"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("core_organization.id"), nullable=False, index=True))
    at: NaiveDatetime = Field(default_factory=utcnow)
    actor: str = Field(max_length=100)
    action: str = Field(max_length=60)
    entity: str = Field(max_length=60)
    entity_id: str | None = Field(default=None, max_length=60)
    details: str = Field(default="{}", sa_column=Column(Text, nullable=False, default="{}"))


CORE_MODELS: tuple[type[SQLModel], ...] = (Organization, Department, Person, Employment, OrgRole, AuditEntry)
