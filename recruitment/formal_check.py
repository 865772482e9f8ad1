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

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from django_tasks import task

from core.site_url import absolute
from recruitment import audit, eligibility, receipts, timing, workflow
from recruitment.models import (
    Application,
    ApplicationState,
    AttachmentKind,
    AuditLogEntry,
    AutoRule,
    CheckMode,
    FormalAnswer,
    FormalCheckAnswer,
    FormalCheckCard,
    FormalResult,
)

logger = logging.getLogger(__name__)
S = ApplicationState
A = FormalAnswer
R = FormalResult

COMMENT_MAX_LENGTH = 2000
DEFICIENCIES_MAX_LENGTH = 4000
REASON_MAX_LENGTH = 2000
# The reminder goes out from the start of the day two days before the deadline's last day.
REMINDER_DAYS_BEFORE = 2

# The transitions that only a card decides (admin_views keeps them off the generic buttons).
CARD_TRANSITIONS = {
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

    def __init__(self, message, errors=None):
        super().__init__(str(message))
        self.message = message
        self.errors = errors or {}


class CardNotOpen(FormalCheckError):
    """The card cannot change any more: decided, or the application left the formal check."""


class StaleCard(FormalCheckError):
    """The form was made from an earlier state of the card or of the application."""


def when(moment):
    return formats.date_format(timezone.localtime(moment), "j E Y, H:i") if moment else ""


def _short(text, limit=90):
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def criterion_label(row):
    return _("nr %(n)s („%(text)s”)") % {"n": row.position, "text": _short(row.text)}


# --- what the system decides itself ---------------------------------------------------------------


def _deadline_answer(application, version):
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


def _eligibility_answer(application, version):
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


def _attachments_answer(application, version):
    """The files the form requires (submission.SubmissionCheck), as the version recorded them."""
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


AUTO_RULES = {
    AutoRule.DEADLINE: _deadline_answer,
    AutoRule.ELIGIBILITY: _eligibility_answer,
    AutoRule.ATTACHMENTS: _attachments_answer,
}


def system_answer(application, version, auto_rule):
    """(answer, why) the system proposes for a criterion checked by `auto_rule`."""
    return AUTO_RULES[auto_rule](application, version)


# --- cards ----------------------------------------------------------------------------------------


def latest_version(application):
    return application.versions.order_by("-number").first()


def cards_of(application):
    cards = list(
        FormalCheckCard.objects.filter(application=application)
        .select_related("version", "decided_by", "updated_by")
        .order_by("round")
    )
    for card in cards:
        card.application = application
    return cards


def open_card(application, user=None, ip_address=None):
    """The card of the application's latest version, made with the system's proposals if it has
    none yet. Only while the application is in the formal check."""
    if application.state != S.FORMAL_CHECK:
        raise CardNotOpen(
            _("Zgłoszenie ma stan „%(state)s”; karta oceny formalnej nie jest otwarta.")
            % {"state": S(application.state).label}
        )
    version = latest_version(application)
    if version is None:
        raise CardNotOpen(_("Zgłoszenie nie ma złożonej wersji."))
    card = FormalCheckCard.objects.filter(application=application, version=version).first()
    if card is not None:
        return card
    criteria = list(application.call.formal_criteria.order_by("sort_order", "pk"))
    try:
        with transaction.atomic():
            card = FormalCheckCard.objects.create(
                application=application,
                version=version,
                round=FormalCheckCard.objects.filter(application=application).count() + 1,
                created_by=user if getattr(user, "is_authenticated", False) else None,
            )
            rows = []
            for position, criterion in enumerate(criteria, start=1):
                row = FormalCheckAnswer(
                    card=card,
                    criterion=criterion,
                    position=position,
                    text=criterion.text,
                    correctable=criterion.correctable,
                    auto_rule=criterion.auto_rule,
                )
                if criterion.check_mode == CheckMode.AUTO and criterion.auto_rule in AUTO_RULES:
                    answer, note = system_answer(application, version, criterion.auto_rule)
                    # Proposed, not confirmed: the operator confirms it by saving the card.
                    row.answer = row.system_answer = answer
                    row.system_note = note
                rows.append(row)
            FormalCheckAnswer.objects.bulk_create(rows)
            audit.record(
                "formal_card_opened",
                user=user,
                obj=card,
                application=application,
                details={
                    "round": card.round,
                    "version": version.number,
                    "prefilled": {
                        str(r.position): r.system_answer for r in rows if r.system_answer
                    },
                },
                ip_address=ip_address,
            )
    except IntegrityError:
        # Two requests opened it at once; the other one made it.
        card = FormalCheckCard.objects.filter(application=application, version=version).first()
        if card is None:
            raise
    return card


def start(application, user, ip_address=None):
    """Start the formal check (the workflow's `start_formal_check`) and open its card."""
    try:
        with transaction.atomic():
            workflow.fire(application, "start_formal_check", user, ip_address=ip_address)
            return open_card(application, user=user, ip_address=ip_address)
    except workflow.TransitionError as error:
        raise FormalCheckError(error.message) from error


def current_card(application):
    """The card the operator works on now (made if the check was started elsewhere), or None."""
    if application.state != S.FORMAL_CHECK:
        return None
    try:
        return open_card(application)
    except CardNotOpen:
        return None


# --- the result the answers lead to ---------------------------------------------------------------


@dataclass
class Assessment:
    """What a set of answers allows (DOMAIN.md, "Formal check")."""

    missing: list = field(default_factory=list)
    failed_fixed: list = field(default_factory=list)
    failed_correctable: list = field(default_factory=list)
    supplement_used: bool = False

    @property
    def expected(self):
        if self.missing:
            return None
        if self.failed_fixed:
            return R.REJECTED
        if self.failed_correctable:
            return R.REJECTED if self.supplement_used else R.TO_SUPPLEMENT
        return R.ACCEPTED

    def refusal(self, result):
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


def assess(pairs, application):
    """`pairs`: (answer row, the answer given) for every criterion of the card."""
    found = Assessment(supplement_used=application.supplement_due is not None)
    for row, answer in pairs:
        if answer not in A.values:
            found.missing.append(row)
        elif answer == A.NO:
            (found.failed_correctable if row.correctable else found.failed_fixed).append(row)
    return found


def default_deficiencies(rows):
    """The deficiencies a call to supplement proposes: the correctable criteria answered "no"."""
    lines = []
    for row in rows:
        if row.answer == A.NO and row.correctable:
            comment = " ".join(row.comment.split())
            lines.append(f"{row.text.strip()}" + (f" – {comment}" if comment else ""))
    return "\n".join(lines)


def default_reason(rows, application):
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


def parse_deficiencies(text):
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


# --- saving and deciding --------------------------------------------------------------------------


def _lock(card):
    """The application, then its card, locked in this order by every writer of a card."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("call", "institution")
        .get(pk=card.application_id)
    )
    locked = FormalCheckCard.objects.select_for_update().get(pk=card.pk)
    return application, locked


def _check_open(card, application, revision, expected_state):
    if card.is_decided:
        raise CardNotOpen(
            _(
                "Ta karta została już rozstrzygnięta (%(result)s, %(when)s). "
                "Nic nie zostało zmienione."
            )
            % {"result": R(card.result).label, "when": when(card.decided_at)}
        )
    if (expected_state is not None and expected_state != application.state) or (
        revision is not None and revision != card.revision
    ):
        raise StaleCard(
            _(
                "Karta lub stan zgłoszenia zmieniły się w międzyczasie (stan: „%(state)s”, "
                "ostatni zapis karty: %(when)s). Nic nie zostało zapisane; sprawdź kartę i "
                "spróbuj ponownie."
            )
            % {"state": S(application.state).label, "when": when(card.updated_at) or "–"}
        )
    if application.state != S.FORMAL_CHECK:
        raise CardNotOpen(
            _("Zgłoszenie ma stan „%(state)s”; karty nie można już zmieniać.")
            % {"state": S(application.state).label}
        )
    last = application.versions.order_by("-number").values_list("pk", flat=True).first()
    if last != card.version_id:
        raise CardNotOpen(_("Ta karta dotyczy wcześniejszej wersji zgłoszenia."))


def _merge(rows, answers):
    """(row, answer, comment, given) for every row; a row missing from `answers` keeps what it
    has (given=False), ids that are not this card's are ignored."""
    merged = []
    for row in rows:
        given = row.pk in answers
        answer, comment = answers[row.pk] if given else (row.answer, row.comment)
        answer = answer or ""
        comment = (comment or "").replace("\r\n", "\n").strip()
        if answer and answer not in A.values:
            raise FormalCheckError(
                _("Nieznana odpowiedź przy kryterium %(name)s.") % {"name": criterion_label(row)},
                {f"answer-{row.pk}": _("Wybierz „tak”, „nie” albo „nie dotyczy”.")},
            )
        if len(comment) > COMMENT_MAX_LENGTH:
            raise FormalCheckError(
                _("Uwagi mogą mieć najwyżej %(limit)s znaków.") % {"limit": COMMENT_MAX_LENGTH},
                {
                    f"comment-{row.pk}": _("Najwyżej %(limit)s znaków.")
                    % {"limit": COMMENT_MAX_LENGTH}
                },
            )
        merged.append((row, answer, comment, given))
    return merged


def _store(merged, user, now):
    """Write what changed, and confirm each answer the operator gave (a proposal the operator
    submitted unchanged becomes theirs). Returns {position: {...}} of the rows written."""
    written = {}
    for row, answer, comment, given in merged:
        differs = (answer, comment) != (row.answer, row.comment)
        confirms = given and bool(answer) and not row.is_confirmed
        if not differs and not confirms:
            continue
        row.answer, row.comment = answer, comment
        row.answered_at = now if answer else None
        row.answered_by = user if answer else None
        row.save(update_fields=["answer", "comment", "answered_at", "answered_by"])
        written[str(row.position)] = {"answer": answer, "comment": comment, "changed": differs}
    return written


def save_draft(card, user, answers, *, revision=None, expected_state=None, ip_address=None):
    """Store the answers without deciding; every answer given is confirmed by this operator.
    Returns the number of criteria written (changed or newly confirmed)."""
    with transaction.atomic():
        application, locked = _lock(card)
        _check_open(locked, application, revision, expected_state)
        rows = list(locked.answers.all())
        merged = _merge(rows, answers)
        now = timezone.now()
        written = _store(merged, user, now)
        if not written:
            return 0
        locked.revision += 1
        locked.updated_at, locked.updated_by = now, user
        locked.save(update_fields=["revision", "updated_at", "updated_by"])
        audit.record(
            "formal_card_saved",
            user=user,
            obj=locked,
            application=application,
            details={"round": locked.round, "written": written},
            ip_address=ip_address,
        )
    card.revision, card.updated_at, card.updated_by = locked.revision, now, user
    return len(written)


def decide(card, user, result, answers, *, deficiencies="", reason="", revision=None,
           expected_state=None, ip_address=None):  # fmt: skip
    """Store the answers and decide the result: the workflow's transition, the card's result,
    the audit log, then the applicant's notice. Nothing is stored if anything is refused."""
    if result not in R.values:
        raise FormalCheckError(_("Nieznane rozstrzygnięcie."), {"decision": _("Wybierz wynik.")})
    deficiency_list = parse_deficiencies(deficiencies)
    reason = (reason or "").replace("\r\n", "\n").strip()
    try:
        with transaction.atomic():
            application, locked = _lock(card)
            _check_open(locked, application, revision, expected_state)
            rows = list(locked.answers.all())
            merged = _merge(rows, answers)
            assessment = assess([(row, answer) for row, answer, *_rest in merged], application)
            if assessment.missing:
                raise FormalCheckError(
                    _("Nie rozstrzygnięto: brak odpowiedzi przy kryterium %(names)s.")
                    % {"names": ", ".join(criterion_label(r) for r in assessment.missing)},
                    {
                        f"answer-{r.pk}": _("Zaznacz „tak”, „nie” albo „nie dotyczy”.")
                        for r in assessment.missing
                    },
                )
            refusal = assessment.refusal(result)
            if refusal:
                raise FormalCheckError(refusal, {"decision": refusal})
            _check_texts(result, deficiencies, deficiency_list, reason)
            now = timezone.now()
            # Deciding confirms every answer on the card, the proposals left as they were too.
            _store([(row, answer, comment, True) for row, answer, comment, _g in merged], user, now)
            why = "\n".join(deficiency_list) if result == R.TO_SUPPLEMENT else reason
            workflow.fire(application, CARD_TRANSITIONS[result], user, reason=why,
                          ip_address=ip_address)  # fmt: skip
            locked.result = result
            locked.deficiencies = deficiency_list if result == R.TO_SUPPLEMENT else []
            locked.supplement_due = (
                application.supplement_due if result == R.TO_SUPPLEMENT else None
            )
            locked.reason = reason if result == R.REJECTED else ""
            locked.decided_at = locked.updated_at = now
            locked.decided_by = locked.updated_by = user
            locked.revision += 1
            locked.save()
            audit.record(
                "formal_card_decided",
                user=user,
                obj=locked,
                application=application,
                details={
                    "round": locked.round,
                    "version": application.version,
                    "result": result,
                    "answers": {
                        str(row.position): {"answer": answer, "comment": comment}
                        for row, answer, comment, _given in merged
                    },
                    "deficiencies": locked.deficiencies,
                    "supplement_due": locked.supplement_due,
                    "reason": locked.reason,
                },
                ip_address=ip_address,
            )
    except workflow.TransitionError as error:
        raise FormalCheckError(error.message) from error
    for name in ("result", "deficiencies", "supplement_due", "reason", "decided_at",
                 "decided_by", "updated_at", "updated_by", "revision"):  # fmt: skip
        setattr(card, name, getattr(locked, name))
    _enqueue_issue(card)
    if result == R.TO_SUPPLEMENT:
        enqueue_notice(application, NOTICE_SUPPLEMENT)
    elif result == R.REJECTED:
        enqueue_notice(application, NOTICE_REJECTION)
    return card


def _enqueue_issue(card):
    """The decided card is issued by a task; its first download issues it if the task has not."""
    try:
        issue_formal_card.enqueue(card.pk)
    except Exception:
        logger.exception("Issuing the formal card %s failed", card.pk)


def _check_texts(result, deficiencies, deficiency_list, reason):
    if result == R.TO_SUPPLEMENT:
        if not deficiency_list:
            message = _("Wezwanie do uzupełnienia musi wymieniać braki: wpisz co najmniej jeden.")
            raise FormalCheckError(message, {"deficiencies": message})
        if len(deficiencies) > DEFICIENCIES_MAX_LENGTH:
            message = _("Lista braków może mieć najwyżej %(limit)s znaków.") % {
                "limit": DEFICIENCIES_MAX_LENGTH
            }
            raise FormalCheckError(message, {"deficiencies": message})
    if result == R.REJECTED:
        if not reason:
            message = _("Odrzucenie wymaga pisemnego uzasadnienia.")
            raise FormalCheckError(message, {"reason": message})
        if len(reason) > REASON_MAX_LENGTH:
            message = _("Uzasadnienie może mieć najwyżej %(limit)s znaków.") % {
                "limit": REASON_MAX_LENGTH
            }
            raise FormalCheckError(message, {"reason": message})


# --- notices --------------------------------------------------------------------------------------


def enqueue_notice(application, kind):
    """Queue the e-mail; the decision stands even if the queue or the mail server is down."""
    try:
        send_formal_check_email.enqueue(application.pk, kind)
    except Exception:
        logger.exception("Formal check notice %s of application %s failed", kind, application.pk)


def _last_rejection_reason(application):
    entry = (
        AuditLogEntry.objects.filter(
            application=application, action__in=["reject_formally", "expire_supplement"]
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    return (entry.details.get("reason") or "") if entry else ""


def _supplement_card(application):
    return (
        FormalCheckCard.objects.filter(application=application, result=R.TO_SUPPLEMENT)
        .order_by("-round")
        .first()
    )


NOTICE_STATES = {
    NOTICE_SUPPLEMENT: S.TO_SUPPLEMENT,
    NOTICE_REMINDER: S.TO_SUPPLEMENT,
    NOTICE_REJECTION: S.FORMALLY_REJECTED,
}


def send_notice(application_id, kind, now=None):
    """E-mail one notice to the JST's accounts; nothing if the application has moved on since
    it was queued (a reminder after the supplement came in). Returns the messages sent."""
    application = (
        Application.objects.select_related("call", "institution").filter(pk=application_id).first()
    )
    if application is None or kind not in NOTICE_STATES:
        return 0
    if application.state != NOTICE_STATES[kind]:
        return 0
    now = now or timezone.now()
    if kind == NOTICE_REMINDER and (
        application.supplement_due is None or now > application.supplement_due
    ):
        return 0
    to = receipts.recipients(application)
    if not to:
        return 0
    card = _supplement_card(application)
    due = application.supplement_due
    context = {
        "application": application,
        "call": application.call,
        "institution": application.institution,
        "deficiencies": card.deficiencies if card else [],
        "due_text": when(due),
        "time_left": timing.time_left_text(due - now) if due and due > now else "",
        "reason": _last_rejection_reason(application) if kind == NOTICE_REJECTION else "",
        "application_url": absolute(reverse("recruitment:application", args=[application.pk])),
        "status_url": absolute(reverse("recruitment:status", args=[application.pk])),
    }
    subjects = {
        NOTICE_SUPPLEMENT: _("Wezwanie do uzupełnienia zgłoszenia %(number)s"),
        NOTICE_REMINDER: _("Przypomnienie: termin uzupełnienia zgłoszenia %(number)s"),
        NOTICE_REJECTION: _("Odrzucenie formalne zgłoszenia %(number)s"),
    }
    body = render_to_string(f"recruitment/email/formal_{kind}.txt", context)
    sent = EmailMessage(
        subjects[kind] % {"number": application.number},
        body,
        settings.DEFAULT_FROM_EMAIL,
        to,
    ).send()
    audit.record(
        "formal_notice_sent",
        user=workflow.SYSTEM,
        application=application,
        details={"kind": kind, "recipients": len(to)},
    )
    return sent


# --- deadlines (the recruitment_deadlines command) ------------------------------------------------


def reminder_from(due):
    """The start (00:00, Europe/Warsaw) of the day two days before the deadline's day."""
    day = due.astimezone(workflow.WARSAW).date() - datetime.timedelta(days=REMINDER_DAYS_BEFORE)
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=workflow.WARSAW)


def due_reminders(now):
    """Cards whose reminder is due now and not sent. A call made inside the reminder window
    (a deadline of two days or less) is its own reminder: no second message."""
    cards = (
        FormalCheckCard.objects.filter(
            result=R.TO_SUPPLEMENT,
            reminder_sent_at__isnull=True,
            application__state=S.TO_SUPPLEMENT,
            application__supplement_due__gt=now,
            application__supplement_due__lte=now
            + datetime.timedelta(days=REMINDER_DAYS_BEFORE + 1),
        )
        .select_related("application")
        .order_by("application__supplement_due", "pk")
    )
    found = []
    for card in cards:
        start_at = reminder_from(card.application.supplement_due)
        if start_at <= now and card.decided_at < start_at:
            found.append(card)
    return found


def send_due_reminders(now=None):
    """Send each due reminder once; the card remembers it. Returns the applications reminded."""
    now = now or timezone.now()
    reminded = []
    for card in due_reminders(now):
        with transaction.atomic():
            # Whoever sets the mark first sends; a second run (or a parallel one) finds it set.
            claimed = FormalCheckCard.objects.filter(
                pk=card.pk, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if not claimed:
                continue
            audit.record(
                "supplement_reminder",
                user=workflow.SYSTEM,
                obj=card,
                application=card.application,
                details={"supplement_due": card.application.supplement_due},
            )
        enqueue_notice(card.application, NOTICE_REMINDER)
        reminded.append(card.application)
    return reminded


def expired(now):
    return list(
        Application.objects.filter(state=S.TO_SUPPLEMENT, supplement_due__lt=now)
        .select_related("call", "institution")
        .order_by("supplement_due", "pk")
    )


def expiry_reason(application):
    card = _supplement_card(application)
    reason = _(
        "Zgłoszenie nie zostało uzupełnione w wyznaczonym terminie, który upłynął %(due)s. "
        "Zgodnie z regulaminem naboru zgłoszenie zostaje odrzucone formalnie."
    ) % {"due": when(application.supplement_due)}
    if card and card.deficiencies:
        reason += "\n" + _("Nieuzupełnione braki:") + "\n"
        reason += "\n".join(f"– {line}" for line in card.deficiencies)
    return reason


def reject_expired(now=None):
    """Reject, through the workflow, each application whose supplement deadline passed
    unanswered. A second run finds none; an application supplemented meanwhile is skipped
    (the workflow refuses it). Returns the applications rejected."""
    now = now or timezone.now()
    rejected = []
    for application in expired(now):
        try:
            workflow.fire(
                application, "expire_supplement", workflow.SYSTEM, reason=expiry_reason(application)
            )
        except workflow.TransitionError as error:
            logger.info("Application %s not rejected: %s", application.pk, error.message)
            continue
        enqueue_notice(application, NOTICE_REJECTION)
        rejected.append(application)
    return rejected


# --- what the applicant sees ------------------------------------------------------------------------


def applicant_summary(application, now=None):
    """The formal check as the status page tells it: deficiencies and deadline, or the reason."""
    now = now or timezone.now()
    if application.state == S.TO_SUPPLEMENT:
        card = _supplement_card(application)
        due = application.supplement_due
        return {
            "to_supplement": True,
            "deficiencies": card.deficiencies if card else [],
            "due": due,
            "due_passed": due is not None and now > due,
            "time_left": timing.time_left_text(due - now) if due and now <= due else "",
        }
    if application.state == S.FORMALLY_REJECTED:
        return {"rejected": True, "reason": _last_rejection_reason(application)}
    return {}


# --- the card as a PDF ------------------------------------------------------------------------------


def card_context(card):
    """What the card's PDF says; the call and the JST as the checked version recorded them."""
    application = card.application
    call, institution = receipts.version_snapshot(application, card.version)
    return {
        "card": card,
        "answers": list(card.answers.select_related("answered_by")),
        "application": application,
        "call": call,
        "institution": institution,
        "version": card.version,
        "result_label": R(card.result).label if card.result else "",
        "generated_at": timezone.localtime(),
    }


def card_pdf(card):
    """A card still being filled, rendered now and marked as a draft; a decided card as issued."""
    if card.result:
        return bytes(issue_card(card).pdf)
    import weasyprint

    html = render_to_string("recruitment/formal_check_card_pdf.html", card_context(card))
    return weasyprint.HTML(string=html).write_pdf()


def issue_card(card):
    """The decided card as issued (recruitment.receipts.issue): rendered and sealed once, at the
    decision or at its first download, and the same bytes ever after."""
    from recruitment.models import IssuedDocument, IssuedDocumentKind

    lookup = {"kind": IssuedDocumentKind.FORMAL_CARD, "formal_card": card}
    found = IssuedDocument.objects.filter(**lookup).first()
    if found is not None:
        return found
    return receipts.issue(
        lookup,
        version=card.version,
        filename=card_filename(card),
        template="recruitment/formal_check_card_pdf.html",
        context=card_context(card),
        reason=_("Karta oceny formalnej zgłoszenia %(number)s, runda %(round)s")
        % {"number": card.application.number, "round": card.round},
    )


def card_filename(card):
    safe = (card.application.number or str(card.application_id)).replace("/", "-")
    return f"karta-oceny-formalnej-{safe}-runda-{card.round}.pdf"


# --- background tasks -------------------------------------------------------------------------


@task()
def send_formal_check_email(application_id, kind):
    """E-mail a notice of the formal check to the JST's accounts: the call to supplement, the
    reminder before its deadline, or the formal rejection (recruitment.formal_check)."""
    return send_notice(application_id, kind)


@task()
def issue_formal_card(card_id):
    """Issue (render, seal and store) the card of a decided round of the formal check."""
    card = (
        FormalCheckCard.objects.select_related("application__call", "version", "decided_by")
        .filter(pk=card_id)
        .first()
    )
    if card is None or not card.result:
        return None
    return issue_card(card).pk
