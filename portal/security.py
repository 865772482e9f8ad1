"""Security headers and sessions: the Content-Security-Policy per area, session lifetimes, and
the Polish page of a refused form (CSRF).

- Every HTML response gets CONTENT_SECURITY_POLICY; the Wagtail and Django admins
  (CSP_ADMIN_PREFIXES) get CONTENT_SECURITY_POLICY_ADMIN. Other responses (files, PDFs, JSON)
  get none: a browser runs no script in them, and Chrome's PDF viewer breaks under a policy
  that forbids inline styles.
- A session ends after SESSION_COOKIE_AGE seconds without a request, or STAFF_SESSION_COOKIE_AGE
  for whoever may enter the Wagtail admin. Each request moves the end on; the session is written
  for that at most once per tenth of its lifetime, not on every request.
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import JsonResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE, REASON_NO_REFERER
from django.shortcuts import render
from django.utils.translation import gettext as _

from csp.middleware import CSPMiddleware
from csp.utils import default_config

from .middleware import wants_json

# Whether the session's user works in the admin, and the last time (epoch seconds) its end was
# moved on.
SESSION_STAFF_KEY = "k3d_staff"
SESSION_SEEN_KEY = "k3d_session_seen"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        content_type = response.get("Content-Type", "")
        if not content_type.startswith("text/html"):
            response._csp_exempt = True
            response._csp_exempt_ro = True
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(tuple(settings.CSP_ADMIN_PREFIXES))
        ):
            parts.config = default_config(settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"])
        return parts


def is_staff(user):
    """Whoever may enter the Wagtail admin: editors, operators, the commission, administrators."""
    return user.is_superuser or user.is_staff or user.has_perm("wagtailadmin.access_admin")


def start_session(sender, request, user, **kwargs):
    """At login (user_logged_in): whether the user works in the admin, judged once for the
    session, and its first end; later requests cost no query and, mostly, no write."""
    request.session[SESSION_STAFF_KEY] = is_staff(user)
    SessionLifetimeMiddleware.keep_alive_or_end(request, user)


class SessionLifetimeMiddleware:
    """After AuthenticationMiddleware: gives a signed-in user's session its lifetime and moves
    its end on (a session from before this middleware is judged on its first request)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self.keep_alive_or_end(request, user)
        response = self.get_response(request)
        if request.user.is_authenticated and SESSION_STAFF_KEY in request.session:
            # A login view may have set an end of its own (Wagtail's "remember me" gives every
            # session SESSION_COOKIE_AGE): the cookie of this very response gets the lifetime.
            self.set_expiry(request.session, lifetime(request.session[SESSION_STAFF_KEY]))
        return response

    @classmethod
    def keep_alive_or_end(cls, request, user):
        session = request.session
        staff = session.get(SESSION_STAFF_KEY)
        if staff is None:
            staff = session[SESSION_STAFF_KEY] = is_staff(user)
        age = lifetime(staff)
        now = int(time.time())
        seen = session.get(SESSION_SEEN_KEY)
        if seen is not None and now - seen > age:
            # Over: checked here as well as by the session's expiry date, which a session that
            # ends with the browser (Wagtail's login without "remember me") does not shorten.
            logout(request)
            return
        cls.set_expiry(session, age)
        if seen is None or now - seen >= max(1, age // 10):
            session[SESSION_SEEN_KEY] = now  # saved: the session now ends `age` from now

    @staticmethod
    def set_expiry(session, age):
        if session.get("_session_expiry") not in (0, age):  # 0: it ends with the browser too
            session.set_expiry(age)


def lifetime(staff):
    return settings.STAFF_SESSION_COOKIE_AGE if staff else settings.SESSION_COOKIE_AGE


def csrf_failure(request, reason=""):
    """A form refused for its missing or stale CSRF token (CSRF_FAILURE_VIEW): why, in Polish;
    JSON for the scripts of the applicant's form (its autosave says it and offers the login)."""
    if wants_json(request):
        message = _(
            "Nie zapisano: strona jest nieaktualna albo sesja wygasła. Odśwież stronę "
            "i spróbuj ponownie."
        )
        return JsonResponse({"error": message}, status=403)
    context = {
        "no_cookie": reason == REASON_NO_CSRF_COOKIE,
        "no_referer": reason == REASON_NO_REFERER,
        "reason": reason if settings.DEBUG else "",
        "title": _("Nie udało się wysłać formularza"),
    }
    return render(request, "403_csrf.html", context, status=403)
