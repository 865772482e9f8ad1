"""Background tasks of the evaluation (django-tasks, as in `recruitment.tasks`). The result
e-mail's task is defined beside the work it runs (`evaluation.publication`); this module names
it for jobs queued under this path before."""

from evaluation.publication import send_result_email

__all__ = ["send_result_email"]
