"""The text of the declaration of impartiality and confidentiality that a commission member signs.

The text is rendered for one call and one person and stored as signed, with its version and its
SHA-256, so that what was signed can always be shown again word for word. A new wording gets a
new `TEXT_VERSION`; declarations signed earlier keep their own text.
"""

import hashlib

from django.utils.translation import gettext as _

TEXT_VERSION = "KOP-1/2026"


def render_text(call, user):
    """The declaration as the member reads and signs it (plain text, Polish)."""
    name = user.get_full_name() or user.get_username()
    call_label = f"{call.number} – {call.title}" if call.number else call.title
    paragraphs = [
        _("Deklaracja bezstronności i poufności członka Komisji Oceny Projektów"),
        _("Nabór: %(call)s.") % {"call": call_label},
        _("Ja, %(name)s, oświadczam, że:") % {"name": name},
        _(
            "1. Nie pozostaję z żadną jednostką samorządu terytorialnego (JST), której zgłoszenie "
            "oceniam, ani z osobami działającymi w jej imieniu w takim stosunku prawnym lub "
            "faktycznym, który mógłby budzić uzasadnione wątpliwości co do mojej bezstronności; "
            "w szczególności nie jestem jej pracownikiem ani pracownikiem jej ośrodka pomocy "
            "społecznej."
        ),
        _(
            "2. Jeśli taka okoliczność zachodzi lub powstanie w toku oceny, niezwłocznie zgłoszę "
            "konflikt interesów z tą JST w systemie i nie będę oceniać jej zgłoszenia."
        ),
        _(
            "3. Ocenę przeprowadzę samodzielnie, rzetelnie i bezstronnie, zgodnie z regulaminem "
            "naboru i kryteriami oceny merytorycznej."
        ),
        _(
            "4. Zachowam w tajemnicy informacje i dokumenty, które poznam w toku oceny, w tym "
            "treść zgłoszeń, oceny i dane osobowe, nie będę ich kopiować ani przekazywać osobom "
            "trzecim i wykorzystam je wyłącznie do oceny."
        ),
        _("Jestem świadomy(-a), że deklarację podpisuję w systemie, a podpis jest zapisywany."),
    ]
    return "\n\n".join(str(p) for p in paragraphs)


def sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
