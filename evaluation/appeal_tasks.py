"""Background tasks of the appeals (django-tasks): the e-mails of `evaluation.appeals`."""

from django_tasks import task


@task()
def send_appeal_email(appeal_id, kind):
    """E-mail one notice of an appeal: to the call's chair when it is filed, to the JST's
    accounts when it is rejected or resolved by a new version of the list."""
    from evaluation import appeals

    return appeals.send_notice(appeal_id, kind)
