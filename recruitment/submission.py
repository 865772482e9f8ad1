"""The applicant's application: starting a draft, saving it, its files, submitting (a new
immutable version, after `submission_check.SubmissionCheck`) and the receipt's checksum.

Views call these functions; the state changes only through `recruitment.workflow.fire`.
"""

import hashlib
import logging
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from core.choices import JSTType
from core.roles import Account
from recruitment import application_forms as af
from recruitment import audit, eligibility, permissions, workflow
from recruitment.application_clause import rodo_text
from recruitment.checksums import content_hash
from recruitment.models import (
    Application,
    ApplicationAttachment,
    ApplicationState,
    ApplicationVersion,
    CallPage,
    Institution,
)
from recruitment.receipts import send_receipt_email
from recruitment.submission_check import SubmissionCheck

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from portal.models import User

logger = logging.getLogger(__name__)

S = ApplicationState


class ApplicationError(Exception):
    """Refused; `message` says why, in Polish."""

    def __init__(self, message: "StrOrPromise") -> None:
        super().__init__(str(message))
        self.message = message


class AlreadySubmitted(ApplicationError):
    """The application is no longer a draft (a second submission or a double click)."""


class NotValid(ApplicationError):
    def __init__(self, check: "SubmissionCheck") -> None:
        super().__init__(_("Zgłoszenie ma błędy; popraw je przed złożeniem."))
        self.check = check


def read_only_message(application: Application) -> str:
    if application.supplement_overdue():
        return _(
            "Termin na uzupełnienie minął %(due)s. Zgłoszenia nie można już zmieniać ani "
            "uzupełnić. Nic nie zostało zapisane."
        ) % {
            "due": formats.date_format(timezone.localtime(application.supplement_due), "j E Y, H:i")
        }
    return _(
        "Zgłoszenie ma stan „%(state)s” i nie można go już zmieniać. Nic nie zostało zapisane."
    ) % {"state": ApplicationState(application.state).label}


# --- starting ---------------------------------------------------------------------------------


def open_calls(now: datetime | None = None) -> QuerySet[CallPage]:
    now = now or timezone.now()
    calls: QuerySet[CallPage] = (
        CallPage.objects.live()
        .filter(opens_at__lte=now, closes_at__gte=now)
        .order_by("closes_at", "pk")
    )
    return calls


def start(call: CallPage, user: Account, ip_address: str | None = None) -> tuple[Application, bool]:
    """The JST's active application to this call, created as a draft if it has none yet:
    (application, created). The JST is the user's own, never one from the request."""
    institution = permissions.institution_of(user)
    if institution is None or not permissions.is_applicant_of(user, institution):
        raise ApplicationError(_("Zgłoszenie może rozpocząć tylko konto wnioskodawcy JST."))
    # An applicant is an account of the project's user model (AUTH_USER_MODEL).
    account = cast("User", user)
    existing = _active_application(call, institution)
    if existing is not None:
        return existing, False
    if not call.is_open_at(timezone.now()):
        raise ApplicationError(
            _("Nabór %(number)s nie przyjmuje teraz zgłoszeń.") % {"number": call.number}
        )
    problems = eligibility.problems(call, institution)
    if problems:
        raise ApplicationError(" ".join(problems))
    try:
        with transaction.atomic():
            application = Application.objects.create(
                call=call,
                institution=institution,
                created_by=account,
                data=af.initial_draft(institution, account),
            )
    except IntegrityError:
        # Two clicks at once: the other request created it (one active application per call).
        existing = _active_application(call, institution)
        if existing is None:
            raise
        return existing, False
    audit.record(
        "start_draft",
        user=user,
        application=application,
        details={"call": call.number},
        ip_address=ip_address,
    )
    return application, True


def _active_application(call: CallPage, institution: Institution) -> Application | None:
    return (
        Application.objects.filter(call=call, institution=institution)
        .exclude(state=S.WITHDRAWN)
        .first()
    )


# --- drafts -----------------------------------------------------------------------------------


def _lock(application: Application) -> Application:
    # Only the application's row: FOR UPDATE on a join would also lock the call's rows and
    # make every draft save of the call wait for the others.
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("call", "institution")
        .get(pk=application.pk)
    )


def save_draft(application: Application, user: Account, data: dict[str, Any]) -> datetime | None:
    """Store the draft (already capped by `read_draft`); returns the time it was saved."""
    prepare_supplement_draft(application)
    with transaction.atomic():
        locked = _lock(application)
        if not permissions.is_applicant_of(user, locked.institution):
            raise ApplicationError(_("Tylko konta tej JST mogą zmieniać zgłoszenie."))
        if not locked.is_editable():
            raise AlreadySubmitted(read_only_message(locked))
        _store_draft(locked, data)
    application.data = locked.data
    application.draft_saved_at = locked.draft_saved_at
    application.state = locked.state
    return locked.draft_saved_at


