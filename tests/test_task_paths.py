"""A background job is stored with the dotted path of its task; a worker imports that path when
it runs the job. Tasks moved beside the work they run: the paths under which jobs were queued
before must still lead to them, or jobs waiting at a deploy would fail unsent."""

from django.utils.module_loading import import_string

import pytest
from django_tasks.base import Task

PATHS = [
    # where the tasks are defined now
    ("recruitment.receipts.send_receipt_email", "send_receipt_email"),
    ("recruitment.formal_check.notices.send_formal_check_email", "send_formal_check_email"),
    ("recruitment.formal_check.pdf.issue_formal_card", "issue_formal_card"),
    ("evaluation.result_notices.send_result_email", "send_result_email"),
    ("evaluation.appeal_notices.send_appeal_email", "send_appeal_email"),
    # where jobs were queued before
    ("recruitment.tasks.send_receipt_email", "send_receipt_email"),
    ("recruitment.tasks.send_formal_check_email", "send_formal_check_email"),
    ("recruitment.tasks.issue_formal_card", "issue_formal_card"),
    ("evaluation.tasks.send_result_email", "send_result_email"),
    ("evaluation.publication.send_result_email", "send_result_email"),
    ("evaluation.appeal_tasks.send_appeal_email", "send_appeal_email"),
    ("evaluation.appeals.send_appeal_email", "send_appeal_email"),
]


@pytest.mark.parametrize(("path", "name"), PATHS)
def test_a_job_queued_under_any_of_its_paths_finds_its_task(path, name):
    task = import_string(path)
    assert isinstance(task, Task)
    assert task.func.__name__ == name
