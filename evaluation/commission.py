"""The commission of a call: appointing and dismissing members, signing the declaration of
impartiality and confidentiality, declaring conflicts of interest (DOMAIN.md, "Substantive
evaluation"). Each function checks its rule, changes the rows in one transaction and appends
one audit entry; a refusal raises `EvaluationError` and changes nothing."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.roles import CHAIRS, EVALUATORS, group_names, is_active_account
from recruitment import audit

from . import declaration, permissions
from .errors import EvaluationError
from .models import (
    Assignment,
    CommissionMember,
    CommissionRole,
    ConflictDeclaration,
    Declaration,
)

NOTE_MAX_LENGTH = 500

# The group an account needs for each role: it gives the right to log in to the admin.
ROLE_GROUPS = {CommissionRole.EVALUATOR: EVALUATORS, CommissionRole.CHAIR: CHAIRS}


def _name(user):
    return user.get_full_name() or user.get_username()


def appoint(call, user, role, *, by, employer=None, ip_address=None):
    """An operator appoints a person to the call's commission as an evaluator or its chair."""
    if role not in CommissionRole.values:
        raise EvaluationError(_("Nieznana funkcja w komisji."))
    if not is_active_account(user):
        raise EvaluationError(_("To konto jest nieaktywne."))
    group = ROLE_GROUPS[role]
    if group not in group_names(user):
        raise EvaluationError(
            _("Konto %(name)s nie należy do grupy „%(group)s”; nadaj ją najpierw.")
            % {"name": _name(user), "group": group}
        )
    if CommissionMember.objects.filter(call=call, user=user).exists():
        raise EvaluationError(_("%(name)s jest już w komisji tego naboru.") % {"name": _name(user)})
    if (
        role == CommissionRole.CHAIR
        and CommissionMember.objects.filter(call=call, role=CommissionRole.CHAIR).exists()
    ):
        raise EvaluationError(
            _("Ten nabór ma już przewodniczącego komisji; odwołaj go, aby powołać innego.")
        )
    try:
        with transaction.atomic():
            member = CommissionMember.objects.create(
                call=call, user=user, role=role, employer=employer, appointed_by=by
            )
            audit.record(
                "commission_appointed",
                user=by,
                obj=member,
                details={
                    "call": call.number,
                    "member": user.get_username(),
                    "role": role,
                    "employer": employer.pk if employer else None,
                },
                ip_address=ip_address,
            )
    except IntegrityError as error:
        raise EvaluationError(
            _("Skład komisji zmienił się w międzyczasie; odśwież stronę i spróbuj ponownie.")
        ) from error
    permissions.forget(user, call.pk)
    return member


def dismiss(member, *, by, ip_address=None):
    """An operator removes a member who holds no assignment in force."""
    with transaction.atomic():
        held = Assignment.objects.current().filter(
            evaluator_id=member.user_id, application__call_id=member.call_id
        )
        if held.exists():
            raise EvaluationError(
                _(
                    "%(name)s ma przydzielone zgłoszenia do oceny. Przewodniczący musi najpierw "
                    "cofnąć przydziały (karty złożone zostają w aktach)."
                )
                % {"name": _name(member.user)}
            )
        audit.record(
            "commission_dismissed",
            user=by,
            obj=member,
            details={
                "call": member.call.number,
                "member": member.user.get_username(),
                "role": member.role,
            },
            ip_address=ip_address,
        )
        member.delete()
    permissions.forget(member.user, member.call_id)


def sign_declaration(call, user, *, conflicts=(), ip_address=None):
    """The member signs the call's declaration, naming the JST they have a conflict with."""
    if not permissions.is_member(user, call):
        raise EvaluationError(_("Nie jesteś członkiem komisji tego naboru."))
    text = declaration.render_text(call, user)
    now = timezone.now()
    try:
        with transaction.atomic():
            if Declaration.objects.filter(call=call, user=user).exists():
                raise EvaluationError(_("Deklarację w tym naborze już podpisano."))
            signed = Declaration.objects.create(
                call=call,
                user=user,
                text=text,
                text_version=declaration.TEXT_VERSION,
                text_sha256=declaration.sha256(text),
                signed_at=now,
                ip_address=ip_address,
            )
            for institution in conflicts:
                ConflictDeclaration.objects.create(
                    call=call,
                    user=user,
                    institution=institution,
                    declared_at=now,
                    ip_address=ip_address,
                )
            audit.record(
                "declaration_signed",
                user=user,
                obj=signed,
                details={
                    "call": call.number,
                    "version": declaration.TEXT_VERSION,
                    "sha256": signed.text_sha256,
                    "conflicts": [i.pk for i in conflicts],
                },
                ip_address=ip_address,
            )
    except IntegrityError as error:
        raise EvaluationError(_("Deklarację w tym naborze już podpisano.")) from error
    permissions.forget(user, call.pk)
    return signed


def declare_conflict(call, user, institution, *, note="", ip_address=None):
    """A member declares a conflict with a JST after signing. Their assignments to it that are
    still in force are cancelled, so the chair assigns someone else (DOMAIN.md: a declared
    conflict bars assignment)."""
    note = (note or "").strip()
    if not permissions.can_declare_conflict(user, call):
        raise EvaluationError(_("Najpierw podpisz deklarację bezstronności i poufności."))
    if len(note) > NOTE_MAX_LENGTH:
        raise EvaluationError(
            _("Opis powiązania może mieć najwyżej %(limit)s znaków.") % {"limit": NOTE_MAX_LENGTH}
        )
    now = timezone.now()
    try:
        with transaction.atomic():
            if ConflictDeclaration.objects.filter(
                call=call, user=user, institution=institution
            ).exists():
                raise EvaluationError(
                    _("Konflikt interesów z JST „%(jst)s” został już zgłoszony.")
                    % {"jst": institution.name}
                )
            conflict = ConflictDeclaration.objects.create(
                call=call,
                user=user,
                institution=institution,
                note=note,
                declared_at=now,
                ip_address=ip_address,
            )
            cancelled = []
            affected = (
                Assignment.objects.current()
                .select_for_update(of=("self",))
                .filter(
                    evaluator=user,
                    application__call=call,
                    application__institution=institution,
                    application__state__in=permissions.ASSIGNABLE_STATES
                    | permissions.EVALUABLE_STATES,
                )
                .select_related("application")
            )
            for assignment in affected:
                assignment.cancelled_at = now
                assignment.cancelled_by = user
                assignment.cancel_reason = str(_("zgłoszony konflikt interesów"))
                assignment.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
                cancelled.append(assignment.pk)
                audit.record(
                    "assignment_cancelled",
                    user=user,
                    obj=assignment,
                    application=assignment.application,
                    details={"reason": "conflict", "evaluator": user.get_username()},
                    ip_address=ip_address,
                )
            audit.record(
                "conflict_declared",
                user=user,
                obj=conflict,
                details={
                    "call": call.number,
                    "institution": institution.pk,
                    "note": note,
                    "cancelled_assignments": cancelled,
                },
                ip_address=ip_address,
            )
    except IntegrityError as error:
        raise EvaluationError(_("Ten konflikt interesów został już zgłoszony.")) from error
    permissions.forget(user, call.pk)
    getattr(user, "_k3d_assigned", {}).clear()
    return conflict
