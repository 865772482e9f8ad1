"""Tests: fast hashing, in-memory e-mail, immediate tasks, media in a temporary folder."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-key-kooperacje3d"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost", "kooperacje3d.example.pl"]
# Not the test client's host: a link built from the request instead of SITE_URL shows.
SITE_URL = WAGTAILADMIN_BASE_URL = "https://kooperacje3d.example.pl"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="k3d-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="k3d-test-private-")
# Tests that need Elasticsearch use it explicitly through the search service; pages in every
# other test are indexed into the database backend so that no test depends on a running server.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.database_backend"}}
ELASTICSEARCH_INDEX_PREFIX = env.str("ELASTICSEARCH_INDEX_PREFIX", default="k3d_test")
# Tests measure real rendering; the page-cache tests switch it on explicitly.
PAGE_CACHE_SECONDS = 0
# A demonstration seal made once per run (tests/conftest.py), as `make run` makes one.
RECEIPT_SEAL_DEMO = True
RECEIPT_SEAL_P12 = str(Path(PRIVATE_MEDIA_ROOT) / "demo-seal.p12")
RECEIPT_SEAL_PASSWORD = "test-seal"  # noqa: S105

# Sessions as long as Django's default (14 days): tests move the clock by days while someone is
# signed in (deadlines); tests/portal/test_security.py sets the lifetimes it checks.
SESSION_COOKIE_AGE = STAFF_SESSION_COOKIE_AGE = 14 * 24 * 3600
