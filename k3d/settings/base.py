"""Settings shared by every environment, read from the environment with typed parsing."""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

import environ
from csp import constants as csp_constants

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

env = environ.Env()
# A local .env file is optional and never required; real deployments set real variables.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])

# The project's own apps (tests walk their code, templates and routes from this list).
PROJECT_APPS = [
    "core",
    "portal",
    "knowledge",
    "documents",
    "recruitment",
    "evaluation",
    "events",
    "accounts",
    "opendata",
    "search",
    "k3d",
]
INSTALLED_APPS = [
    *PROJECT_APPS,
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every HTML response, the page cache's hits included.
    "portal.security.ContentSecurityPolicyMiddleware",
    # Outermost but security: a database too busy to write, from any view, becomes a Polish 503.
    "portal.middleware.DatabaseBusyMiddleware",
    "portal.middleware.OverflowNotFoundMiddleware",
    "portal.middleware.ProtectedDeleteMiddleware",
    "core.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Sessions end after SESSION_COOKIE_AGE (STAFF_SESSION_COOKIE_AGE) without a request.
    "portal.security.SessionLifetimeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "k3d.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "portal" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "k3d.wsgi.application"

# Database: DATABASE_URL switches to PostgreSQL; the default is a SQLite file in the project.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several server processes write to one file: readers never wait for a writer (WAL), a
    # writer waits up to SQLITE_TIMEOUT seconds for another (the busy timeout), and a
    # transaction takes its write lock when it begins (IMMEDIATE), so that it never fails
    # half-way on a lock another took meanwhile, where waiting cannot help.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": env.int("SQLITE_TIMEOUT", default=20),
        }
    )
# A write that still cannot proceed is answered with a Polish 503 and this Retry-After.
DATABASE_BUSY_RETRY_AFTER = env.int("DATABASE_BUSY_RETRY_AFTER", default=5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: REDIS_URL switches to Redis; the default is the local memory cache.
if env.str("REDIS_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env.str("REDIS_URL"),
            "KEY_PREFIX": "k3d",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "k3d",
        }
    }

# Anonymous page views are cached this many seconds (0 switches the page cache off).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
# Tag slugs stay ASCII so that their URLs are plain (/aktualnosci/tag/kamien-milowy/).
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True

# E-mail: EMAIL_URL (smtp://user:pass@host:port, smtp+tls://...); the default prints to the console.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Kooperacje 3D <noreply@kooperacje3d.local>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

AUTH_USER_MODEL = "portal.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/konto/logowanie/"
LOGIN_REDIRECT_URL = "/konto/"
# django-axes counts failed logins (admin and applicant area alike) and locks the username at
# the IP address out for an hour after AXES_FAILURE_LIMIT of them.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A locked-out login is answered with a Polish page and status 429 (accounts/lockout.py).
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# Applicant accounts (accounts/): how many days a registration's confirmation link and an
# invitation to a JST's team stay valid.
ACCOUNT_CONFIRMATION_DAYS = env.int("ACCOUNT_CONFIRMATION_DAYS", default=3)
ACCOUNT_INVITATION_DAYS = env.int("ACCOUNT_INVITATION_DAYS", default=7)

# Language and time: the whole interface is Polish, every date is Europe/Warsaw.
LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("polski"))]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("pl", "Polski")]
WAGTAIL_CONTENT_LANGUAGES = [("pl", "Polski")]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
# Files of applications (signed forms, powers of attorney): never under MEDIA_URL, served only
# through the recruitment's permission-checked view.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private")))
APPLICATION_ATTACHMENT_MAX_SIZE = env.int(
    "APPLICATION_ATTACHMENT_MAX_SIZE", default=10 * 1024 * 1024
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# The institution's electronic seal on receipts and formal-check cards (recruitment/sealing.py):
# a PKCS#12 file and its password; an RFC 3161 time-stamping authority is optional. Without a
# file, documents are issued unsealed (`check --deploy` warns under the production settings).
RECEIPT_SEAL_P12 = env.str("RECEIPT_SEAL_P12", default="")
RECEIPT_SEAL_PASSWORD = env.str("RECEIPT_SEAL_PASSWORD", default="")
RECEIPT_SEAL_TSA_URL = env.str("RECEIPT_SEAL_TSA_URL", default="")
RECEIPT_SEAL_TSA_TIMEOUT = env.float("RECEIPT_SEAL_TSA_TIMEOUT", default=10)
RECEIPT_SEAL_LOCATION = env.str("RECEIPT_SEAL_LOCATION", default="Polska")
# Only the development settings use a self-signed demonstration seal.
RECEIPT_SEAL_DEMO = False
# Certificates (PEM or DER files) the signatures of applicants' PDFs are checked against; none are
# shipped: without them the panel says a signature was not checked against a trust list.
SIGNATURE_TRUST_ROOTS = env.list("SIGNATURE_TRUST_ROOTS", default=[])

# Background tasks (django-tasks, as Wagtail 8 uses it). TASKS_BACKEND=database queues them in
# the database for `manage.py db_worker`; the default runs them in-process right away.
TASKS_BACKEND = env.str("TASKS_BACKEND", default="immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASKS_BACKEND]
    }
}

