"""Background tasks of the appeals (django-tasks). The task is defined beside the work it runs
(`evaluation.appeal_notices`); this module names it for jobs queued under this path before."""

from evaluation.appeal_notices import send_appeal_email

__all__ = ["send_appeal_email"]
