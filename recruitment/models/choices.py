"""Vocabularies of the recruitment area: call status, criteria kinds and application states."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CallStatus(models.TextChoices):
    """Where a call's window stands at a given moment (computed, never stored)."""

    UPCOMING = "upcoming", _("nadchodzący")
    OPEN = "open", _("otwarty")
    CLOSED = "closed", _("zakończony")


class CentreKind(models.TextChoices):
    """The social assistance centre of a JST: OPS in a gmina, PCPR in a powiat (DOMAIN.md)."""

    OPS = "ops", _("Ośrodek Pomocy Społecznej (OPS)")
    PCPR = "pcpr", _("Powiatowe Centrum Pomocy Rodzinie (PCPR)")


class CheckMode(models.TextChoices):
    """Whether the system can decide a formal criterion itself or an operator decides it."""

    AUTO = "auto", _("sprawdzane automatycznie")
    MANUAL = "manual", _("sprawdzane przez operatora")


class AutoRule(models.TextChoices):
    """What the system pre-fills on the formal check card (DOMAIN.md, "Formal check")."""

    DEADLINE = "deadline", _("termin złożenia")
    ELIGIBILITY = "eligibility", _("uprawnienie JST (rodzaj, województwo, liczba mieszkańców)")
    ATTACHMENTS = "attachments", _("wymagane załączniki")


class ApplicationState(models.TextChoices):
    """The states of an application of a JST (DOMAIN.md, "Recruitment of JST")."""

    DRAFT = "draft", _("wersja robocza")
    SUBMITTED = "submitted", _("złożony")
    FORMAL_CHECK = "formal_check", _("w ocenie formalnej")
    TO_SUPPLEMENT = "to_supplement", _("do uzupełnienia")
    SUPPLEMENTED = "supplemented", _("uzupełniony")
    FORMALLY_REJECTED = "formally_rejected", _("odrzucony formalnie")
    FORMALLY_ACCEPTED = "formally_accepted", _("przyjęty formalnie")
    SUBSTANTIVE_EVALUATION = "substantive_evaluation", _("w ocenie merytorycznej")
    SCORED = "scored", _("oceniony")
    SELECTED = "selected", _("wybrany")
    RESERVE = "reserve", _("na liście rezerwowej")
    NOT_SELECTED = "not_selected", _("niewybrany")
    APPEAL = "appeal", _("odwołanie")
    RE_EVALUATION = "re_evaluation", _("ponowna ocena")
    FINAL = "final", _("rozstrzygnięty ostatecznie")
    WITHDRAWN = "withdrawn", _("wycofany")


# The applicant edits a draft, and again after the formal check asks for a supplement.
EDITABLE_STATES = frozenset({ApplicationState.DRAFT, ApplicationState.TO_SUPPLEMENT})

# A result has been given in these states, so the application can no longer be withdrawn.
RESULT_STATES = frozenset(
    {
        ApplicationState.FORMALLY_REJECTED,
        ApplicationState.SELECTED,
        ApplicationState.RESERVE,
        ApplicationState.NOT_SELECTED,
        ApplicationState.APPEAL,
        ApplicationState.RE_EVALUATION,
        ApplicationState.FINAL,
        ApplicationState.WITHDRAWN,
    }
)

# The application passed the formal check: these states come after `accept_formally`, in the
# order of the procedure (the chair's dashboard lists them, the statistics count them).
FORMALLY_ACCEPTED_STATES = (
    ApplicationState.FORMALLY_ACCEPTED,
    ApplicationState.SUBSTANTIVE_EVALUATION,
    ApplicationState.SCORED,
    ApplicationState.SELECTED,
    ApplicationState.RESERVE,
    ApplicationState.NOT_SELECTED,
    ApplicationState.APPEAL,
    ApplicationState.RE_EVALUATION,
    ApplicationState.FINAL,
)
