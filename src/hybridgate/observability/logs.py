"""Structured log lines: JSON, logfmt or text with `key=value` fields, chosen by config.

Anything that logs structured data calls `emit(logger, event, fields)`; the fields travel on
the record (`record.fields`) and the formatter installed by `configure` renders them. Fields
hold identifiers, names, numbers and short reasons, never prompt text or secrets: callers
pass only what they mean to publish, and nothing here reads a request.

The request being served is kept in a context variable (`REQUEST_ID`), so an event raised
deep in failover still names the request it belongs to.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping
from contextvars import ContextVar
from decimal import Decimal
from typing import Literal

LogFormat = Literal["text", "json", "logfmt"]

#: The request id of the request being served in this task (empty outside a request).
REQUEST_ID: ContextVar[str] = ContextVar("hybridgate_request_id", default="")

Field = str | int | float | bool | Decimal | None

#: Loggers of the events (one per kind, so each can be silenced on its own).
EVENTS = "hybridgate.events"
ACCESS = "hybridgate.access"


def emit(
    logger: logging.Logger, event: str, fields: Mapping[str, Field], level: int = logging.INFO
) -> None:
    """Logs `event` (the line's message) with `fields`, and the request id when in one."""
    if not logger.isEnabledFor(level):
        return
    request_id = REQUEST_ID.get()
    data: dict[str, Field] = {"request_id": request_id} if request_id else {}
    data.update(fields)
    logger.log(level, event, extra={"fields": data})


def _plain(value: Field) -> Field:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        return round(value, 3)
    return value


def _logfmt_value(value: Field) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if text and not any(c in text for c in ' ="\\') and text.isprintable():
        return text
    return json.dumps(text, ensure_ascii=False)


def logfmt(fields: Mapping[str, Field]) -> str:
    return " ".join(f"{name}={_logfmt_value(value)}" for name, value in fields.items())


def _timestamp(record: logging.LogRecord) -> str:
    seconds = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
    return f"{seconds}.{int(record.msecs):03d}Z"


class StructuredFormatter(logging.Formatter):
    """One line a record: `json`, `logfmt`, or `text` (the classic line plus its fields)."""

    def __init__(self, kind: LogFormat) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")
        self.kind = kind

    def format(self, record: logging.LogRecord) -> str:
        fields: Mapping[str, Field] = getattr(record, "fields", None) or {}
        message = record.getMessage()
        if record.exc_info and self.kind != "text":
            message = f"{message}\n{self.formatException(record.exc_info)}"
        if self.kind == "text":
            line = super().format(record)
            return f"{line} {logfmt(fields)}" if fields else line
        head: dict[str, Field] = {
            "ts": _timestamp(record),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": message,
        }
        body = head | {k: _plain(v) for k, v in fields.items() if k not in head}
        if self.kind == "json":
            return json.dumps(body, ensure_ascii=False, separators=(",", ":"))
        return logfmt(body)


def configure(kind: LogFormat, level: str = "INFO") -> None:
    """Installs the formatter on the root logger (what `hybridgate serve` does at start)."""
    handler = logging.StreamHandler()
    handler.setFormatter(StructuredFormatter(kind))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
