"""Start-up stays light: ``ohs --help`` must not import storage, templates or documents."""

import subprocess
import sys

HEAVY = ("sqlmodel", "sqlalchemy", "jinja2", "docx", "openpyxl", "alembic", "pymorphy3", "lxml")

PROBE = """
import sys
from core.cli import main
sys.argv = ["ohs"] + {args!r}
try:
    main()
except SystemExit as exc:
    code = exc.code
heavy = [m for m in {heavy!r} if m in sys.modules]
print("HEAVY:", ",".join(heavy))
"""


def _probe(args):
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args, heavy=HEAVY)], capture_output=True, text=True, check=True
    )
    return out.stdout


def test_help_imports_no_heavy_library():
    out = _probe(["--help"])
    assert "Использование:" in out
    assert out.strip().endswith("HEAVY:"), out


def test_group_help_imports_no_heavy_library():
    for group in ("people", "org", "db", "init"):
        out = _probe([group, "--help"])
        assert out.strip().endswith("HEAVY:"), (group, out)


def test_version_prints_the_installed_version():
    out = _probe(["--version"])
    assert out.startswith("ohs, версия ")
