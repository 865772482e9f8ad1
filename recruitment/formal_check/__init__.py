"""The formal check (karta oceny formalnej): opening a card per round, the system's pre-filled
answers, saving drafts, deciding the result through the workflow, the applicant's notices, the
reminder before the supplement deadline and the rejection when it passes (DOMAIN.md, "Formal
check").

Rules, as DOMAIN.md states them:
- every criterion is answered yes / no / not applicable before anything is decided;
- a "no" on a criterion that cannot be corrected rejects the application, with a written reason;
- a "no" on a correctable criterion issues one call to supplement, listing the deficiencies,
  with a deadline of the call's `supplement_days` (to the end of the last day, Europe/Warsaw:
  `workflow.supplement_deadline`); a "no" that remains after the supplement rejects it;
- all criteria met: the application is accepted.
The result follows from the answers; the operator confirms it and writes the deficiencies or the
reason. A refused request raises `FormalCheckError` with a Polish message and stores nothing.
"""

from .cards import (
    cards_of,
    current_card,
    decide,
    latest_version,
    open_card,
    save_draft,
    start,
)
from .deadlines import (
    due_reminders,
    expired,
    expiry_reason,
    reject_expired,
    reminder_from,
    send_due_reminders,
)
from .notices import (
    applicant_summary,
    enqueue_notice,
    send_formal_check_email,
    send_notice,
)
from .pdf import card_context, card_filename, card_pdf, issue_card, issue_formal_card
from .rules import (
    AUDIT_LABELS,
    AUTO_RULES,
    CARD_TRANSITIONS,
    COMMENT_MAX_LENGTH,
    DEFICIENCIES_MAX_LENGTH,
    INTERNAL_ACTIONS,
    NOTICE_REJECTION,
    NOTICE_REMINDER,
    NOTICE_SUPPLEMENT,
    REASON_MAX_LENGTH,
    REMINDER_DAYS_BEFORE,
    Assessment,
    CardNotOpen,
    FormalCheckError,
    StaleCard,
    assess,
    criterion_label,
    default_deficiencies,
    default_reason,
    parse_deficiencies,
    system_answer,
    when,
)

__all__ = [
    "applicant_summary",
    "assess",
    "Assessment",
    "AUDIT_LABELS",
    "AUTO_RULES",
    "card_context",
    "card_filename",
    "card_pdf",
    "CARD_TRANSITIONS",
    "CardNotOpen",
    "cards_of",
    "COMMENT_MAX_LENGTH",
    "criterion_label",
    "current_card",
    "decide",
    "default_deficiencies",
    "default_reason",
    "DEFICIENCIES_MAX_LENGTH",
    "due_reminders",
    "enqueue_notice",
    "expired",
    "expiry_reason",
    "FormalCheckError",
    "INTERNAL_ACTIONS",
    "issue_card",
    "issue_formal_card",
    "latest_version",
    "NOTICE_REJECTION",
    "NOTICE_REMINDER",
    "NOTICE_SUPPLEMENT",
    "open_card",
    "parse_deficiencies",
    "REASON_MAX_LENGTH",
    "reject_expired",
    "REMINDER_DAYS_BEFORE",
    "reminder_from",
    "save_draft",
    "send_due_reminders",
    "send_formal_check_email",
    "send_notice",
    "StaleCard",
    "start",
    "system_answer",
    "when",
]
