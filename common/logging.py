"""Structured logs: one JSON object a line, with private links and addresses taken out.

Messages never carry names or email addresses by design (services log ids); this filter also
removes the two things Django itself may log: paths with private tokens, and query strings.
"""

import json
import logging
import re

# Every private link: a registration's or an application's, a speaker's upload link, and the
# mailing list's confirm and unsubscribe links.
TOKEN_PATH = re.compile(r"/(registrations|bursaries|upload|confirm|unsubscribe)/[A-Za-z0-9_-]{16,}")
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


def logging_settings(*, level):
    """JSON lines on the console, with private links and addresses taken out."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"redact": {"()": "common.logging.RedactingFilter"}},
        "formatters": {"json": {"()": "common.logging.JsonFormatter"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "filters": ["redact"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's own error emails would carry request details: console lines only.
            "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
            # django-axes announces itself at every start; its lockouts are warnings and still show.
            "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        },
    }
