"""E-mails to participants, sent by background tasks after the registration's commit."""

from django_tasks import task


@task()
def send_registration_email(registration_id, kind):
    from .notices import send_notice

    return send_notice(registration_id, kind)
