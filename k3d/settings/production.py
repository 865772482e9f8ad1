"""Production: SECRET_KEY and ALLOWED_HOSTS must come from the environment."""

from django.core.exceptions import ImproperlyConfigured

from core.site_url import parse as parse_site_url

from .base import *  # noqa: F403
from .base import env

DEBUG = False


def _required(name, value):
    if not value:
        raise ImproperlyConfigured(
            f"The environment variable {name} is required in production settings "
            f"(DJANGO_SETTINGS_MODULE=k3d.settings.production). See README.md, 'Configuration'."
        )
    return value


SECRET_KEY = _required("SECRET_KEY", env.str("SECRET_KEY", default=""))
ALLOWED_HOSTS = _required("ALLOWED_HOSTS", env.list("ALLOWED_HOSTS", default=[]))
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = _required("SITE_URL", env.str("SITE_URL", default="")).rstrip("/")
parse_site_url(SITE_URL)  # an address, or a clear message now
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default=SITE_URL)

# Persistent database connections: opening one (a PostgreSQL backend process and SCRAM
# authentication) costs more CPU than a whole autosave or search request. Health checks drop a
# connection that died while idle (a database restart) instead of failing the next request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

# Without Redis, a cache every process shares: files on this machine. The local memory cache of
# the base settings is per process, so a content change made by another process (a cron job's
# `publish_scheduled`, a task worker) would not reach the page cache of the server's workers.
if not env.str("REDIS_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env.str("CACHE_DIR", default=str(BASE_DIR / "var" / "cache")),  # noqa: F405
            "OPTIONS": {"MAX_ENTRIES": env.int("CACHE_MAX_ENTRIES", default=20_000)},
        }
    }

# The popular-searches log is written in batches, at most this many seconds after the searches.
SEARCH_LOG_FLUSH_SECONDS = env.float("SEARCH_LOG_FLUSH_SECONDS", default=5)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
# HTTP Strict Transport Security: browsers that once saw the site over HTTPS use nothing else for
# this many seconds. On by default (a year) wherever HTTP is redirected to HTTPS; 0 switches it
# off. Subdomains and the browsers' preload list only when asked for: they bind hosts beyond
# this site.
SECURE_HSTS_SECONDS = env.int(
    "SECURE_HSTS_SECONDS", default=365 * 24 * 3600 if SECURE_SSL_REDIRECT else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Static files are served by the application server itself (whitenoise), compressed and hashed.
MIDDLEWARE = [
    MIDDLEWARE[0],  # noqa: F405 - SecurityMiddleware stays first
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[1:],  # noqa: F405
]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
