"""Structured application logs: one JSON object (or one key=value line) per record, each with the
request id of the request it belongs to.

``RequestIdMiddleware`` (config.middleware) puts the request into ``current_request`` for the time
of the request; ``RequestContextFilter`` copies its id, method, path, user and address into every
record, whichever logger wrote it (Django's own ``django.request`` with the traceback of a 500,
``django.security.*``, the app's ``security`` logger, module loggers).

``logging_config()`` builds ``settings.LOGGING``: stderr always (journald / docker collect it),
a file (``LOG_FILE``, reopened after logrotate moves it) and syslog (``LOG_SYSLOG``) for a SIEM
when configured, mail to ``ADMINS`` for errors when configured.
"""

import contextvars
import json
import logging
import sys
import traceback
from datetime import UTC, datetime

current_request = contextvars.ContextVar("current_request", default=None)

# What logging itself puts on a record; everything else on a record is an ``extra`` field.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
_CONTEXT = ("request_id", "method", "path", "user", "client")


def request_context(request) -> dict:
    """What identifies a request in the logs. Never queries: the user only once authentication read it."""
    user = getattr(request, "_cached_user", None)  # set by django.contrib.auth when request.user was used
    return {
        "request_id": getattr(request, "request_id", "-"),
        "method": request.method,
        "path": request.path[:300],
        "user": user.get_username() if user is not None and user.is_authenticated else "-",
        "client": request.META.get("REMOTE_ADDR", "-"),
    }


class RequestContextFilter(logging.Filter):
    """Adds the current request's id (``-`` outside a request) and context to every record."""

    def filter(self, record):
        # Django logs a 4xx/5xx response after the middleware has returned; it passes the request along.
        request = current_request.get() or _request_of(record)
        context = request_context(request) if request is not None else {"request_id": "-"}
        for key in _CONTEXT:
            if not hasattr(record, key):
                setattr(record, key, context.get(key, "-"))
        return True


def _request_of(record):
    request = getattr(record, "request", None)
    return request if hasattr(request, "META") and hasattr(request, "path") else None


def _fields(record: logging.LogRecord) -> dict:
    fields = {
        "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
        "level": record.levelname,
        "logger": record.name,
        "message": record.getMessage(),
    }
    for key in _CONTEXT:
        fields[key] = getattr(record, key, "-")
    for key, value in vars(record).items():
        # Django passes the request object of a 4xx/5xx as ``extra={"request": …}``: not for the log line.
        if key not in _STANDARD and key not in fields and key != "request" and value is not None:
            fields[key] = value if isinstance(value, str | int | float | bool) else str(value)
    if record.exc_info:
        fields["exc_type"] = record.exc_info[0].__name__ if record.exc_info[0] else ""
        fields["traceback"] = "".join(traceback.format_exception(*record.exc_info)).rstrip()
    elif record.exc_text:
        fields["traceback"] = record.exc_text
    if record.stack_info:
        fields["stack"] = record.stack_info
    return fields


class JsonFormatter(logging.Formatter):
    """One JSON object per line (tracebacks inside it, newlines escaped), as log shippers expect."""

    def __init__(self, *args, prefix: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.prefix = prefix

    def format(self, record):
        return self.prefix + json.dumps(_fields(record), ensure_ascii=False, default=str)


class KeyValueFormatter(logging.Formatter):
    """``time=… level=… logger=… request_id=… message="…"`` for people reading a terminal; the
    traceback follows on its own lines."""

    def format(self, record):
        fields = _fields(record)
        trace = fields.pop("traceback", "")
        line = " ".join(f"{key}={_quoted(value)}" for key, value in fields.items())
        return f"{line}\n{trace}" if trace else line


def _quoted(value) -> str:
    text = str(value)
    if text and not any(ch in text for ch in ' "=\n\t'):
        return text
    return json.dumps(text, ensure_ascii=False)


class StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time of the record (test runners swap it)."""

    def __init__(self, level=logging.NOTSET):
        logging.Handler.__init__(self, level)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value):
        pass


def parse_admins(text: str) -> list[tuple[str, str]]:
    """``ADMINS="张三 <zhang@example.gov.cn>, ops@example.gov.cn"`` → Django's ``[(name, email), …]``."""
    admins = []
    for item in text.split(","):
        item = item.strip()
        if not item:
            continue
        if "<" in item and item.endswith(">"):
            name, email = item[:-1].split("<", 1)
            admins.append((name.strip() or email.strip(), email.strip()))
        else:
            admins.append((item, item))
    return admins


def logging_config(
    *, level: str = "INFO", fmt: str = "json", file: str = "", syslog: str = "", mail_admins: bool = False
) -> dict:
    formatter = "json" if fmt != "text" else "text"
    handlers = {
        "stderr": {"class": "config.logs.StderrHandler", "formatter": formatter, "filters": ["request"]},
    }
    if file:
        handlers["file"] = {
            "class": "logging.handlers.WatchedFileHandler",  # reopens the file after logrotate moved it
            "filename": file,
            "encoding": "utf-8",
            "formatter": "json",
            "filters": ["request"],
        }
    if syslog:
        if syslog.startswith("/"):
            address = syslog
        else:
            host, _, port = syslog.rpartition(":")
            address = (host or "127.0.0.1", int(port or 514))
        handlers["syslog"] = {
            "class": "logging.handlers.SysLogHandler",
            "address": address,
            "facility": "local0",
            "formatter": "syslog",
            "filters": ["request"],
        }
    if mail_admins:
        handlers["mail_admins"] = {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        }
    everywhere = [name for name in handlers if name != "mail_admins"]
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request": {"()": "config.logs.RequestContextFilter"},
            "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        },
        "formatters": {
            "json": {"()": "config.logs.JsonFormatter"},
            "text": {"()": "config.logs.KeyValueFormatter"},
            "syslog": {"()": "config.logs.JsonFormatter", "prefix": "jxpj: "},
        },
        "handlers": handlers,
        "root": {"handlers": everywhere, "level": level},
        "loggers": {
            # Django's loggers go to the same handlers (the root's), not to its plain-text console.
            "django": {"handlers": [], "level": level, "propagate": True},
            # 500s (with traceback) and refused requests (SuspiciousOperation, CSRF) also by mail.
            "django.request": {"handlers": ["mail_admins"] if mail_admins else [], "propagate": True},
            "django.security": {"handlers": ["mail_admins"] if mail_admins else [], "propagate": True},
            # Refused uploads, oversized or malformed requests, throttled logins: the SIEM's stream.
            "security": {"handlers": [], "level": "INFO", "propagate": True},
            "django.db.backends": {"level": "INFO", "propagate": True},  # never SQL with parameters
            # WeasyPrint reports every step of every PDF at INFO; its warnings still come through.
            "weasyprint": {"level": "WARNING", "propagate": True},
            "fontTools": {"level": "WARNING", "propagate": True},
        },
    }
