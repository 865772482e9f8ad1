"""The clause of each form, built from the information page and the partners' records.

`clause_for(form, partners)` gathers what art. 13 RODO asks a form to tell: the controller (the
partner who runs the call or the event; for a JST account every partner, each for its
voivodeship) with its address and its data protection officer, the purposes of this form with
their legal bases, retention and whether giving the data is required, the recipients, the rights
and the complaint to the President of UODO. `{% privacy_clause %}` shows it; `plain_text` gives
the words a person acknowledged, which `remember` keeps by their SHA-256.

Without a published information page (a fresh database before `make demo`), a form shows its
short built-in text instead; `clause_for` returns None then.
"""

import hashlib
import re
from dataclasses import dataclass, field
from html import unescape

from django.template.loader import render_to_string
from django.utils.html import strip_tags

from portal.models.partners import PartnerPage
from portal.models.privacy import ClauseForm, ClauseText, LegalBasis, PrivacyNoticePage, Provision


def notice():
    return PrivacyNoticePage.objects.live().public().first()


def controllers(codes=None):
    """Live partner pages, the leader first; `codes` (partner slugs) narrows them."""
    partners = PartnerPage.objects.live().order_by("-is_leader", "path")
    if codes:
        partners = partners.filter(slug__in=list(codes))
    return list(partners)


@dataclass
class Clause:
    form: str
    controllers: list
    purposes: list = field(default_factory=list)
    recipients: str = ""
    rights: str = ""
    url: str = ""

    @property
    def form_label(self):
        return ClauseForm(self.form).label


def describe(purpose):
    """A purpose block's value with its labels, for templates and the plain text."""
    return {
        "purpose": purpose["purpose"],
        "data": purpose.get("data", ""),
        "legal_bases": [str(LegalBasis(value).label) for value in purpose["legal_bases"]],
        "legal_basis_note": purpose.get("legal_basis_note", ""),
        "retention": purpose["retention"],
        "provision": str(Provision(purpose["provision"]).label),
    }


def clause_for(form, partners=None):
    """The clause of `form` (a ClauseForm value) for the given partner slugs (all when None)."""
    page = notice()
    if page is None:
        return None
    url = page.get_url()
    return Clause(
        form=form,
        controllers=controllers(partners),
        purposes=[describe(value) for value in page.purposes_for(form)],
        recipients=page.recipients,
        rights=page.rights,
        url=f"{url}#{form}" if url else "",
    )


def render(clause, *, heading_level=2):
    return render_to_string(
        "portal/includes/privacy_clause.html", {"clause": clause, "heading_level": heading_level}
    )


def plain_text(clause):
    """The clause's words without markup, one paragraph a line: what a hash is taken of."""
    text = unescape(strip_tags(render(clause)))
    lines = (re.sub(r"\s+", " ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def version_of(text):
    return f"RODO-{sha256(text)[:12]}"


def remember(form, text):
    """Keep the wording somebody acknowledged (once per wording); returns its SHA-256."""
    digest = sha256(text)
    ClauseText.objects.get_or_create(sha256=digest, defaults={"form": form, "text": text})
    return digest
