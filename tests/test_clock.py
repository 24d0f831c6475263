"""The toolkit's clock: nothing reads the machine's date, and the suite passes under two fixed «today»s.

Why: a test that compares a document made «--today 2026-11-23» with figures counted to the real date
passes until the calendar moves on, then blocks every change. The fixtures fix ``OHS_TODAY`` to an odd
day far from the dates the tests write; here the whole suite also runs under a second such day.
"""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from core.clock import TODAY_ENV, today
from core.testing import DEFAULT_TEST_TODAY, SECOND_TEST_TODAY, TEST_TODAY_ENV, fixed_test_today

ROOT = Path(__file__).resolve().parent.parent

#: Reading the machine's date or time of day outside core/clock.py.
MACHINE_CLOCK = re.compile(r"\bdate\.today\(\)|\bdatetime\.(?:now|utcnow|today)\(|\btime\.(?:localtime|gmtime)\(\)")


def test_no_code_reads_the_machine_date():
    offenders = []
    for folder in ("core", "plugins", "tests", "bench"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == ROOT / "core" / "clock.py":
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if MACHINE_CLOCK.search(line) and "MACHINE_CLOCK" not in line:
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == [], "use core.clock.today()/now() or an explicit date:\n" + "\n".join(offenders)


def test_the_fixtures_fix_the_clock():
    assert os.environ[TODAY_ENV] == fixed_test_today()
    assert today() == datetime.date.fromisoformat(fixed_test_today())


def test_a_bad_fixed_day_is_a_russian_error(invoke, workspace, monkeypatch):
    monkeypatch.setenv(TODAY_ENV, "17.03.2031г")
    result = invoke("-w", workspace, "due")
    assert result.exit_code == 1
    assert "OHS_TODAY" in result.stderr and "2026-11-23" in result.stderr and "Traceback" not in result.output


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get(TEST_TODAY_ENV) is not None, reason="this run is already the second-day run")
def test_the_suite_passes_under_a_second_today(tmp_path):
    """The whole suite on SQLite again, with «today» moved to another odd day (about a minute and a half)."""
    assert SECOND_TEST_TODAY != DEFAULT_TEST_TODAY
    env = {k: v for k, v in os.environ.items() if k not in ("OHS_TEST_DATABASE_URL", TODAY_ENV)}
    env[TEST_TODAY_ENV] = SECOND_TEST_TODAY
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-m", "not slow",
         "--basetemp", str(tmp_path / "run"), str(ROOT / "tests")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800,
    )
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
