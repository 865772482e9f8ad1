"""Who may apply to a call (DOMAIN.md, "Eligibility"): JST type, voivodeship, population."""

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from core.choices import JSTType, Voivodeship

if TYPE_CHECKING:
    from recruitment.models.institutions import Institution


def format_population(number: int) -> str:
    """20000 → "20 000" (a non-breaking space groups thousands, as Polish texts do)."""
    return f"{number:,}".replace(",", "\u00a0")


def requirement_lines(call):
    """What the call page says about eligibility, one line per eligible JST type."""
    threshold = format_population(call.population_threshold)
    texts = {
        JSTType.URBAN_MUNICIPALITY: _("gminy miejskie liczące powyżej %(n)s mieszkańców"),
        JSTType.CITY_COUNTY: _("miasta na prawach powiatu liczące powyżej %(n)s mieszkańców"),
        JSTType.COUNTY: _("powiaty (bez względu na liczbę mieszkańców)"),
    }
    return [texts[JSTType(t)] % {"n": threshold} for t in call.eligible_jst_types]


# `call` is a recruitment.models.CallPage: its module imports this one (through
# recruitment.services), so its type is not imported here.
def problems(call: Any, institution: "Institution") -> list[str]:
    """Why this JST may not apply to this call; an empty list means it may.

    This is the "eligibility" rule the formal check pre-fills (DOMAIN.md, "Formal check").
    """
    found = []
    if institution.voivodeship != call.voivodeship:
        found.append(
            _("JST leży poza województwem %(voivodeship)s, w którym prowadzony jest nabór.")
            % {"voivodeship": Voivodeship(call.voivodeship).label}
        )
    if institution.jst_type not in call.eligible_jst_types:
        found.append(
            _("Rodzaj JST „%(type)s” nie jest uprawniony w tym naborze.")
            % {"type": JSTType(institution.jst_type).label}
        )
    if institution.is_municipality and institution.population <= call.population_threshold:
        found.append(
            _(
                "Gmina musi liczyć powyżej %(n)s mieszkańców; według danych z %(year)s r. liczy %(p)s."
            )
            % {
                "n": format_population(call.population_threshold),
                "year": institution.population_year,
                "p": format_population(institution.population),
            }
        )
    return found
