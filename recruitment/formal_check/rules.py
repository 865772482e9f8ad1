"""The rules of the formal check (DOMAIN.md, "Formal check"): what the system answers itself,
the result the answers lead to, the limits of the texts and the refusals."""

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from recruitment import eligibility
from recruitment.models import (
    Application,
    ApplicationState,
    ApplicationVersion,
    AttachmentKind,
    AutoRule,
    FormalAnswer,
    FormalCheckAnswer,
    FormalResult,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


logger = logging.getLogger(__name__)


S = ApplicationState
A = FormalAnswer
R = FormalResult

COMMENT_MAX_LENGTH = 2000
DEFICIENCIES_MAX_LENGTH = 4000
REASON_MAX_LENGTH = 2000
# The reminder goes out from the start of the day two days before the deadline's last day.
REMINDER_DAYS_BEFORE = 2

# The transitions that only a card decides (the operators' views keep them off the generic buttons).
CARD_TRANSITIONS: dict[str, str] = {
    R.ACCEPTED: "accept_formally",
    R.TO_SUPPLEMENT: "request_supplement",
    R.REJECTED: "reject_formally",
}

AUDIT_LABELS = {
    "formal_card_opened": gettext_lazy("otwarcie karty oceny formalnej"),
    "formal_card_saved": gettext_lazy("zapis karty oceny formalnej (wersja robocza)"),
    "formal_card_decided": gettext_lazy("rozstrzygnięcie karty oceny formalnej"),
    "formal_card_pdf": gettext_lazy("pobranie karty oceny formalnej (PDF)"),
    "formal_notice_sent": gettext_lazy("powiadomienie e-mail o ocenie formalnej"),
    "supplement_reminder": gettext_lazy("przypomnienie o terminie uzupełnienia"),
}
# The operators' working steps: the applicant's history shows the transitions and the notices.
INTERNAL_ACTIONS = frozenset(
    {"formal_card_opened", "formal_card_saved", "formal_card_decided", "formal_card_pdf"}
)

NOTICE_SUPPLEMENT = "supplement_call"
NOTICE_REMINDER = "supplement_reminder"
NOTICE_REJECTION = "rejection"


class FormalCheckError(Exception):
    """Refused; `message` says why in Polish, `errors` maps form fields to their messages."""

    def __init__(self, message: "StrOrPromise", errors: dict[str, str] | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.errors = errors or {}


class CardNotOpen(FormalCheckError):
    """The card cannot change any more: decided, or the application left the formal check."""


class StaleCard(FormalCheckError):
    """The form was made from an earlier state of the card or of the application."""


def when(moment: datetime.datetime | None) -> str:
    return formats.date_format(timezone.localtime(moment), "j E Y, H:i") if moment else ""


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def criterion_label(row: FormalCheckAnswer) -> str:
    return _("nr %(n)s („%(text)s”)") % {"n": row.position, "text": _short(row.text)}


# --- what the system decides itself ---------------------------------------------------------------


def _deadline_answer(application: Application, version: ApplicationVersion) -> tuple[str, str]:
    call = application.call
    submitted = application.submitted_at
    if submitted is None:
        return A.NO, _("Zgłoszenie nie ma daty złożenia.")
    if submitted > call.closes_at:
        return A.NO, _("Złożono %(submitted)s, po zakończeniu naboru (%(closes)s).") % {
            "submitted": when(submitted),
            "closes": when(call.closes_at),
        }
    note = _("Złożono %(submitted)s; nabór trwał do %(closes)s.") % {
        "submitted": when(submitted),
        "closes": when(call.closes_at),
    }
    due = application.supplement_due
    if version.number > 1 and due is not None:
        if version.submitted_at > due:
            return A.NO, _("Uzupełnienie złożono %(at)s, po terminie (%(due)s).") % {
                "at": when(version.submitted_at),
                "due": when(due),
            }
        note += " " + _("Uzupełnienie złożono %(at)s, w terminie do %(due)s.") % {
            "at": when(version.submitted_at),
            "due": when(due),
        }
    return A.YES, note


def _eligibility_answer(application: Application, version: ApplicationVersion) -> tuple[str, str]:
    problems = eligibility.problems(application.call, application.institution)
    if problems:
        return A.NO, " ".join(str(p) for p in problems)
    institution = application.institution
    return A.YES, _("%(type)s, TERYT %(teryt)s, %(population)s mieszkańców (%(year)s r.).") % {
        "type": institution.get_jst_type_display(),
        "teryt": institution.teryt,
        "population": eligibility.format_population(institution.population),
        "year": institution.population_year,
    }


def _attachments_answer(application: Application, version: ApplicationVersion) -> tuple[str, str]:
    """The files the form requires (submission_check.SubmissionCheck), as the version recorded them."""
    attachments = (version.content or {}).get("attachments") or {}
    kinds = {f.get("kind") for f in attachments.get("files") or []}
    required = [AttachmentKind.SIGNED_FORM]
    if attachments.get("signed_by_proxy"):
        required.append(AttachmentKind.POWER_OF_ATTORNEY)
    missing = [kind for kind in required if kind not in kinds]
    if missing:
        return A.NO, _("Brak załącznika: %(kinds)s.") % {
            "kinds": ", ".join(str(AttachmentKind(k).label) for k in missing)
        }
    return A.YES, _("Są wymagane załączniki: %(kinds)s.") % {
        "kinds": ", ".join(str(AttachmentKind(k).label) for k in required)
    }


# An automatic criterion's rule: (answer, why) for the application's version.
SystemRule = Callable[[Application, ApplicationVersion], tuple[str, str]]

AUTO_RULES: dict[str, SystemRule] = {
    AutoRule.DEADLINE: _deadline_answer,
    AutoRule.ELIGIBILITY: _eligibility_answer,
    AutoRule.ATTACHMENTS: _attachments_answer,
}


def system_answer(
    application: Application, version: ApplicationVersion, auto_rule: str
) -> tuple[str, str]:
    """(answer, why) the system proposes for a criterion checked by `auto_rule`."""
    return AUTO_RULES[auto_rule](application, version)


# --- the result the answers lead to ---------------------------------------------------------------


@dataclass
class Assessment:
    """What a set of answers allows (DOMAIN.md, "Formal check")."""

    missing: list[FormalCheckAnswer] = field(default_factory=list)
    failed_fixed: list[FormalCheckAnswer] = field(default_factory=list)
    failed_correctable: list[FormalCheckAnswer] = field(default_factory=list)
    supplement_used: bool = False

    @property
    def expected(self) -> FormalResult | None:
        if self.missing:
            return None
        if self.failed_fixed:
            return R.REJECTED
        if self.failed_correctable:
            return R.REJECTED if self.supplement_used else R.TO_SUPPLEMENT
        return R.ACCEPTED

    def refusal(self, result: str) -> str | None:
        """Why `result` may not be decided with these answers; None if it may."""
        expected = self.expected
        if result == expected:
            return None
        if expected is None:
            return _("Zaznacz odpowiedź przy każdym kryterium.")
        failed = self.failed_fixed + self.failed_correctable
        names = ", ".join(criterion_label(r) for r in failed)
        if result == R.ACCEPTED:
            return _("Zgłoszenia nie można przyjąć: odpowiedź „nie” przy kryterium %(names)s.") % {
                "names": names
            }
        if result == R.TO_SUPPLEMENT:
            if self.failed_fixed:
                return _(
                    "Nie można wezwać do uzupełnienia: kryterium %(names)s nie podlega "
                    "uzupełnieniu, a odpowiedź „nie” oznacza odrzucenie zgłoszenia."
                ) % {"names": ", ".join(criterion_label(r) for r in self.failed_fixed)}
            if self.failed_correctable:
                return _(
                    "Do uzupełnienia można wezwać tylko raz, a ta JST była już wzywana. "
                    "Braki, które pozostały, oznaczają odrzucenie zgłoszenia."
                )
            return _("Wszystkie kryteria są spełnione; nie ma czego uzupełniać.")
        if result == R.REJECTED:
            if self.failed_correctable:
                return _(
                    "Braki przy kryterium %(names)s można uzupełnić: najpierw wezwij JST do "
                    "uzupełnienia (wezwanie jest jedno)."
                ) % {"names": names}
            return _("Wszystkie kryteria są spełnione; zgłoszenia nie można odrzucić formalnie.")
        return _("Nieznane rozstrzygnięcie.")


def assess(pairs: Iterable[tuple[FormalCheckAnswer, str]], application: Application) -> Assessment:
    """`pairs`: (answer row, the answer given) for every criterion of the card."""
    found = Assessment(supplement_used=application.supplement_due is not None)
    for row, answer in pairs:
        if answer not in A.values:
            found.missing.append(row)
        elif answer == A.NO:
            (found.failed_correctable if row.correctable else found.failed_fixed).append(row)
    return found


def default_deficiencies(rows: Iterable[FormalCheckAnswer]) -> str:
    """The deficiencies a call to supplement proposes: the correctable criteria answered "no"."""
    lines = []
    for row in rows:
        if row.answer == A.NO and row.correctable:
            comment = " ".join(row.comment.split())
            lines.append(f"{row.text.strip()}" + (f" – {comment}" if comment else ""))
    return "\n".join(lines)


def default_reason(rows: Iterable[FormalCheckAnswer], application: Application) -> str:
    """The reason a rejection proposes: the criteria answered "no" that lead to it."""
    failed = [r for r in rows if r.answer == A.NO]
    fixed = [r for r in failed if not r.correctable]
    if not fixed and application.supplement_due is None:
        return ""
    lines = [_("Zgłoszenie nie spełnia kryteriów formalnych:")]
    for row in fixed or failed:
        comment = " ".join(row.comment.split())
        lines.append(
            f"– {row.text.strip()}"
            + (f" ({comment})" if comment else "")
            + ("" if not row.correctable else " " + _("– nie uzupełniono po wezwaniu"))
        )
    return "\n".join(lines)


def parse_deficiencies(text: str | None) -> list[str]:
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]
