"""Tables of hazards, risk assessments, control acts and their links to the plan of measures.

Assessments and control acts are records: they are never edited. A re-assessment of the same
hazard at the same workplace is a new row that names the one it supersedes; a correction of an
act is a new act that names the act it corrects. What a risk or a finding led to in the plan is a
row of ``suot_measure_link`` (the measure itself stays as adopted).
"""

from __future__ import annotations

import datetime

from pydantic import NaiveDatetime
from sqlalchemy import Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from core.storage.models import utcnow
from core.storage.refs import kind_refs, ref_kind


class SuotHazard(SQLModel, table=True):
    """A hazard the organization added to the catalogue beyond the regulation's list (data/hazards.toml)."""

    __tablename__ = "suot_hazard"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("core_organization.id"), nullable=False, index=True))
    code: str = Field(max_length=60)
    group_key: str = Field(max_length=40)
    text: str = Field(max_length=1000)
    added_on: datetime.date
    created_at: NaiveDatetime = Field(default_factory=utcnow)


class SuotRiskAssessment(SQLModel, table=True):
    """One assessment of one hazard at one workplace (position and/or department): P × S, measures, residual."""

    __tablename__ = "suot_risk_assessment"
    # Links name an assessment «risk:N» (core/storage/refs.py).
    __table_args__ = {"info": ref_kind("risk")}

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("core_organization.id"), nullable=False, index=True))
    hazard_code: str = Field(max_length=60, index=True)
    # The hazard's wording when assessed: the catalogue may be reworded later, the record may not.
    hazard_text: str = Field(max_length=1000)
    position: str | None = Field(default=None, max_length=300)
    department_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("core_department.id"), nullable=True)
    )
    probability: int
    severity: int
    controls: str | None = Field(default=None, max_length=2000)
    residual_probability: int | None = None
    residual_severity: int | None = None
    assessed_on: datetime.date
    assessed_by_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("core_person.id"), nullable=True)
    )
    supersedes_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("suot_risk_assessment.id"), nullable=True)
    )
    note: str | None = Field(default=None, max_length=2000)
    created_at: NaiveDatetime = Field(default_factory=utcnow)


class SuotControlAct(SQLModel, table=True):
    """An act of control of the СУОТ (п. 16.4): its stage, date, who held it, where, and the conclusion."""

    __tablename__ = "suot_control_act"
    __table_args__ = {"info": ref_kind("control_act")}

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("core_organization.id"), nullable=False, index=True))
    number: int
    stage: int
    held_on: datetime.date
    conducted_by_id: int = Field(sa_column=Column(Integer, ForeignKey("core_person.id"), nullable=False))
    department_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("core_department.id"), nullable=True)
    )
    participants: str | None = Field(default=None, max_length=1000)
    scope: str | None = Field(default=None, max_length=1000)
    conclusion: str | None = Field(default=None, max_length=2000)
    corrects_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("suot_control_act.id"), nullable=True)
    )
    created_at: NaiveDatetime = Field(default_factory=utcnow)


class SuotControlFinding(SQLModel, table=True):
    """A finding of a control act: what was found and, where given, the requirement it breaks."""

    __tablename__ = "suot_control_finding"
    __table_args__ = {"info": ref_kind("finding")}

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("core_organization.id"), nullable=False, index=True))
    act_id: int = Field(sa_column=Column(Integer, ForeignKey("suot_control_act.id"), nullable=False, index=True))
    text: str = Field(max_length=2000)
    requirement: str | None = Field(default=None, max_length=1000)
    added_on: datetime.date
    created_at: NaiveDatetime = Field(default_factory=utcnow)


class SuotMeasureLink(SQLModel, table=True):
    """A measure of the plan answering a record: ``risk:N`` (an assessment) or ``finding:N`` (a control finding)."""

    __tablename__ = "suot_measure_link"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("core_organization.id"), nullable=False, index=True))
    ref: str = Field(max_length=40, index=True, sa_column_kwargs={"info": kind_refs()})
    measure_id: int = Field(sa_column=Column(Integer, ForeignKey("suot_measure.id"), nullable=False, index=True))
    linked_on: datetime.date
    created_at: NaiveDatetime = Field(default_factory=utcnow)


RISK_MODELS: tuple[type[SQLModel], ...] = (
    SuotHazard, SuotRiskAssessment, SuotControlAct, SuotControlFinding, SuotMeasureLink,
)
