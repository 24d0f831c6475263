"""A longer crash run: the tests/faults harness with many kills per command.

Usage: python bench/crash_run.py [KILLS]   (default 30; each command is killed KILLS times at seeded random moments)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    """Run tests/faults/test_faults_crash.py with ``OHS_FAULT_KILLS`` set."""
    kills = sys.argv[1] if len(sys.argv) > 1 else "30"
    env = {**os.environ, "OHS_FAULT_KILLS": kills}
    return subprocess.call([sys.executable, "-m", "pytest", "-q", str(ROOT / "tests" / "faults" / "test_faults_crash.py")],
                           env=env, cwd=ROOT)


if __name__ == "__main__":
    raise SystemExit(main())