def _store_draft(locked: Application, data: dict[str, Any]) -> None:
    """Store the draft on the locked application, keeping its bookkeeping (`_meta`)."""
    meta = (locked.data or {}).get("_meta")
    if meta:
        data = {**data, "_meta": meta}
    locked.data = data
    locked.draft_saved_at = timezone.now()
    locked.save(update_fields=["data", "draft_saved_at", "updated_at"])


def prepare_supplement_draft(application: Application) -> None:
    """When a supplement is due, the new draft starts from the last version: its content is
    the draft already, and its files are copied as references (the version's rows stay)."""
    if application.state != S.TO_SUPPLEMENT:
        return
    meta = (application.data or {}).get("_meta", {})
    if meta.get("supplement_of") == application.version:
        return
    with transaction.atomic():
        locked = _lock(application)
        meta = (locked.data or {}).get("_meta", {})
        if locked.state != S.TO_SUPPLEMENT or meta.get("supplement_of") == locked.version:
            return
        last = locked.versions.order_by("-number").first()
        if last is not None:
            for row in last.attachments.all():
                ApplicationAttachment.objects.create(
                    application=locked,
                    version=None,
                    kind=row.kind,
                    file=row.file.name,
                    original_name=row.original_name,
                    size=row.size,
                    sha256=row.sha256,
                    content_type=row.content_type,
                    uploaded_by=row.uploaded_by,
                    uploaded_at=row.uploaded_at,
                )
        locked.data = {**(locked.data or {}), "_meta": {**meta, "supplement_of": locked.version}}
        locked.save(update_fields=["data", "updated_at"])
    application.data = locked.data


def add_attachment(
    application: Application,
    user: Account,
    kind: str,
    uploaded: UploadedFile,
    content_type: str,
    data: bytes,
    ip_address: str | None = None,
) -> ApplicationAttachment:
    """Store a checked file as the draft's attachment of this kind (replacing an earlier one)."""
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        locked = _lock(application)
        if not permissions.is_applicant_of(user, locked.institution) or not locked.is_editable():
            raise AlreadySubmitted(read_only_message(locked))
        for old in locked.attachments.filter(version__isnull=True, kind=kind):
            _delete_draft_attachment(old)
        attachment = ApplicationAttachment(
            application=locked,
            kind=kind,
            original_name=(uploaded.name or "plik")[:255],
            size=len(data),
            sha256=digest,
            content_type=content_type,
            # An applicant (checked above) is an account of the project's user model.
            uploaded_by=cast("User", user),
            uploaded_at=timezone.now(),
        )
        attachment.file.save(uploaded.name or "plik", ContentFile(data), save=False)
        attachment.save()
        audit.record(
            "attachment_added",
            user=user,
            application=locked,
            details={"kind": kind, "name": attachment.original_name, "sha256": digest},
            ip_address=ip_address,
        )
    return attachment


def remove_attachment(
    application: Application, user: Account, attachment_pk: int, ip_address: str | None = None
) -> bool:
    with transaction.atomic():
        locked = _lock(application)
        if not permissions.is_applicant_of(user, locked.institution) or not locked.is_editable():
            raise AlreadySubmitted(read_only_message(locked))
        attachment = locked.attachments.filter(pk=attachment_pk, version__isnull=True).first()
        if attachment is None:
            return False
        _delete_draft_attachment(attachment)
        audit.record(
            "attachment_removed",
            user=user,
            application=locked,
            details={"kind": attachment.kind, "name": attachment.original_name},
            ip_address=ip_address,
        )
    return True


def _delete_draft_attachment(attachment: ApplicationAttachment) -> None:
    name = attachment.file.name
    attachment.delete()
    # A supplement's draft shares files with the submitted version: delete only orphans.
    if not ApplicationAttachment.objects.filter(file=name).exists():
        attachment.file.storage.delete(name)


# --- submitting -------------------------------------------------------------------------------


def registry_snapshot(institution: Institution) -> dict[str, Any]:
    return {
        "name": institution.name,
        "jst_type": institution.jst_type,
        "jst_type_label": str(JSTType(institution.jst_type).label),
        "teryt": institution.teryt,
        "regon": institution.regon,
        "nip": institution.nip,
        "street_address": institution.street_address,
        "postal_code": institution.postal_code,
        "city": institution.city,
        "voivodeship": institution.get_voivodeship_display(),
        "population": institution.population,
        "population_year": institution.population_year,
    }


