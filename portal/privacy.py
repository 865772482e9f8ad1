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
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import unescape

from django.template.loader import render_to_string
from django.utils.html import strip_tags

from portal.models.privacy import ClauseText, PrivacyNoticePage, controllers, describe


def notice():
    return PrivacyNoticePage.objects.live().public().first()


@dataclass
class Clause:
    form: str
    controllers: list
    purposes: list = field(default_factory=list)
    recipients: str = ""
    rights: str = ""
    url: str = ""
    # One controller (the partner who runs the call or the event), or every partner.
    single: bool = False


def clause_for(form: str, partners: Sequence[str] | None = None) -> Clause | None:
    """The clause of `form` (a ClauseForm value) for the given partner slugs (all when None)."""
    page = notice()
    if page is None:
        return None
    url = page.get_url()
    return Clause(
        form=form,
        controllers=controllers(partners),
        single=bool(partners) and len(partners) == 1,
        purposes=[describe(value) for value in page.purposes_for(form)],
        recipients=page.recipients,
        rights=page.rights,
        url=f"{url}#{form}" if url else "",
    )


def render(clause, *, heading_level=2):
    return render_to_string(
        "portal/includes/privacy_clause.html", {"clause": clause, "heading_level": heading_level}
    )


def plain_text(clause: Clause, html: str | None = None) -> str:
    """The clause's words without markup, one paragraph a line: what a hash is taken of. A
    link keeps its address in brackets, so that a changed address is a new wording. `html`:
    the clause as `render` gave it already (the heading's level does not change the words)."""
    html = re.sub(
        r"<a\b[^>]*\bhref=\"([^\"]*)\"[^>]*>(.*?)</a>",
        lambda m: (
            m.group(2) if m.group(1).startswith("mailto:") else f"{m.group(2)} [{m.group(1)}]"
        ),
        render(clause) if html is None else html,
        flags=re.S,
    )
    text = unescape(strip_tags(html))
    lines = (re.sub(r"\s+", " ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def version_of(text: str) -> str:
    return f"RODO-{sha256(text)[:12]}"


def remember_clause_of(form, partners=None):
    """Keep the clause `form` shows now (for an acknowledgement made with it); its SHA-256, or
    "" without the information page (the built-in clause)."""
    clause = clause_for(form, partners)
    return remember(form, plain_text(clause)) if clause is not None else ""


def remember(form, text):
    """Keep the wording somebody acknowledged (once per wording); returns its SHA-256."""
    digest = sha256(text)
    ClauseText.objects.get_or_create(sha256=digest, defaults={"form": form, "text": text})
    return digest
