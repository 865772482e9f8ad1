"""The texts a participant reads when registering, each with its version and SHA-256.

The information clause (Załącznik nr 1 – Oświadczenie RODO) tells the participant how the
partner processes the data; the processing is based on the law (art. 6 ust. 1 lit. c and e RODO:
the settlement of the EU project), so it is acknowledged, not consented to. The consent to the
use of the participant's image is a separate, unticked box: consent is its only basis
(art. 6 ust. 1 lit. a RODO). Each registration stores the versions and the time of both. A new
wording gets a new version; registrations made earlier keep theirs (`text_for(version)`).
"""

import hashlib

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
