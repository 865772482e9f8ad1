"""The receipt of a submission: its facts, the PDF (WeasyPrint) and the e-mail to the JST."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _


def receipt_facts(application, version):
    """What every form of the receipt says (screen, PDF, e-mail); times in Europe/Warsaw."""
    local = timezone.localtime(version.submitted_at)
    return {
        "application": application,
        "version": version,
        "number": application.number,
        "call": application.call,
        "institution": application.institution,
        "submitted_at_local": local,
        "submitted_at_text": formats.date_format(local, "j E Y, H:i:s"),
        "timezone_name": _("czas polski (Europe/Warsaw)"),
        "sha256": version.content_sha256,
        "files": version.content.get("attachments", {}).get("files", []),
        "is_supplement": version.number > 1,
    }


def receipt_pdf(application, version):
    import weasyprint

    html = render_to_string("recruitment/receipt_pdf.html", receipt_facts(application, version))
    return weasyprint.HTML(string=html).write_pdf()


def receipt_filename(application, version):
    safe = (application.number or str(application.pk)).replace("/", "-")
    return f"potwierdzenie-{safe}-v{version.number}.pdf"


def recipients(application):
    users = (
        get_user_model()
        .objects.filter(institution_membership__institution=application.institution, is_active=True)
        .exclude(email="")
    )
    return sorted({user.email for user in users})


def send_receipt(application, version):
    to = recipients(application)
    if not to:
        return 0
    facts = receipt_facts(application, version)
    subject = (
        _("Potwierdzenie uzupełnienia zgłoszenia %(number)s")
        if facts["is_supplement"]
        else _("Potwierdzenie złożenia zgłoszenia %(number)s")
    ) % {"number": application.number}
    body = render_to_string("recruitment/email/receipt.txt", facts)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    message.attach(
        receipt_filename(application, version),
        receipt_pdf(application, version),
        "application/pdf",
    )
    return message.send()
