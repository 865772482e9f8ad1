"""Background tasks of the evaluation (django-tasks, as in `recruitment.tasks`). The result
e-mail's task is defined beside the work it runs (`evaluation.result_notices`); this module names
it for jobs queued under this path before."""

from evaluation.result_notices import send_result_email

__all__ = ["send_result_email"]
