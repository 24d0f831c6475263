"""What the district's pages ask of the services, called in the bench's own process; the bench's database and counters.

``bench_district.py`` times each page next to these calls (same database, same run), so a page's overhead reads as
the difference; they open units of work as the server does (the district's read transaction; a school's under its
row-level security).
"""

from __future__ import annotations

import datetime
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from district_build import DISTRICT, District


class Databases:
    """The bench's own database on the PostgreSQL server of ``base``: created here, dropped at the end."""

    def __init__(self, base: str) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        from core.storage.db import normalize_url

        self.base = make_url(normalize_url(base))
        self.admin = create_engine(self.base, isolation_level="AUTOCOMMIT")
        self.name = f"ohs_bench_district_{uuid.uuid4().hex[:8]}"

    def create(self) -> str:
        """Create the database; its plain ``postgresql://`` URL."""
        from sqlalchemy import text

        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.name}"'))
        return self.base.set(drivername="postgresql", database=self.name).render_as_string(hide_password=False)

    def drop(self) -> None:
        """Drop it, whoever is still connected."""
        from sqlalchemy import text

        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        self.admin.dispose()


class Direct:
    """The service calls behind each page, in this process, on the server's database (as the server makes them)."""

    def __init__(self, district: District) -> None:
        from core.app import App
        from core.plugins import get_plugin_manager
        from core.render.russian_dates import quarter_of
        from core.web.tenancy import Tenants

        self.district = district
        self.home = App(get_plugin_manager(entry_points=False), workspace=str(district.root))
        self.tenants = Tenants(self.home)
        self.quarter = quarter_of(district.today)
        self.scratch = Path(tempfile.mkdtemp(prefix="ohs-bench-district-"))

    def close(self) -> None:
        """Release the connections and remove the files written."""
        self.home.engine.dispose()
        shutil.rmtree(self.scratch, ignore_errors=True)

    def _summary(self, session: Any) -> dict[str, Any]:
        from plugins.best_practices.district import district_summary
        from plugins.best_practices.settings import load_settings

        settings = load_settings(self.home.workspace.section("best_practices"))
        return district_summary(session, None, self.quarter, settings, self.district.today, district=DISTRICT)

    def summary(self) -> None:
        """``/district``: the submissions of every organization of the district (one read transaction)."""
        with self.home.session(write=False) as session:
            self._summary(session)

    def summary_docx(self) -> None:
        """``/district/summary.docx``: the summary rendered and written as DOCX."""
        from core.documents.kinds import get_kind
        from core.documents.rendering import render_version
        from core.render.docx_writer import write_docx_file

        home, q = self.home, self.quarter
        with home.session(write=False) as session:
            kind = get_kind(home.pm, "best_practices_district")
            root = render_version(session, home.org(session), home.pm, home.workspace, kind, 1, self.district.today,
                                  options={"year": q.year, "quarter": q.number, "district": DISTRICT})
        write_docx_file(root, self.scratch / "summary.docx", source=kind.template)

    def summary_xlsx(self) -> None:
        """``/district/summary.xlsx``: the summary as two sheets."""
        from plugins.best_practices.district_tables import write_summary_xlsx

        with self.home.session(write=False) as session:
            summary = self._summary(session)
        write_summary_xlsx(self.scratch / "summary.xlsx", summary)

    def today_of(self, key: str, org_id: int) -> Callable[[], None]:
        """``/`` of organization ``key``: its due items and findings, under its row-level security."""
        from core.obligations.checks import collect_findings
        from core.obligations.due import collect_due_items
        from core.web.snapshot import HORIZON_DAYS

        app = self.tenants.app_for(key)

        def call() -> None:
            with app.context(write=False, today=self.district.today, tenant=org_id) as ctx:
                collect_due_items(ctx, ctx.today + datetime.timedelta(days=HORIZON_DAYS))
                collect_findings(ctx)

        return call

    def briefings(self, org_ids: list[int]) -> dict[int, int]:
        """Journal entries of each organization, counted in the database."""
        from sqlalchemy import func
        from sqlmodel import col, select

        from core.journal.briefing_models import Briefing

        with self.home.session(write=False) as session:
            rows = session.exec(select(Briefing.org_id, func.count()).where(col(Briefing.org_id).in_(org_ids))
                                .group_by(Briefing.org_id)).all()
        return {int(org_id): int(count) for org_id, count in rows}


    def backends(self) -> list[int]:
        """Process ids of the PostgreSQL backends connected to the bench's database, this process's own aside."""
        from sqlalchemy import text

        with self.home.session(write=False) as session:
            return [int(pid) for pid in session.execute(text(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )).scalars()]

    def size(self) -> tuple[int, dict[str, int]]:
        """The database's size in bytes and the rows of its main tables."""
        from sqlalchemy import text

        tables = ("core_organization", "core_person", "core_briefing", "core_audit", "best_practices_submission")
        with self.home.session(write=False) as session:
            size = int(session.execute(text("SELECT pg_database_size(current_database())")).scalar_one())
            rows = {t: int(session.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()) for t in tables}
        return size, rows


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User + system CPU seconds of each process (Linux ``/proc``; a process gone or unreadable is left out)."""
    tick = os.sysconf("SC_CLK_TCK")
    found = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / tick  # utime, stime (fields 14 and 15 of stat)
    return found


def rss_mb(pid: int) -> float:
    """Resident memory of a process, MB (Linux; 0 elsewhere)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    kb = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return kb / 1024
