"""The card of a decided round as a PDF: issued once (rendered, sealed and stored) by a
background task or at its first download; a card still being filled is rendered as a draft."""

import logging
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from django_tasks import task

from recruitment import receipts
from recruitment.models import (
    FormalCheckCard,
    FormalResult,
)

if TYPE_CHECKING:
    from recruitment.models import IssuedDocument

logger = logging.getLogger(__name__)
R = FormalResult

# --- the card as a PDF ------------------------------------------------------------------------------


def card_context(card: FormalCheckCard) -> dict[str, Any]:
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


def card_pdf(card: FormalCheckCard) -> bytes:
    """A card still being filled, rendered now and marked as a draft; a decided card as issued."""
    if card.result:
        return bytes(issue_card(card).pdf)
    import weasyprint

    html = render_to_string("recruitment/formal_check_card_pdf.html", card_context(card))
    # Without a target, `write_pdf` returns the PDF's bytes (weasyprint has no type hints).
    pdf: bytes = weasyprint.HTML(string=html).write_pdf()
    return pdf


def issue_card(card: FormalCheckCard) -> "IssuedDocument":
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


def card_filename(card: FormalCheckCard) -> str:
    safe = (card.application.number or str(card.application_id)).replace("/", "-")
    return f"karta-oceny-formalnej-{safe}-runda-{card.round}.pdf"


@task()
def issue_formal_card(card_id: int) -> int | None:
    """Issue (render, seal and store) the card of a decided round of the formal check."""
    card = (
        FormalCheckCard.objects.select_related("application__call", "version", "decided_by")
        .filter(pk=card_id)
        .first()
    )
    if card is None or not card.result:
        return None
    return issue_card(card).pk
