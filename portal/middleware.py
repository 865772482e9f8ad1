"""A database too busy to take a write, answered in Polish instead of with a 500.

On SQLite one process writes at a time; a writer waits for the busy timeout (SQLITE_TIMEOUT) and
only then fails with "database is locked". On PostgreSQL a statement can fail on a lock timeout
or a detected deadlock. In each case nothing was stored (the request's transaction rolled back),
so the page says so and asks to try again: 503 with Retry-After; JSON for the scripts of the
applicant's form, whose autosave then tries again by itself.
"""

from django.conf import settings
from django.db import OperationalError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

# What the drivers say when a lock, not a fault, stopped the statement.
BUSY_MARKERS = (
    "database is locked",  # SQLite, after the busy timeout
    "database table is locked",  # SQLite, shared cache
    "lock timeout",  # PostgreSQL lock_timeout
    "deadlock detected",  # PostgreSQL
)


def is_busy(exc):
    return isinstance(exc, OperationalError) and any(
        marker in str(exc).lower() for marker in BUSY_MARKERS
    )


def wants_json(request):
    return (
        request.headers.get("x-requested-with") == "fetch"
        or "application/json" in request.headers.get("accept", "")
        or request.path.startswith("/api/")
    )


class DatabaseBusyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_busy(exception):
            return None
        retry_after = getattr(settings, "DATABASE_BUSY_RETRY_AFTER", 5)
        message = _(
            "Serwer jest w tej chwili zajęty zapisywaniem innych danych i nie zapisał Twoich "
            "zmian. Spróbuj ponownie za kilka sekund."
        )
        if wants_json(request):
            response = JsonResponse({"error": message, "retry_after": retry_after}, status=503)
        else:
            response = render(
                request, "503.html", {"message": message, "retry_after": retry_after}, status=503
            )
        response["Retry-After"] = str(retry_after)
        response["Cache-Control"] = "no-store"
        return response


class OverflowNotFoundMiddleware:
    """An id too large for the database (SQLite: beyond 64 bits, e.g. /admin/ocena/9999…9/) is
    an object that does not exist: a 404, not a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OverflowError):
            from django.views.defaults import page_not_found

            return page_not_found(request, exception)
        return None


class ProtectedDeleteMiddleware:
    """Deleting a record others depend on (a document a call publishes, an institution with
    applications) is refused by the database's PROTECT; the admin's bulk delete and the multiple
    upload's delete do not ask first. Nothing was deleted (the transaction rolled back): say so
    in Polish and name what holds it, instead of a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.contrib import messages
        from django.db.models import ProtectedError, RestrictedError
        from django.shortcuts import redirect
        from django.utils.http import url_has_allowed_host_and_scheme

        if not isinstance(exception, (ProtectedError, RestrictedError)):
            return None
        objects = getattr(exception, "protected_objects", None) or getattr(
            exception, "restricted_objects", ()
        )
        holders = ", ".join(sorted({str(obj) for obj in objects})[:5])
        message = _(
            "Nie usunięto: z tego wpisu korzystają inne dane (%(holders)s). Najpierw odłącz go "
            "od nich albo zmień jego status."
        ) % {"holders": holders}
        if wants_json(request) or "/multiple/" in request.path:
            return JsonResponse({"success": False, "error_message": message}, status=409)
        messages.error(request, message)
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = "/admin/" if request.path.startswith("/admin/") else "/"
        return redirect(back)