# Wagtail
WAGTAIL_SITE_NAME = "Kooperacje 3D"
# Addresses without Polish letters: the editor writes „łódź” as „lodz” (existing pages keep theirs).
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# The site's one public address: links in e-mails and PDFs, the Wagtail Site (canonical, OpenGraph,
# sitemap), the accessibility statement (portal/site_url.py). Required in production.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default=SITE_URL)
WAGTAILIMAGES_IMAGE_MODEL = "portal.CustomImage"
WAGTAILDOCS_DOCUMENT_MODEL = "documents.RegistryDocument"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "ods", "doc", "rtf", "txt", "jpg", "png"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = env.int("DOCUMENTS_MAX_UPLOAD_SIZE", default=50 * 1024 * 1024)
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env.int("IMAGES_MAX_UPLOAD_SIZE", default=20 * 1024 * 1024)
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# Search (search/README.md): ELASTICSEARCH_URL switches the site search to Elasticsearch 8, with the
# database index kept beside it as the fallback; SEARCH_BACKEND=database forces the database.
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")
ELASTICSEARCH_INDEX_PREFIX = env.str("ELASTICSEARCH_INDEX_PREFIX", default="k3d")
SEARCH_BACKEND = env.str("SEARCH_BACKEND", default="")
# Seconds Elasticsearch may take to answer a search before the database answers instead.
SEARCH_TIMEOUT = env.float("SEARCH_TIMEOUT", default=2.0)
# Searches are counted for the popular-searches report in the request (0) or, per process, written
# together at most this many seconds later (search/querylog.py); production defaults to 5.
SEARCH_LOG_FLUSH_SECONDS = env.float("SEARCH_LOG_FLUSH_SECONDS", default=0)
# Seconds an Elasticsearch found unreachable is not asked again: every search meanwhile goes
# straight to the database (search/breaker.py); 0 asks it every time.
SEARCH_BREAKER_SECONDS = env.float("SEARCH_BREAKER_SECONDS", default=30)
if ELASTICSEARCH_URL:
    # Wagtail's search (admin listings and choosers, the registry's filters) on Elasticsearch,
    # and the same index in the database, which answers when Elasticsearch cannot
    # (search/wagtail_backend.py).
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.wagtail_backend",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": f"{ELASTICSEARCH_INDEX_PREFIX}_wagtail_",
            "TIMEOUT": env.int("ELASTICSEARCH_TIMEOUT", default=5),
            "OPTIONS": {"max_retries": 0},  # a failed search falls back, it is not repeated
            "FALLBACK": "database",
        },
        "database": {"BACKEND": "search.database_backend"},
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.database_backend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django_tasks": {"level": "WARNING"},
        # One line per request to Elasticsearch drowns the log; failures are still warnings.
        "elastic_transport": {"level": "WARNING"},
        # pyHanko logs a whole traceback for each certificate outside a trust list; the panel
        # says it in one line (recruitment/sealing.py).
        "pyhanko": {"level": "CRITICAL"},
        "pyhanko_certvalidator": {"level": "CRITICAL"},
    },
}

# Links to views outside the page tree, shown after the pages in the main menu.
MENU_EXTRA_LINKS = [(_("Dokumenty"), "/dokumenty/")]

# Demo content: each area registers its loader; load_demo_content runs them in this order.
DEMO_CONTENT_LOADERS = [
    "portal.demo.load",
    "documents.demo.load",
    "knowledge.demo.load",
    "recruitment.demo.load",  # after documents: calls link the registry's documents
    "events.demo.load",  # after documents: events link the regulations of participation
]
DEMO_ACCOUNTS_ALLOWED = env.bool("DEMO_ACCOUNTS_ALLOWED", default=False)

# ---------------------------------------------------------------------------------------------
# Documents registry (documents/README.md)
# ---------------------------------------------------------------------------------------------
# Every admin upload and edit of a document goes through the registry's form (content checks,
# no in-place file replacement).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "documents.forms.RegistryDocumentForm"
# Private collections may be restricted to a login or to groups, not a shared password.
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}

