"""The answer to a locked-out login (django-axes AXES_LOCKOUT_CALLABLE): a Polish page, 429."""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.text import polish_plural


def lockout_response(request, original_response=None, credentials=None):
    hours = int(settings.AXES_COOLOFF_TIME)
    duration = polish_plural(hours, _("%d godzinę"), _("%d godziny"), _("%d godzin")) % hours
    return render(
        request,
        "accounts/lockout.html",
        {"duration": duration, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
