"""Logging filter that keeps anything identifying a client out of log records.

Django attaches the request (and with it REMOTE_ADDR and User-Agent) to some
records; handlers and formatters must never see it.
"""

import logging
import re

IDENTITY_ATTRIBUTES = ("request", "client_addr", "remote_addr", "user_agent")
IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")


class ScrubRequestFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        for name in IDENTITY_ATTRIBUTES:
            if hasattr(record, name):
                setattr(record, name, None)
        if isinstance(record.msg, str):
            record.msg = IPV4.sub("[address removed]", record.msg)
        return True
