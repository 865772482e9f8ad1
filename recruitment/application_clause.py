"""The RODO information clause of an application: the words the applicant acknowledges (the
information of the partner who runs the call, from `portal.privacy`, and the call's own
additions), their version, and whether a draft was acknowledged under other words."""

from html import unescape
from typing import Literal

from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import privacy
from portal.models import ClauseForm
from recruitment.models import Application, CallPage

CLAUSE_CHANGED_MESSAGE = gettext_lazy(
    "Informacja o przetwarzaniu danych osobowych zmieniła się, odkąd ją potwierdzono. Przeczytaj "
    "ją ponownie i zaznacz zapoznanie się z nią."
)


def rodo_clause(call: CallPage) -> privacy.Clause | None:
    """The information clause of the partner who runs the call (portal.privacy), or None
    without the information page."""
    return privacy.clause_for(ClauseForm.APPLICATION, [call.partner])


def rodo_text(
    call: CallPage, clause: privacy.Clause | None | Literal[False] = False, html: str | None = None
) -> str:
    """The clause the applicant acknowledged, as the form shows it and the version keeps it:
    the information of the partner who runs the call (`clause`, looked up when not given) and
    the call's own additions under their heading."""
    extra = [
        " ".join(line.split())
        for line in unescape(strip_tags(call.rodo_clause or "")).splitlines()
        if line.strip()
    ]
    if clause is False:
        clause = rodo_clause(call)
    if clause is None:
        return "\n".join(extra)
    if extra:
        extra.insert(0, _("Informacje dodatkowe w tym naborze"))
    return "\n".join([privacy.plain_text(clause, html), *extra])


def rodo_version(
    call: CallPage, clause: privacy.Clause | None | Literal[False] = False, html: str | None = None
) -> str:
    """The version of the call's clause („RODO-” and 12 hex digits of its SHA-256); `clause`
    and its rendered `html` when the caller has them already."""
    return privacy.version_of(rodo_text(call, clause, html))


def clause_changed(application: Application, current: str | None = None) -> bool:
    """Whether the draft's „I have read the information” was ticked under other words than
    the clause in force. A draft saved before versions were kept (no version) is taken as is."""
    data = application.data or {}
    seen: str | None = data.get("_rodo_version")
    if not seen or not (data.get("rodo") or {}).get("rodo_acknowledged"):
        return False
    return seen != (current or rodo_version(application.call))
