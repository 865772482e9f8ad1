"""Helpers of the record-guard tests: whether the database refuses a statement or an action."""

from django.db import IntegrityError, connection, transaction


def refused(sql, params=()):
    """True when the database refuses the statement (and nothing of it stays)."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except IntegrityError:
        return True
    return False


def refuses(action):
    try:
        with transaction.atomic():
            action()
    except IntegrityError:
        return True
    return False
