"""The applicant account rules: registration, e-mail confirmation and invitations (issue #6).

A JST has at most one primary account (the one that registered first and confirmed its e-mail);
every other account of the JST comes through an invitation from the primary account.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.roles import APPLICANTS
from portal import privacy
from portal.models import ClauseForm
from recruitment.models import Institution, InstitutionMembership

from .audit import log_event
from .models import ApplicantProfile, Invitation, hash_token

CONFIRMATION_SALT = "accounts.confirm-registration"
# A fresh confirmation link is sent at most this often for one account.
RESEND_INTERVAL = datetime.timedelta(minutes=2)


def confirmation_lifetime():
    return datetime.timedelta(days=settings.ACCOUNT_CONFIRMATION_DAYS)


def invitation_lifetime():
    return datetime.timedelta(days=settings.ACCOUNT_INVITATION_DAYS)


def days_text(days):
    """ "1 dzień", "3 dni": Polish has one plural form for days."""
    return (_("%d dzień") if days == 1 else _("%d dni")) % days


def mask_email(email):
    """j***@opole.pl: enough for a colleague to recognise, too little to harvest."""
    local, _, domain = (email or "").partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def primary_membership(institution):
    return (
        InstitutionMembership.objects.filter(institution=institution, is_primary=True)
        .select_related("user")
        .first()
    )


def _users_with_email(email):
    return get_user_model().objects.filter(Q(email__iexact=email) | Q(username__iexact=email))


def _send(template, to, context):
    subject = render_to_string(f"accounts/email/{template}_subject.txt", context)
    body = render_to_string(f"accounts/email/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, None, [to])


def _absolute(request, url):
    # The site's address, not the request's host: a link must work from the mailbox.
    from core.site_url import absolute

    return absolute(url)


# --- registration --------------------------------------------------------------------------


def confirmation_token(user):
    return signing.dumps({"u": user.pk, "e": user.email}, salt=CONFIRMATION_SALT)


def user_from_confirmation_token(token):
    """The pending user of a confirmation token; raises signing.SignatureExpired when the link is
    older than ACCOUNT_CONFIRMATION_DAYS and signing.BadSignature when it is forged or stale."""
    data = signing.loads(token, salt=CONFIRMATION_SALT, max_age=confirmation_lifetime())
    if not isinstance(data, dict):
        raise signing.BadSignature("unexpected payload")
    user = (
        get_user_model()
        .objects.select_related("applicant_profile")
        .filter(pk=data.get("u"), email=data.get("e"))
        .first()
    )
    if user is None or not hasattr(user, "applicant_profile"):
        raise signing.BadSignature("no such registration")
    return user


def send_confirmation(user, request):
    token = confirmation_token(user)
    _send(
        "confirm_registration",
        user.email,
        {
            "user": user,
            "url": _absolute(request, reverse("accounts:confirm", args=[token])),
            "days": days_text(settings.ACCOUNT_CONFIRMATION_DAYS),
        },
    )
    ApplicantProfile.objects.filter(user=user).update(confirmation_sent_at=timezone.now())


def resend_confirmation(email, request):
    """Send a new link to a pending registration with this e-mail; silently nothing otherwise,
    so that the answer never tells whether an address is registered."""
    user = (
        _users_with_email(email)
        .filter(is_active=False, applicant_profile__email_confirmed_at__isnull=True)
        .select_related("applicant_profile")
        .first()
    )
    if user is None:
        return False
    sent_at = user.applicant_profile.confirmation_sent_at
    if sent_at and timezone.now() - sent_at < RESEND_INTERVAL:
        return False
    send_confirmation(user, request)
    log_event("account.confirmation_resent", request, user=user, obj=user)
    return True


def _is_stale_registration(user):
    profile = getattr(user, "applicant_profile", None)
    return (
        not user.is_active
        and profile is not None
        and profile.email_confirmed_at is None
        and user.date_joined < timezone.now() - confirmation_lifetime()
    )


def register_applicant(
    *, email, password, first_name, last_name, institution, position, phone, request
):
    """Create the inactive account and send the confirmation link; returns the user, or None
    when the address is taken (its owner gets an e-mail instead, the visitor sees the same page)."""
    user_model = get_user_model()
    email = user_model.objects.normalize_email(email).lower()
    existing = _users_with_email(email).select_related("applicant_profile").first()
    if existing is not None and _is_stale_registration(existing):
        # A never-confirmed registration whose link has expired does not hold the address.
        log_event("account.stale_registration_removed", request, obj=existing, email=email)
        existing.delete()
        existing = None
    if existing is not None:
        _notify_existing(existing, request)
        return None
    try:
        with transaction.atomic():
            user = user_model(
                username=email,
                email=email,
                first_name=first_name,
                last_name=last_name,
                is_active=False,
            )
            user.set_password(password)
            user.save()
            ApplicantProfile.objects.create(
                user=user,
                position=position,
                phone=phone,
                requested_institution=institution,
                rodo_accepted_at=timezone.now(),
                rodo_clause_sha256=privacy.remember_clause_of(ClauseForm.ACCOUNT),
            )
    except IntegrityError:  # the same address registered a moment ago by a parallel request
        return None
    send_confirmation(user, request)
    log_event("account.registered", request, user=user, obj=user, institution=institution.pk)
    return user


def _notify_existing(user, request):
    profile = getattr(user, "applicant_profile", None)
    if profile is not None and profile.is_pending:
        sent_at = profile.confirmation_sent_at
        if not sent_at or timezone.now() - sent_at >= RESEND_INTERVAL:
            send_confirmation(user, request)
        return
    _send(
        "already_registered",
        user.email,
        {
            "user": user,
            "login_url": _absolute(request, reverse("accounts:login")),
            "reset_url": _absolute(request, reverse("accounts:password_reset")),
        },
    )
    log_event("account.registration_for_existing_email", request, obj=user)


@dataclass
class ConfirmationResult:
    ok: bool
    code: str  # "confirmed", "used", "taken"
    user: object = None
    holder_email: str = ""


def confirm_registration(user, request):
    """Activate the account and make it the primary account of its JST.

    The JST row is locked so that two confirmations for one JST are decided one after the other:
    the second finds the first one's primary membership (and the unique constraint backs this up
    on databases without row locks). The refused account never became active; it is removed, so
    that its address can receive an invitation from the primary account.
    """
    user_model = get_user_model()
    try:
        with transaction.atomic():
            user = user_model.objects.select_for_update().get(pk=user.pk)
            profile = ApplicantProfile.objects.select_for_update().get(user=user)
            if profile.email_confirmed_at is not None or user.is_active:
                return ConfirmationResult(False, "used", user)
            institution = (
                Institution.objects.select_for_update()
                .filter(pk=profile.requested_institution_id)
                .first()
            )
            holder = primary_membership(institution) if institution else None
            if institution is None or holder is not None:
                raise _Taken(holder)
            InstitutionMembership.objects.create(
                user=user, institution=institution, is_primary=True
            )
            user.is_active = True
            user.save(update_fields=["is_active"])
            profile.email_confirmed_at = timezone.now()
            profile.save(update_fields=["email_confirmed_at"])
            group, _ = Group.objects.get_or_create(name=APPLICANTS)
            user.groups.add(group)
    except (_Taken, IntegrityError) as refusal:
        holder = refusal.holder if isinstance(refusal, _Taken) else None
        if holder is None:
            profile = ApplicantProfile.objects.filter(user_id=user.pk).first()
            holder = profile and primary_membership(profile.requested_institution_id)
        log_event("account.confirmation_refused", request, obj=user, reason="primary_exists")
        user_model.objects.filter(pk=user.pk, is_active=False).delete()
        return ConfirmationResult(
            False, "taken", None, mask_email(holder.user.email) if holder else ""
        )
    log_event(
        "account.confirmed",
        request,
        user=user,
        obj=user,
        institution=profile.requested_institution_id,
    )
    return ConfirmationResult(True, "confirmed", user)


class _Taken(Exception):
    def __init__(self, holder):
        super().__init__("primary account exists")
        self.holder = holder


# --- invitations ---------------------------------------------------------------------------


def invite(*, institution, email, inviter, request):
    email = get_user_model().objects.normalize_email(email).lower()
    token, token_hash = Invitation.new_token()
    invitation = Invitation.objects.create(
        institution=institution,
        email=email,
        token_hash=token_hash,
        invited_by=inviter,
        expires_at=timezone.now() + invitation_lifetime(),
    )
    _send(
        "invitation",
        email,
        {
            "invitation": invitation,
            "inviter": inviter,
            "url": _absolute(request, reverse("accounts:accept_invitation", args=[token])),
            "days": days_text(settings.ACCOUNT_INVITATION_DAYS),
        },
    )
    log_event("account.invitation_sent", request, user=inviter, obj=invitation, email=email)
    return invitation


def revoke_invitation(invitation, *, by, request):
    updated = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now(), revoked_by=by)
    if updated:
        log_event(
            "account.invitation_revoked", request, user=by, obj=invitation, email=invitation.email
        )
    return bool(updated)


def invitation_from_token(token):
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("institution", "invited_by")
        .filter(token_hash=hash_token(token))
        .first()
    )


class InvitationRefused(Exception):
    """Why an invitation cannot be accepted: code is "used", "revoked", "expired" or "exists"."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def invitation_problem(invitation):
    if invitation.accepted_at:
        return "used"
    if invitation.revoked_at:
        return "revoked"
    if invitation.is_expired:
        return "expired"
    if _users_with_email(invitation.email).exists():
        return "exists"
    return None


