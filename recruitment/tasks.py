"""Background tasks of the recruitment (django-tasks, as Wagtail 8 ships it). Each task is defined
beside the work it runs (`receipts`, `formal_check`); this module names them for jobs queued under
this path before."""

from recruitment.formal_check import issue_formal_card, send_formal_check_email
from recruitment.receipts import send_receipt_email

__all__ = ["issue_formal_card", "send_formal_check_email", "send_receipt_email"]
