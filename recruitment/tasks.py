"""Background tasks of the recruitment (django-tasks, as Wagtail 8 ships it)."""

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def send_receipt_email(version_id):
    """E-mail the receipt (with its PDF) of one submitted version to the JST's accounts.

    Rendering the PDF takes a few hundred milliseconds of CPU: with TASKS_BACKEND=database it
    runs in the worker, not in the applicant's request, which is answered at once."""
    from recruitment import receipts
    from recruitment.models import ApplicationVersion

    version = (
        ApplicationVersion.objects.select_related("application__call", "application__institution")
        .filter(pk=version_id)
        .first()
    )
    if version is None:
        return 0
    return receipts.send_receipt(version.application, version)


@task()
def send_formal_check_email(application_id, kind):
    """E-mail a notice of the formal check to the JST's accounts: the call to supplement, the
    reminder before its deadline, or the formal rejection (recruitment.formal_check)."""
    from recruitment import formal_check

    return formal_check.send_notice(application_id, kind)


@task()
def issue_formal_card(card_id):
    """Issue (render, seal and store) the card of a decided round of the formal check."""
    from recruitment import formal_check
    from recruitment.models import FormalCheckCard

    card = (
        FormalCheckCard.objects.select_related("application__call", "version", "decided_by")
        .filter(pk=card_id)
        .first()
    )
    if card is None or not card.result:
        return None
    return formal_check.issue_card(card).pk
