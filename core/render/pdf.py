"""DOCX → PDF through LibreOffice (``soffice --headless --convert-to pdf``).

Every conversion gets its own throw-away LibreOffice profile: two conversions sharing the user's
profile block each other (the second silently does nothing), and a server may run several at once.
A hung LibreOffice is killed with its whole process group after ``timeout`` seconds.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from core.errors import OhsError

#: Where LibreOffice lives when it is not on PATH (Linux packages, macOS app, Windows installer).
KNOWN_LOCATIONS = (
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)
DEFAULT_TIMEOUT = 600  # a 10,000-row journal takes about a minute; a hang must not last forever

INSTALL_HINT = (
    "установите его: в Debian/Ubuntu — «sudo apt-get install libreoffice-writer-nogui» "
    "(или libreoffice-writer), в Windows и macOS — с https://www.libreoffice.org/download/; "
    "если он установлен в другое место, укажите путь к программе soffice в переменной OHS_SOFFICE"
)


def find_soffice() -> str | None:
    """Path of the ``soffice`` program: ``OHS_SOFFICE``, then PATH, then the usual install places."""
    configured = os.environ.get("OHS_SOFFICE")
    if configured:
        return configured if Path(configured).is_file() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((place for place in KNOWN_LOCATIONS if Path(place).is_file()), None)


def to_pdf(docx_path: str | os.PathLike[str], out_dir: str | os.PathLike[str] | None = None,
           *, timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Convert a DOCX to PDF with LibreOffice and return the PDF's path.

    The PDF is written to ``out_dir`` (default: beside the DOCX) under the DOCX's name.
    Raises :class:`OhsError` when LibreOffice is missing, fails, or exceeds ``timeout`` seconds.
    """
    source = Path(docx_path).resolve()
    if not source.is_file():
        raise OhsError(f"Нет файла {source}: сначала сформируйте документ.")
    soffice = find_soffice()
    if soffice is None:
        where = os.environ.get("OHS_SOFFICE")
        missing = f"по пути из OHS_SOFFICE ({where}) его нет" if where else "программа soffice не найдена"
        raise OhsError(f"LibreOffice не установлен ({missing}): {INSTALL_HINT}.")
    target_dir = Path(out_dir).resolve() if out_dir else source.parent
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"{source.stem}.pdf"
    with tempfile.TemporaryDirectory(prefix="ohs-soffice-") as profile:
        command = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
            "--convert-to", "pdf:writer_pdf_Export",
            "--outdir", str(target_dir),
            str(source),
        ]
        output = _run(command, timeout, source)
    if not target.is_file():
        raise OhsError(
            f"LibreOffice не создал PDF из {source.name}: возможно, файл повреждён или занят.",
            [line for line in output.splitlines() if line.strip()][-5:],
        )
    return target


def _run(command: list[str], timeout: float, source: Path) -> str:
    """Run soffice in its own process group so a timeout kills soffice.bin too, not just the wrapper."""
    windows = sys.platform == "win32"
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        errors="replace",
        start_new_session=not windows,
    )
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        if windows:
            process.kill()
        else:
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise OhsError(
            f"LibreOffice не успел преобразовать {source.name} в PDF за {timeout:g} с: "
            "попробуйте ещё раз или увеличьте время ожидания."
        ) from None
    if process.returncode != 0:
        raise OhsError(
            f"LibreOffice завершился с ошибкой (код {process.returncode}) при преобразовании {source.name} в PDF.",
            [line for line in (output or "").splitlines() if line.strip()][-5:],
        )
    return output or ""
