"""Download headers for the workbooks."""

from urllib.parse import quote


def attachment_disposition(filename: str, fallback: str = "") -> str:
    """``attachment; filename="<ASCII fallback>"; filename*=UTF-8''<RFC 5987 encoded name>``."""
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    safe = fallback or "".join(ch for ch in filename if ch.isascii() and (ch.isalnum() or ch in "-_.")).strip(".")
    if not safe or safe == extension:
        safe = f"export.{extension}"
    return f"attachment; filename=\"{safe}\"; filename*=UTF-8''{quote(filename, safe='')}"
