"""Account events in the recruitment audit log (DOMAIN.md: every action, who, when, from where)."""

import logging

from core.http import client_ip
from recruitment.audit import record

logger = logging.getLogger("accounts")


def log_event(action, request=None, *, user=None, obj=None, **details):
    """One audit entry for an account event, mirrored to the `accounts` logger."""
    ip_address = client_ip(request)
    logger.info(
        "%s user=%s obj=%r ip=%s %s", action, getattr(user, "pk", None), obj, ip_address, details
    )
    return record(action, user=user, obj=obj, details=details, ip_address=ip_address)