# Limits against decompression bombs (documents/safety.py, documents/isolation.py). ZIP-based
# files (DOCX, XLSX, ODT, ODS) are judged by their directory before anything is unpacked; PDFs
# by their page count. Uploads beyond them are refused; extraction runs in a child process held
# to the time (seconds) and memory (bytes beyond the worker's own) limits.
DOCUMENTS_ZIP_MAX_MEMBERS = env.int("DOCUMENTS_ZIP_MAX_MEMBERS", default=5_000)
DOCUMENTS_ZIP_MAX_TOTAL_SIZE = env.int("DOCUMENTS_ZIP_MAX_TOTAL_SIZE", default=200 * 1024 * 1024)
DOCUMENTS_ZIP_MAX_PART_SIZE = env.int("DOCUMENTS_ZIP_MAX_PART_SIZE", default=20 * 1024 * 1024)
DOCUMENTS_ZIP_MAX_RATIO = env.int("DOCUMENTS_ZIP_MAX_RATIO", default=100)
DOCUMENTS_PDF_MAX_PAGES = env.int("DOCUMENTS_PDF_MAX_PAGES", default=2_000)
DOCUMENTS_EXTRACTION_TIMEOUT = env.float("DOCUMENTS_EXTRACTION_TIMEOUT", default=60)
DOCUMENTS_EXTRACTION_MEMORY = env.int("DOCUMENTS_EXTRACTION_MEMORY", default=512 * 1024 * 1024)
APPLICATION_ATTACHMENT_MAX_PAGES = env.int("APPLICATION_ATTACHMENT_MAX_PAGES", default=100)

# ---------------------------------------------------------------------------------------------
# Events and registration (events/)
# ---------------------------------------------------------------------------------------------
# Registrations from one address: at most this many attempts per this many seconds.
EVENT_REGISTRATION_RATE = (
    env.int("EVENT_REGISTRATION_RATE_ATTEMPTS", default=10),
    env.int("EVENT_REGISTRATION_RATE_SECONDS", default=600),
)
# Personal data of registrations is anonymised this many days after the event ended
# (`manage.py anonymise_event_registrations`, run daily by cron or a systemd timer).
EVENT_REGISTRATION_RETENTION_DAYS = env.int("EVENT_REGISTRATION_RETENTION_DAYS", default=1826)

# ---------------------------------------------------------------------------------------------
# Security headers and sessions (portal/security.py)
# ---------------------------------------------------------------------------------------------
# The Content-Security-Policy (django-csp) of every HTML page: scripts, styles, fonts and images
# from this site only; an inline script runs only with the request's nonce
# (`<script nonce="{{ request.csp_nonce }}">`), no eval; frames only from the video services the
# embed block shows (CSP_FRAME_SOURCES); no other site may frame these pages.
csp_frame_sources = env.list(
    "CSP_FRAME_SOURCES",
    default=[
        "https://www.youtube.com",
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
    ],
)
csp_report_uri = env.str("CSP_REPORT_URI", default="")  # where browsers report violations
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", csp_constants.NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "frame-src": csp_frame_sources or ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "report-uri": [csp_report_uri] if csp_report_uri else None,
    },
}
# The Wagtail and Django admins (CSP_ADMIN_PREFIXES) get a policy of their own: Wagtail's admin
# still writes inline scripts and style attributes, and shows the pages it previews in a frame
# of its own. Still no eval, no plugins, no other site's scripts, and no framing by another site.
CSP_ADMIN_PREFIXES = ["/admin/", "/django-admin/"]
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "frame-src": ["'self'", *csp_frame_sources],
        "frame-ancestors": ["'self'"],
    },
}
# Sessions end after this many seconds without a request (each request moves the end on):
# applicants and every other account a working day, so that a form left over lunch is still
# theirs and a session left open overnight is not; whoever may enter the Wagtail admin (editors,
# operators, the commission: every application's personal data) two hours. An evaluator's card
# is not saved as it is typed, so their session outlives a long read of an application.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
STAFF_SESSION_COOKIE_AGE = env.int("STAFF_SESSION_COOKIE_AGE", default=2 * 3600)
# A refused form (CSRF) is explained in Polish, in the site's layout (templates/403_csrf.html).
CSRF_FAILURE_VIEW = "portal.security.csrf_failure"
# No avatars from gravatar.com in the admin: each would send a hash of an editor's e-mail there.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