def build_content(
    application: Application, attachments: Iterable[ApplicationAttachment], number: str | None
) -> dict[str, Any]:
    data = {k: v for k, v in (application.data or {}).items() if not k.startswith("_")}
    check = af.ApplicationForm(data=af.flatten(data))
    check.is_valid()
    sections: dict[str, dict[str, Any]] = {}
    for name, section in af.FIELD_SECTIONS.items():
        sections.setdefault(section, {})[name] = check.cleaned_data.get(name)
    call = application.call
    content = {
        "application_number": number,
        "call": {"number": call.number, "title": call.title},
        "jst": {"registry": registry_snapshot(application.institution), **sections["jst"]},
        "centre": sections["centre"],
        "partners": [
            {"name": row.get("name", ""), "sector": row.get("sector", "")}
            for row in data.get("partners", [])
        ],
        "experience": sections["experience"],
        "diagnosis": sections["diagnosis"],
        "motivation": sections["motivation"],
        "declarations": {
            **sections["declarations"],
            "text": strip_tags(call.declaration or "").strip(),
        },
        "rodo": {**sections["rodo"], "text": rodo_text(call)},
        "attachments": {
            **sections["attachments"],
            "files": [
                {
                    "kind": a.kind,
                    "original_name": a.original_name,
                    "size": a.size,
                    "sha256": a.sha256,
                    "content_type": a.content_type,
                }
                for a in sorted(attachments, key=lambda a: (a.kind, a.pk))
            ],
        },
    }
    return content


def check_can_submit(application: Application, user: Account) -> str:
    """The transition that would submit this application now ("submit", or "supplement"
    after a call to supplement); ApplicationError with the workflow's Polish reason if the
    window or the deadline refuses it."""
    transition = "submit" if application.state == S.DRAFT else "supplement"
    try:
        rule = workflow.check(application, transition, user).rule
        if rule is not None:
            rule(application, timezone.now(), "")
    except workflow.TransitionError as error:
        raise ApplicationError(error.message) from error
    return transition


def submit(
    application: Application,
    user: Account,
    ip_address: str | None = None,
    draft: dict[str, Any] | None = None,
) -> ApplicationVersion:
    """Submit the draft (or the supplement) as a new version: (version, created).

    The row lock of `workflow.fire` is taken first here, so of two concurrent requests (a
    double click) the second waits and then finds the application submitted: it gets
    `AlreadySubmitted` and no second version is made. The window is the workflow's rule.

    `draft` (as `read_draft` returns it) is the content the form posted with the button: it is
    stored under the same lock, in the same transaction, and kept as the draft even when the
    submission then finds it incomplete (`NotValid`).
    """
    prepare_supplement_draft(application)
    invalid: SubmissionCheck | None = None
    with transaction.atomic():
        locked = _lock(application)
        if not permissions.is_applicant_of(user, locked.institution):
            raise ApplicationError(_("Tylko konta tej JST mogą złożyć to zgłoszenie."))
        if not locked.is_editable():
            if locked.supplement_overdue():
                check_can_submit(locked, user)  # raises the workflow's own refusal
            raise AlreadySubmitted(
                _("To zgłoszenie zostało już złożone (numer %(number)s). Nic nie zmieniono.")
                % {"number": locked.number or "–"}
            )
        # The window (or the supplement's deadline) first: a late submission is told so, not
        # asked to fix its fields. `fire` checks it again under the same lock.
        transition = check_can_submit(locked, user)
        if draft is not None:
            _store_draft(locked, draft)
        attachments = list(locked.attachments.filter(version__isnull=True))
        check = SubmissionCheck(locked, attachments)
        if not check.is_valid:
            invalid = check  # raised after the commit, so that the posted draft is kept
        else:
            try:
                workflow.fire(locked, transition, user, ip_address=ip_address)
            except workflow.TransitionError as error:
                raise ApplicationError(error.message) from error
            content = build_content(locked, attachments, locked.number)
            version = ApplicationVersion.objects.create(
                application=locked,
                number=locked.version,
                content=content,
                content_sha256=content_hash(content, [a.sha256 for a in attachments]),
                # A first submission: the transition fired above has just set `submitted_at`.
                submitted_at=timezone.now()
                if transition == "supplement"
                else cast(datetime, locked.submitted_at),
                # An applicant (checked above) is an account of the project's user model.
                submitted_by=cast("User", user),
                submitted_ip=ip_address,
            )
            ApplicationAttachment.objects.filter(pk__in=[a.pk for a in attachments]).update(
                version=version
            )
    if draft is not None:
        application.data = locked.data
        application.draft_saved_at = locked.draft_saved_at
    if invalid is not None:
        raise NotValid(invalid)
    for field in ("state", "number", "submitted_at", "version"):
        setattr(application, field, getattr(locked, field))
    try:
        send_receipt_email.enqueue(version.pk)
    except Exception:  # the submission stands even if the mail server is down
        logger.exception("Receipt e-mail of application %s failed", locked.pk)
    return version


def latest_version(application: Application) -> ApplicationVersion | None:
    return application.versions.order_by("-number").first()
