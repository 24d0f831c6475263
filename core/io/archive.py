"""Limits on opening ZIP-based files a user hands in (XLSX, DOCX): a small file must not unpack into gigabytes.

Readers (openpyxl, python-docx) unpack whole parts into memory and build trees several times their size,
so a 2 MB «zip bomb» made them take gigabytes. :func:`check_archive` reads only the archive's directory
(sizes, no data) and refuses the file before any reader touches it. The sizes in the directory are binding:
Python's zipfile, which both readers use, never returns more than a member's declared size.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from core.errors import OhsError

__all__ = ["DOCX_MAX_XML_BYTES", "MAX_MEMBERS", "MAX_RATIO", "MAX_UNPACKED_BYTES", "RATIO_FLOOR_BYTES",
           "ArchiveLimitError", "check_archive", "too_many_elements"]

_MB = 1024 * 1024
#: Total unpacked size of all members. A 10,000-person list unpacks to about 6 MB and a long regulation with
#: pictures to a few tens of MB; 200 MB leaves room for any real file while bounding the readers' memory.
MAX_UNPACKED_BYTES = 200 * _MB
#: Unpacked : packed ratio of one member above which it is refused. Office XML packs 5–25 times (a 10,000-row
#: list of identical people: 21); bombs pack about 1000 times. 100 is Apache POI's default limit (0.01).
MAX_RATIO = 100
#: The ratio is not held against members smaller than this: a tiny part may pack very well and costs nothing.
RATIO_FLOOR_BYTES = 1 * _MB
#: XML of a DOCX read whole (python-docx keeps a tree about ten times its size). A 300-page regulation has
#: about 3 MB of it; 20 MB keeps the tree within a few hundred MB.
DOCX_MAX_XML_BYTES = 20 * _MB
#: Members in one archive: real files have tens; a directory of millions is itself a memory cost.
MAX_MEMBERS = 10_000


class ArchiveLimitError(OhsError):
    """The file unpacks into more than the toolkit agrees to read."""


def _mb(size: int) -> str:
    return f"{size / _MB:,.0f}".replace(",", " ") + " МБ"


def check_archive(path: Path, kind: str = "файл", max_xml_bytes: int | None = None) -> None:
    """Refuse ``path`` when its members unpack beyond the limits; ``kind`` names the file in the message.

    ``max_xml_bytes`` also bounds the XML parts alone, for readers that build a whole tree of them
    (python-docx). A file that is not a ZIP archive at all is left to the reader, which reports it.
    """
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return
    advice = "пересохраните его в Excel, Word или LibreOffice; если файл прислали, проверьте, откуда он"
    if len(members) > MAX_MEMBERS:
        raise ArchiveLimitError(f"{kind.capitalize()} «{path.name}» содержит {len(members)} частей — больше "
                                f"предела {MAX_MEMBERS}; {advice}.")
    total = sum(member.file_size for member in members)
    if total > MAX_UNPACKED_BYTES:
        raise ArchiveLimitError(f"{kind.capitalize()} «{path.name}» распаковывается в {_mb(total)} — больше предела "
                                f"{_mb(MAX_UNPACKED_BYTES)}; {advice}.")
    xml = sum(member.file_size for member in members if member.filename.endswith((".xml", ".rels")))
    if max_xml_bytes is not None and xml > max_xml_bytes:
        raise ArchiveLimitError(f"{kind.capitalize()} «{path.name}»: текст и разметка занимают {_mb(xml)} — больше "
                                f"предела {_mb(max_xml_bytes)}; разделите его на части или {advice}.")
    for member in members:
        if member.file_size >= RATIO_FLOOR_BYTES and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise ArchiveLimitError(
                f"{kind.capitalize()} «{path.name}»: часть {member.filename} сжата в "
                f"{member.file_size // max(member.compress_size, 1)} раз (предел {MAX_RATIO}), так сжимаются только "
                f"заведомо подложные файлы; {advice}.")


def too_many_elements(path: Path, member: str, names: tuple[str, ...], limit: int) -> bool:
    """True when the XML ``member`` of ``path`` holds more than ``limit`` elements named ``names`` (any prefix).

    Streams the part through expat and stops at the limit, so the answer costs no tree and little time;
    tree-building readers (python-docx) are then spared files whose size alone would be bearable but whose
    element count would not. A missing or broken part counts as not too many: the reader reports it.
    """
    from xml.parsers import expat

    count = 0

    class _Enough(Exception):
        pass

    def start(tag: str, _attrs: object) -> None:
        nonlocal count
        if tag.rpartition(":")[2] in names:
            count += 1
            if count > limit:
                raise _Enough

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    try:
        with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
            while chunk := stream.read(1 << 20):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Enough:
        return True
    except (KeyError, expat.ExpatError, zipfile.BadZipFile, EOFError, OSError, ValueError):
        return False
    return False
