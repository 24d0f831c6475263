"""Files sent through the desk: size-limited, their type told by their content, never by their name.

A file is checked before any reader opens it: an XLSX must be a ZIP holding an Excel workbook's parts, a
CSV must be text (UTF-8 or Windows-1251, no NUL bytes). Anything else — an old binary .xls, a program, an
image renamed to .xlsx — is refused with a sentence saying what to do. The name the user gave is kept only
for messages; the bytes are written to a temporary file the toolkit names.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Any

from core.errors import OhsError

#: The largest file the desk accepts (a 1С export of 10,000 people is about 2 MB as XLSX).
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .doc of Office 97–2003


@dataclass(frozen=True)
class Upload:
    """A checked file: its bytes, the suffix its content calls for, and the name the user gave."""

    data: bytes
    suffix: str
    name: str


def _fail(name: str, why: str) -> OhsError:
    error = OhsError(f"Файл «{name}» не принят: {why}")
    error.field = "file"  # type: ignore[attr-defined]
    return error


def tabular_upload(upload: Any, what: str = "список работников") -> Upload:
    """An uploaded people or register table (XLSX or CSV), checked by size and content.

    ``what`` names the table in the refusal of a wrong file («выгрузите {what} в .xlsx или .csv»).
    """
    name = str(getattr(upload, "filename", "") or "файл")[:200]
    if upload is None or not hasattr(upload, "file"):
        raise _fail("—", "выберите файл выгрузки (.xlsx или .csv).")
    data = upload.file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise _fail(name, f"он больше {MAX_UPLOAD_BYTES // (1024 * 1024)} МБ.")
    if not data:
        raise _fail(name, "он пустой.")
    if data.startswith(OLE_SIGNATURE):
        raise _fail(name, "это файл старого формата Excel (.xls); откройте его в Excel и сохраните как .xlsx.")
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            raise _fail(name, "архив внутри файла повреждён; сохраните таблицу в Excel заново.") from None
        if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
            return Upload(data=data, suffix=".xlsx", name=name)
        raise _fail(name, f"это не таблица Excel (.xlsx); выгрузите {what} в .xlsx или .csv.")
    head = data[:65536]
    if b"\x00" not in head:
        for encoding in ("utf-8-sig", "cp1251"):
            try:
                head.decode(encoding)
            except UnicodeDecodeError as exc:
                if exc.start < len(head) - 4:  # a character cut at the sample's end is not an error
                    continue
            return Upload(data=data, suffix=".csv", name=name)
    raise _fail(name, "это не таблица: ожидается выгрузка .xlsx или текст .csv.")


#: Evidence a contest accepts, told by the first bytes: scans, photos and office documents.
EVIDENCE_SIGNATURES = ((b"%PDF-", ".pdf"), (b"\xff\xd8\xff", ".jpg"), (b"\x89PNG\r\n\x1a\n", ".png"))


def evidence_upload(upload: Any) -> Upload:
    """A scan, photo or document confirming a record (PDF, JPEG, PNG, DOCX, XLSX), checked by size and content."""
    name = safe_name(str(getattr(upload, "filename", "") or "файл"))
    if upload is None or not hasattr(upload, "file") or not getattr(upload, "filename", ""):
        raise _fail("—", "выберите файл подтверждения (PDF, JPEG, PNG, DOCX).")
    data = upload.file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise _fail(name, f"он больше {MAX_UPLOAD_BYTES // (1024 * 1024)} МБ.")
    if not data:
        raise _fail(name, "он пустой.")
    for signature, suffix in EVIDENCE_SIGNATURES:
        if data.startswith(signature):
            return Upload(data=data, suffix=suffix, name=name)
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            raise _fail(name, "архив внутри файла повреждён.") from None
        if "[Content_Types].xml" in names and any(n.startswith(("word/", "xl/")) for n in names):
            return Upload(data=data, suffix=".docx" if any(n.startswith("word/") for n in names) else ".xlsx",
                          name=name)
    raise _fail(name, "ожидается скан или документ: PDF, JPEG, PNG, DOCX или XLSX.")


def safe_name(name: str) -> str:
    """The user's file name as a plain name: no folders, no control characters, at most 120 characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(c for c in base if c.isprintable() and c not in '<>:"|?*').strip(" .")
    return cleaned[:120] or "файл"
