"""The four partners of the project, and the groups of staff who work for one of them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Partner(models.TextChoices):
    """The four partners of the project (DOMAIN.md); values match the partner page slugs."""

    ROPS_KATOWICE = "rops-katowice", _("ROPS Województwa Śląskiego")
    RCPS_LODZ = "rcps-lodz", _("RCPS w Łodzi")
    ROPS_KRAKOW = "rops-krakow", _("ROPS w Krakowie")
    ROPS_OPOLE = "rops-opole", _("ROPS w Opolu")


def partner_group(role_group: str, partner: str) -> str:
    """The group of a role's members who work for one partner, e.g. "Operatorzy naboru
    (rops-opole)" (`portal.accounts.ensure_role_groups` creates them)."""
    return f"{role_group} ({partner})"
