"""E-mails to participants, sent by background tasks after the registration's commit. The task
is defined beside the work it runs (`events.notices`); this module names it for jobs queued under
this path before."""

from events.notices import send_registration_email

__all__ = ["send_registration_email"]
