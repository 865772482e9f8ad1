"""Writing the audit log: one entry per action, with the actor, the object and the client IP."""

from typing import TYPE_CHECKING, Any

from core.http import client_ip

if TYPE_CHECKING:
    from django.db.models import Model
    from django.http import HttpRequest

    from recruitment.models import Application, AuditLogEntry


def record(
    action: str,
    *,
    # An account, the anonymous visitor, nobody, or `workflow.SYSTEM` (the scheduled command,
    # which has no account but a name: `audit_name`); workflow imports this module.
    user: Any = None,
    obj: "Model | None" = None,
    application: "Application | None" = None,
    details: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> "AuditLogEntry":
    """Append one entry; the log is never updated or deleted (models.AuditLogEntry)."""
    from recruitment.models import AuditLogEntry

    target = obj if obj is not None else application
    actor = user if getattr(user, "is_authenticated", False) else None
    # The scheduled command acts as workflow.SYSTEM: no account, but a name in the log.
    username = actor.get_username() if actor else getattr(user, "audit_name", "")
    return AuditLogEntry.objects.create(
        user=actor,
        username=username,
        action=action,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        application=application,
        details=details or {},
        ip_address=ip_address,
    )


def deny(
    request: "HttpRequest",
    obj: "Model | None",
    reason: str,
    application: "Application | None" = None,
) -> "AuditLogEntry":
    """Log a refused access (another partner's call, an unsigned declaration, another JST's
    application) before the view answers 404 or 403."""
    return record(
        "access_denied",
        user=request.user,
        obj=obj,
        application=application,
        details={"path": request.path[:500], "method": request.method, "reason": reason},
        ip_address=client_ip(request),
    )
