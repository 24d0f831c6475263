"""A file a service has just made, sent to the browser: the path comes from the service's result, never the request."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote


def file_download(path: Path, media_type: str) -> Any:
    """The bytes of ``path`` as an attachment named after it (a Russian name is sent as RFC 5987 ``filename*``)."""
    from starlette.responses import Response

    name = path.name
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    return Response(path.read_bytes(), media_type=media_type, headers={"Content-Disposition": disposition})
