"""The cards of the formal check: one per round, opened with the system's answers, saved as a
draft and decided through the workflow (which queues the notice and the card's PDF)."""

import datetime
import logging
from typing import TYPE_CHECKING, Any, cast

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.roles import Account
from recruitment import audit, workflow
from recruitment.models import (
    Application,
    ApplicationState,
    ApplicationVersion,
    CheckMode,
    FormalAnswer,
    FormalCheckAnswer,
    FormalCheckCard,
    FormalResult,
)

from .notices import enqueue_notice
from .pdf import issue_formal_card
from .rules import (
    AUTO_RULES,
    CARD_TRANSITIONS,
    COMMENT_MAX_LENGTH,
    DEFICIENCIES_MAX_LENGTH,
    NOTICE_REJECTION,
    NOTICE_SUPPLEMENT,
    REASON_MAX_LENGTH,
    CardNotOpen,
    FormalCheckError,
    StaleCard,
    assess,
    criterion_label,
    parse_deficiencies,
    system_answer,
    when,
)

if TYPE_CHECKING:
    from portal.models import User

logger = logging.getLogger(__name__)
A = FormalAnswer
R = FormalResult
S = ApplicationState

# --- cards ----------------------------------------------------------------------------------------


def latest_version(application: Application) -> ApplicationVersion | None:
    return application.versions.order_by("-number").first()


def cards_of(application: Application) -> list[FormalCheckCard]:
    cards = list(
        FormalCheckCard.objects.filter(application=application)
        .select_related("version", "decided_by", "updated_by")
        .order_by("round")
    )
    for card in cards:
        card.application = application
    return cards


def open_card(
    application: Application, user: Account = None, ip_address: str | None = None
) -> FormalCheckCard:
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
                created_by=cast("User", user) if getattr(user, "is_authenticated", False) else None,
            )
            rows: list[FormalCheckAnswer] = []
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


def start(
    application: Application, user: Account, ip_address: str | None = None
) -> FormalCheckCard:
    """Start the formal check (the workflow's `start_formal_check`) and open its card."""
    try:
        with transaction.atomic():
            workflow.fire(application, "start_formal_check", user, ip_address=ip_address)
            return open_card(application, user=user, ip_address=ip_address)
    except workflow.TransitionError as error:
        raise FormalCheckError(error.message) from error


def current_card(application: Application) -> FormalCheckCard | None:
    """The card the operator works on now (made if the check was started elsewhere), or None."""
    if application.state != S.FORMAL_CHECK:
        return None
    try:
        return open_card(application)
    except CardNotOpen:
        return None


# The answers a form sends: {answer row id: (answer, comment)}; and each row merged with them,
# (row, answer, comment, given by the form).
Answers = dict[int, tuple[str | None, str | None]]
Merged = tuple[FormalCheckAnswer, str, str, bool]

# --- saving and deciding --------------------------------------------------------------------------


def _lock(card: FormalCheckCard) -> tuple[Application, FormalCheckCard]:
    """The application, then its card, locked in this order by every writer of a card."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("call", "institution")
        .get(pk=card.application_id)
    )
    locked = FormalCheckCard.objects.select_for_update().get(pk=card.pk)
    return application, locked


def _check_open(
    card: FormalCheckCard,
    application: Application,
    revision: int | None,
    expected_state: str | None,
) -> None:
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


def _merge(rows: list[FormalCheckAnswer], answers: Answers) -> list[Merged]:
    """(row, answer, comment, given) for every row; a row missing from `answers` keeps what it
    has (given=False), ids that are not this card's are ignored."""
    merged: list[Merged] = []
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


def _store(
    merged: list[Merged], user: Account, now: datetime.datetime
) -> dict[str, dict[str, Any]]:
    """Write what changed, and confirm each answer the operator gave (a proposal the operator
    submitted unchanged becomes theirs). Returns {position: {...}} of the rows written."""
    # An answer is an account's (the operators' views pass theirs); the field takes no other.
    account = cast("User | None", user)
    written: dict[str, dict[str, Any]] = {}
    for row, answer, comment, given in merged:
        differs = (answer, comment) != (row.answer, row.comment)
        confirms = given and bool(answer) and not row.is_confirmed
        if not differs and not confirms:
            continue
        row.answer, row.comment = answer, comment
        row.answered_at = now if answer else None
        row.answered_by = account if answer else None
        row.save(update_fields=["answer", "comment", "answered_at", "answered_by"])
        written[str(row.position)] = {"answer": answer, "comment": comment, "changed": differs}
    return written


def save_draft(
    card: FormalCheckCard,
    user: Account,
    answers: Answers,
    *,
    revision: int | None = None,
    expected_state: str | None = None,
    ip_address: str | None = None,
) -> int:
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
        # A card is saved by an account (the operators' views pass theirs); the field takes no
        # other.
        account = cast("User | None", user)
        locked.revision += 1
        locked.updated_at, locked.updated_by = now, account
        locked.save(update_fields=["revision", "updated_at", "updated_by"])
        audit.record(
            "formal_card_saved",
            user=user,
            obj=locked,
            application=application,
            details={"round": locked.round, "written": written},
            ip_address=ip_address,
        )
    card.revision, card.updated_at, card.updated_by = locked.revision, now, account
    return len(written)


def decide(
    card: FormalCheckCard,
    user: Account,
    result: str,
    answers: Answers,
    *,
    deficiencies: str = "",
    reason: str = "",
    revision: int | None = None,
    expected_state: str | None = None,
    ip_address: str | None = None,
) -> FormalCheckCard:
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
            # A card is decided by an account (the operators' views pass theirs); the fields take
            # no other.
            locked.decided_by = locked.updated_by = cast("User | None", user)
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


def _enqueue_issue(card: FormalCheckCard) -> None:
    """The decided card is issued by a task; its first download issues it if the task has not."""
    try:
        issue_formal_card.enqueue(card.pk)
    except Exception:
        logger.exception("Issuing the formal card %s failed", card.pk)


def _check_texts(result: str, deficiencies: str, deficiency_list: list[str], reason: str) -> None:
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
