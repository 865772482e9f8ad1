"""The receipt of a submission: its facts, the PDF issued once (sealed, stored, served as stored),
the canonical JSON its checksum covers, and the e-mail to the JST.

A receipt says what was filed and when; it must say the same in ten years. So its facts come
from the submitted version alone (the call and the JST as the version's snapshot holds them,
never today's registry), the PDF is rendered once — by the task that mails it right after the
submission, or by the first download if that task has not run yet — sealed
(recruitment/sealing.py) and stored with its SHA-256 (`IssuedDocument`, which the database keeps
from any change), and every download serves exactly those bytes. The checksum on it is the
SHA-256 of the canonical JSON offered beside it, so anyone can check it with `sha256sum`.
"""

import hashlib
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from django_tasks import task

from recruitment import sealing
from recruitment.checksums import canonical_json
from recruitment.models import (
    Application,
    ApplicationVersion,
    IssuedDocument,
    IssuedDocumentKind,
)

logger = logging.getLogger(__name__)


def version_snapshot(
    application: Application, version: ApplicationVersion
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The call and the JST as the version recorded them (older content: today's, as a fallback)."""
    content = version.content or {}
    call = content.get("call") or {
        "number": application.call.number,
        "title": application.call.title,
    }
    registry = (content.get("jst") or {}).get("registry") or {
        "name": application.institution.name,
        "teryt": application.institution.teryt,
        "jst_type_label": application.institution.get_jst_type_display(),
    }
    return call, registry


def receipt_facts(application, version):
    """What every form of the receipt says (screen, PDF, e-mail); times in Europe/Warsaw."""
    local = timezone.localtime(version.submitted_at)
    call, institution = version_snapshot(application, version)
    return {
        "application": application,
        "version": version,
        "number": (version.content or {}).get("application_number") or application.number,
        "call": call,
        "institution": institution,
        "submitted_at_local": local,
        "submitted_at_text": formats.date_format(local, "j E Y, H:i:s"),
        "timezone_name": _("czas polski, Europe/Warsaw"),
        "sha256": version.content_sha256,
        "files": version.content.get("attachments", {}).get("files", []),
        "is_supplement": version.number > 1,
    }


def payload(version):
    """The canonical JSON (UTF-8 bytes) whose SHA-256 is the receipt's checksum: the version's
    content and its files' SHA-256s, as `checksums.content_hash` hashed them."""
    hashes = [f["sha256"] for f in version.content.get("attachments", {}).get("files", [])]
    data = {"content": version.content, "attachments": sorted(hashes)}
    return canonical_json(data).encode("utf-8")


def receipt_filename(application, version, extension="pdf"):
    number = (version.content or {}).get("application_number") or application.number
    safe = (number or str(application.pk)).replace("/", "-")
    return f"potwierdzenie-{safe}-v{version.number}.{extension}"


def issue_receipt(version):
    """The receipt of `version` as issued: stored at its first call, the same row ever after."""
    lookup = {"kind": IssuedDocumentKind.RECEIPT, "version": version}
    found = IssuedDocument.objects.filter(**lookup).first()
    if found is not None:
        return found
    application = version.application
    data = payload(version)
    if hashlib.sha256(data).hexdigest() != version.content_sha256:
        # Never expected: the offered JSON would not reproduce the checksum. Issue the receipt
        # (it states the stored checksum) and tell the operators.
        logger.error("The canonical JSON of version %s does not give its checksum", version.pk)
    facts = {
        **receipt_facts(application, version),
        "json_filename": receipt_filename(application, version, "json"),
    }
    return issue(
        lookup,
        filename=receipt_filename(application, version),
        template="recruitment/receipt_pdf.html",
        context=facts,
        reason=_("Potwierdzenie złożenia zgłoszenia %(number)s, wersja %(version)s")
        % {"number": facts["number"], "version": version.number},
        payload=data.decode("utf-8"),
    )


def issue(
    lookup: dict[str, Any],
    *,
    filename: str,
    template: str,
    context: dict[str, Any],
    reason: str,
    payload: str = "",
    **fields: Any,
) -> IssuedDocument:
    """Render `template` once, seal it and store it with `lookup` (its kind, version, card); of
    two processes issuing at once, the first stored stands."""
    seal = sealing.seal_state()
    sealed = sealing.seal(_render_pdf(template, context, seal), reason=reason)
    if sealed.kind != seal.kind:  # the seal failed after all (logged): the text says unsealed
        sealed = sealing.Sealed(_render_pdf(template, context, sealing.SealState(sealed.kind)))
    try:
        with transaction.atomic():
            return IssuedDocument.objects.create(
                **lookup,
                **fields,
                issued_at=timezone.now(),
                filename=filename,
                pdf=sealed.pdf,
                pdf_sha256=hashlib.sha256(sealed.pdf).hexdigest(),
                payload=payload,
                seal=sealed.kind,
                seal_subject=sealed.subject,
                timestamped=sealed.timestamped,
            )
    except IntegrityError:
        # Issued meanwhile by another process (the task and a download at once): theirs stands.
        return IssuedDocument.objects.get(**lookup)


def _render_pdf(template, context, seal):
    import weasyprint

    html = render_to_string(template, {**context, "seal": seal})
    return weasyprint.HTML(string=html).write_pdf()


def recipients(application: Application) -> list[str]:
    users = (
        get_user_model()
        .objects.filter(institution_membership__institution=application.institution, is_active=True)
        .exclude(email="")
    )
    return sorted({user.email for user in users})


def send_receipt(application, version):
    issued = issue_receipt(version)
    to = recipients(application)
    if not to:
        return 0
    facts = receipt_facts(application, version)
    subject = (
        _("Potwierdzenie uzupełnienia zgłoszenia %(number)s")
        if facts["is_supplement"]
        else _("Potwierdzenie złożenia zgłoszenia %(number)s")
    ) % {"number": facts["number"]}
    body = render_to_string("recruitment/email/receipt.txt", facts)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    message.attach(issued.filename, bytes(issued.pdf), "application/pdf")
    return message.send()


@task()
def send_receipt_email(version_id):
    """E-mail the receipt (with its PDF) of one submitted version to the JST's accounts.

    Rendering the PDF takes a few hundred milliseconds of CPU: with TASKS_BACKEND=database it
    runs in the worker, not in the applicant's request, which is answered at once."""
    version = (
        ApplicationVersion.objects.select_related("application__call", "application__institution")
        .filter(pk=version_id)
        .first()
    )
    if version is None:
        return 0
    return send_receipt(version.application, version)
