"""Models of the recruitment area, re-exported from their modules."""

from .applications import Application
from .audit import AuditLogEntry, AuditLogImmutable
from .calls import (
    CallDocument,
    CallIndexPage,
    CallPage,
    CallQuota,
    FormalCriterion,
    SubstantiveCriterion,
)
from .choices import ApplicationState, AutoRule, CallStatus, CentreKind, CheckMode
from .formal import FormalAnswer, FormalCheckAnswer, FormalCheckCard, FormalResult
from .institutions import Institution, InstitutionMembership
from .issued import IssuedDocument, IssuedDocumentKind, SealKind
from .submissions import (
    ApplicationAttachment,
    ApplicationVersion,
    AttachmentKind,
    VersionImmutable,
)

__all__ = [
    "Application",
    "ApplicationAttachment",
    "ApplicationState",
    "ApplicationVersion",
    "AttachmentKind",
    "AuditLogEntry",
    "AuditLogImmutable",
    "AutoRule",
    "CallDocument",
    "CallIndexPage",
    "CallPage",
    "CallQuota",
    "CallStatus",
    "CentreKind",
    "CheckMode",
    "FormalAnswer",
    "FormalCheckAnswer",
    "FormalCheckCard",
    "FormalCriterion",
    "FormalResult",
    "Institution",
    "IssuedDocument",
    "IssuedDocumentKind",
    "InstitutionMembership",
    "SealKind",
    "SubstantiveCriterion",
    "VersionImmutable",
]
