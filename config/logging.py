"""Structured logs: one JSON object a line, with private links and addresses taken out.

Messages never carry names or email addresses by design (services log ids); this filter also
removes the two things Django itself may log: paths with private tokens, and query strings.
"""

import json
import logging
import re

TOKEN_PATH = re.compile(r"/(registrations|bursaries)/[A-Za-z0-9_-]{16,}")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def redact(text):
    text = TOKEN_PATH.sub(r"/\1/[private]", text)
    return EMAIL.sub("[email]", text)


class RedactingFilter(logging.Filter):
    def filter(self, record):
        record.msg = redact(record.getMessage())
        record.args = ()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        event = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        status = getattr(record, "status_code", None)
        if status:
            event["status"] = status
        if record.exc_info:
            event["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(event, ensure_ascii=False)
