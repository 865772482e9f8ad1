"""The texts a participant reads when registering, each with its version and SHA-256.

Where the information page is published (portal.privacy), the clause is built from it and from
the organising partner's record; its version is its hash (`RODO-` and 12 hex digits) and its words
are kept in `ClauseText`. The built-in wording below is shown only without that page.

The information clause (Załącznik nr 1 – Oświadczenie RODO) tells the participant how the
partner processes the data; the processing is based on the law (art. 6 ust. 1 lit. c and e RODO:
the settlement of the EU project), so it is acknowledged, not consented to. The consent to the
use of the participant's image is a separate, unticked box: consent is its only basis
(art. 6 ust. 1 lit. a RODO). Each registration stores the versions and the time of both. A new
wording gets a new version; registrations made earlier keep theirs (`clause_text(version)`).
"""

import hashlib
from dataclasses import dataclass

from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

CLAUSE_VERSION = "RODO-ZAL1-1/2026"
CONSENT_VERSION = "WIZERUNEK-1/2026"

CLAUSE_PARAGRAPHS = {
    CLAUSE_VERSION: [
        _(
            "Administratorem Pani/Pana danych osobowych jest partner projektu „Kooperacje 3D – "
            "model wielosektorowej współpracy na rzecz wsparcia osób i rodzin”, który organizuje "
            "wydarzenie (regionalny ośrodek polityki społecznej wskazany na stronie wydarzenia), "
            "a w zakresie Centralnego systemu teleinformatycznego – minister właściwy do spraw "
            "rozwoju regionalnego."
        ),
        _(
            "Dane (imię, nazwisko, instytucja, sektor, stanowisko, adres e-mail, telefon, "
            "potrzeby uczestnika) przetwarzamy, aby przeprowadzić zapisy i wydarzenie, "
            "potwierdzić udział, rozliczyć i monitorować projekt współfinansowany z Europejskiego "
            "Funduszu Społecznego (Program Operacyjny Wiedza Edukacja Rozwój 2014–2020), "
            "na podstawie art. 6 ust. 1 lit. c i e RODO."
        ),
        _(
            "Podanie danych jest warunkiem udziału w wydarzeniu. Dane mogą zostać przekazane "
            "instytucjom kontrolującym projekt i podmiotom, które na zlecenie administratora "
            "prowadzą ewaluację lub obsługę wydarzenia."
        ),
        _(
            "Dane przechowujemy przez okres rozliczenia i archiwizacji projektu; po jego upływie "
            "są anonimizowane. Ma Pani/Pan prawo dostępu do danych, ich sprostowania, "
            "ograniczenia przetwarzania oraz wniesienia skargi do Prezesa Urzędu Ochrony Danych "
            "Osobowych."
        ),
    ],
}

CONSENT_TEXTS = {
    CONSENT_VERSION: _(
        "Wyrażam zgodę na nieodpłatne utrwalenie i wykorzystanie mojego wizerunku w materiałach "
        "informacyjnych projektu Kooperacje 3D (fotorelacje na portalu i w publikacjach "
        "projektu). Zgodę mogę wycofać w każdej chwili, pisząc do organizatora; wycofanie nie "
        "wpływa na zgodność z prawem wcześniejszego wykorzystania."
    ),
}


def clause_text(version=CLAUSE_VERSION):
    return "\n\n".join(str(p) for p in CLAUSE_PARAGRAPHS[version])


def consent_text(version=CONSENT_VERSION):
    return str(CONSENT_TEXTS[version])


def sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CurrentClause:
    """The clause an event's form shows now: its version, its hash and its words; `html` when
    it comes from the information page, else the built-in `paragraphs`."""

    version: str
    sha256: str
    text: str
    html: str = ""
    paragraphs: tuple = ()


def current_clause(event):
    from portal import privacy
    from portal.models import ClauseForm

    clause = privacy.clause_for(ClauseForm.EVENT, [event.partner])
    if clause is None:
        text = clause_text()
        return CurrentClause(
            CLAUSE_VERSION, sha256(text), text, paragraphs=tuple(CLAUSE_PARAGRAPHS[CLAUSE_VERSION])
        )
    html = mark_safe(privacy.render(clause))  # noqa: S308 (template output)
    text = privacy.plain_text(clause, html)
    return CurrentClause(privacy.version_of(text), sha256(text), text, html=html)


def remember(clause):
    """Keep the words of a clause acknowledged by a registration (the built-in ones need not:
    they stay in this module under their version)."""
    from portal import privacy
    from portal.models import ClauseForm

    if clause.html:
        privacy.remember(ClauseForm.EVENT, clause.text)
