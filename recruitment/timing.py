"""Human-readable time left in a call's window, with Polish plural forms and agreement."""

import datetime

from django.utils.translation import gettext as _

from core.text import polish_plural


def _split(delta):
    """(days, hours, minutes), rounded down, never less than one minute."""
    total_minutes = max(int(delta.total_seconds() // 60), 1)
    days, rest = divmod(total_minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    return days, hours, minutes


def days_text(days):
    """ "1 dzień", "7 dni"."""
    return polish_plural(days, _("%d dzień"), _("%d dni"), _("%d dni")) % days


def duration_text(delta):
    """ "3 dni 4 godziny", "5 godzin 10 minut", "1 minuta": the two largest units."""
    days, hours, minutes = _split(delta)
    hours_text = polish_plural(hours, _("%d godzina"), _("%d godziny"), _("%d godzin")) % hours
    minutes_text = polish_plural(minutes, _("%d minuta"), _("%d minuty"), _("%d minut")) % minutes
    if days:
        return f"{days_text(days)} {hours_text}" if hours else days_text(days)
    if hours:
        return f"{hours_text} {minutes_text}" if minutes else hours_text
    return minutes_text


def time_left_text(delta: datetime.timedelta) -> str:
    """ "zostały 3 dni 4 godziny": the verb agrees with the first number and its noun
    (dzień is masculine, godzina and minuta feminine)."""
    days, hours, minutes = _split(delta)
    if days:
        verb = polish_plural(days, _("został"), _("zostały"), _("zostało"))
    else:
        verb = polish_plural(hours or minutes, _("została"), _("zostały"), _("zostało"))
    return f"{verb} {duration_text(delta)}"