def accept_invitation(invitation, *, first_name, last_name, password, position, phone, request):
    """Create the invited colleague's active account in the JST (not primary)."""
    user_model = get_user_model()
    try:
        with transaction.atomic():
            invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
            problem = invitation_problem(invitation)
            if problem:
                raise InvitationRefused(problem)
            user = user_model(
                username=invitation.email,
                email=invitation.email,
                first_name=first_name,
                last_name=last_name,
                is_active=True,
            )
            user.set_password(password)
            user.save()
            now = timezone.now()
            ApplicantProfile.objects.create(
                user=user,
                position=position,
                phone=phone,
                rodo_accepted_at=now,
                rodo_clause_sha256=privacy.remember_clause_of(ClauseForm.ACCOUNT),
                # The link reached this address: that confirms it.
                email_confirmed_at=now,
            )
            InstitutionMembership.objects.create(
                user=user,
                institution_id=invitation.institution_id,
                is_primary=False,
                invited_by=invitation.invited_by,
            )
            group, _ = Group.objects.get_or_create(name=APPLICANTS)
            user.groups.add(group)
            invitation.accepted_at = now
            invitation.accepted_user = user
            invitation.save(update_fields=["accepted_at", "accepted_user"])
    except IntegrityError as error:  # the address registered a moment ago
        raise InvitationRefused("exists") from error
    log_event("account.invitation_accepted", request, user=user, obj=invitation, email=user.email)
    return user
