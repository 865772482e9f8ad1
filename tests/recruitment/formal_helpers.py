"""Shared pieces of the formal check tests: a call with every kind of formal criterion, submitted
applications with a version, supplements, and the card's POST."""

from django.urls import reverse
from django.utils import timezone

from recruitment import submission, workflow
from recruitment.models import (
    Application,
    ApplicationState,
    ApplicationVersion,
    AutoRule,
    CheckMode,
    FormalCriterion,
)
from tests.recruitment import factories

S = ApplicationState

# Positions on the card: 1 deadline (auto), 2 eligibility (auto), 3 attachments (auto,
# correctable), 4 signatures (manual, correctable), 5 statute (manual, not correctable).
DEADLINE, ELIGIBILITY, ATTACHMENTS, SIGNATURES, STATUTE = range(1, 6)


def criteria():
    return [
        FormalCriterion(
            text="Zgłoszenie złożono w terminie naboru.",
            check_mode=CheckMode.AUTO,
            auto_rule=AutoRule.DEADLINE,
        ),
        FormalCriterion(
            text="Zgłasza się JST uprawniona w naborze.",
            check_mode=CheckMode.AUTO,
            auto_rule=AutoRule.ELIGIBILITY,
        ),
        FormalCriterion(
            text="Do zgłoszenia dołączono wymagane załączniki.",
            correctable=True,
            check_mode=CheckMode.AUTO,
            auto_rule=AutoRule.ATTACHMENTS,
        ),
        FormalCriterion(
            text="Formularz podpisały osoby upoważnione.",
            correctable=True,
        ),
        FormalCriterion(text="Ośrodek pomocy społecznej działa na terenie JST."),
    ]


def formal_call(call_index, **kwargs):
    kwargs.setdefault("formal_criteria", criteria())
    return factories.CallPageFactory(parent=call_index, **kwargs)


def files(*kinds):
    return [
        {
            "kind": kind,
            "original_name": f"{kind}.pdf",
            "size": 1000,
            "sha256": f"{index:064x}",
            "content_type": "application/pdf",
        }
        for index, kind in enumerate(kinds, start=1)
    ]


def add_version(
    application, number, kinds=("signed_form",), submitted_at=None, signed_by_proxy=False
):
    content = submission.build_content(application, [], application.number)
    content["attachments"]["files"] = files(*kinds)
    content["attachments"]["signed_by_proxy"] = signed_by_proxy
    return ApplicationVersion.objects.create(
        application=application,
        number=number,
        content=content,
        content_sha256=submission.content_hash(content, [f["sha256"] for f in files(*kinds)]),
        submitted_at=submitted_at or timezone.now(),
    )


def submitted(
    call, institution=None, *, kinds=("signed_form",), submitted_at=None, signed_by_proxy=False
):
    """A submitted application with version 1 (its files as `kinds`)."""
    institution = institution or factories.InstitutionFactory()
    taken = Application.objects.filter(call=call, number__isnull=False).count()
    application = factories.ApplicationFactory(
        call=call,
        institution=institution,
        state=S.SUBMITTED,
        number=f"{call.number}/{taken + 1:03d}",
        submitted_at=submitted_at or timezone.now(),
    )
    add_version(application, 1, kinds, application.submitted_at, signed_by_proxy)
    return application


def supplement(application, applicant, kinds=("signed_form",)):
    """What submission.submit does for a supplement: the transition, then version N+1."""
    workflow.fire(application, "supplement", applicant)
    return add_version(application, application.version, kinds)


def answers(card, **by_position):
    """{row id: (answer, comment)} for `formal_check` calls; `p3="no"` or `p3=("no", "…")`."""
    found = {}
    for row in card.answers.all():
        value = by_position.get(f"p{row.position}", (row.answer, row.comment))
        answer, comment = value if isinstance(value, tuple) else (value, row.comment)
        found[row.pk] = (answer, comment)
    return found


def all_yes(card, **changes):
    values = {f"p{row.position}": "yes" for row in card.answers.all()}
    values.update(changes)
    return answers(card, **values)


def card_post(card, action="save", **by_position):
    """The POST of the card's form as the page sends it; `p2="no"`, `c2="comment"`;
    `p2=None` leaves the radio out."""
    application = card.application
    data = {
        "card": card.pk,
        "revision": card.revision,
        "state": application.state,
        "action": action,
        "deficiencies": "",
        "reason": "",
    }
    for row in card.answers.all():
        answer = by_position.get(f"p{row.position}", row.answer or "yes")
        if answer is not None:
            data[f"answer-{row.pk}"] = answer
        data[f"comment-{row.pk}"] = by_position.get(f"c{row.position}", row.comment)
    for key in ("deficiencies", "reason", "revision", "state", "card"):
        if key in by_position:
            data[key] = by_position[key]
    return data


def card_url(application, name="formal_card"):
    return reverse(f"recruitment_operator:{name}", args=[application.call_id, application.pk])


def warsaw(moment):
    return timezone.localtime(moment, workflow.WARSAW)
