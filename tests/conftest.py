"""Test harness: service markers, the shared database states, a Chromium browser and axe-core.

The demo and its parts are layers built once per run (tests/layers.py); every test starts with
empty caches; uploaded files go to temporary folders of the run (k3d/settings/test.py), removed
when it ends.

Tests marked `postgres`, `elasticsearch` or `browser` need a real service. Without it they are
skipped with the reason; under CI (CI=true) a missing service fails them instead, so that a
green CI run always means they ran for real.
"""

import os
import shutil
import urllib.request
from collections import Counter

from django.conf import settings
from django.db import connection

import pytest
from hypothesis import settings as hypothesis_settings

from tests.layers import (  # noqa: F401 (fixtures and hooks of the shared database states)
    _db_layer,
    _db_layers,
    _django_db_helper,
    clear_caches,
    committed_demo,
    demo_content,
    demo_server,
    demo_sessions,
    demo_with_accounts,
    knowledge_demo,
    leave_layer_before,
    pytest_collection_modifyitems,
    recruitment_demo,
)

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

_service_runs = Counter()

# Property tests explore new examples on every local run (pytest-randomly reseeds Hypothesis);
# under CI they replay a fixed set, so that a red CI run is reproducible and never a coin toss.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if IN_CI:
    hypothesis_settings.load_profile("ci")


def _elasticsearch_reason():
    url = settings.ELASTICSEARCH_URL
    if not url:
        return "ELASTICSEARCH_URL is not set (run `make services`)"
    try:
        # The integration-test distribution has no root endpoint; cluster health always answers.
        with urllib.request.urlopen(url.rstrip("/") + "/_cluster/health", timeout=3) as response:
            response.read()
    except OSError as exc:
        return f"Elasticsearch at {url} does not answer: {exc}"
    return None


def _postgres_reason():
    if connection.vendor != "postgresql":
        return "DATABASE_URL does not point to PostgreSQL (run `make services`)"
    return None


def _browser_reason():
    if not shutil.which(CHROMIUM_PATH):
        return f"Chromium not found at {CHROMIUM_PATH} (run `make services`)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (run `make install`)"
    if not os.path.exists(
        os.path.join(settings.BASE_DIR, "node_modules", "axe-core", "axe.min.js")
    ):
        return "axe-core is not installed (run `make install`)"
    return None


_REASONS = {
    "postgres": _postgres_reason,
    "elasticsearch": _elasticsearch_reason,
    "browser": _browser_reason,
}
_cached_reasons = {}


def pytest_runtest_setup(item):
    for marker in _REASONS:
        if item.get_closest_marker(marker) is None:
            continue
        if marker not in _cached_reasons:
            _cached_reasons[marker] = _REASONS[marker]()
        reason = _cached_reasons[marker]
        if reason:
            if IN_CI:
                pytest.fail(f"[{marker}] service missing under CI: {reason}", pytrace=False)
            pytest.skip(f"[{marker}] {reason}")
    leave_layer_before(item)


@pytest.fixture(scope="session", autouse=True)
def _flush_passes_the_record_guards():
    """Django empties the database after each transactional test (`flush`: DELETE statements on
    SQLite, which the record guards' triggers refuse for submitted records). Emptying a test
    database is one of the changes the retention pass exists for (portal/integrity.py)."""
    from django.db.backends.base.operations import BaseDatabaseOperations

    from portal.integrity import retention_pass

    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        with retention_pass(using=self.connection.alias):
            return original(self, sql_list)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(BaseDatabaseOperations, "execute_sql_flush", execute_sql_flush)
        yield


@pytest.fixture(scope="session", autouse=True)
def _demo_seal():
    """The run's demonstration seal (k3d/settings/test.py), made as `make run` makes one."""
    from recruitment.sealing import create_demo_seal

    if not os.path.exists(settings.RECEIPT_SEAL_P12):
        create_demo_seal(settings.RECEIPT_SEAL_P12, settings.RECEIPT_SEAL_PASSWORD)


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Every test starts with empty caches (the page cache, rate limits, Wagtail's site roots)."""
    clear_caches()


def pytest_runtest_logreport(report):
    if report.when == "call" and report.passed:
        for marker in _REASONS:
            if marker in report.keywords:
                _service_runs[marker] += 1


def pytest_terminal_summary(terminalreporter):
    terminalreporter.write_sep("-", "service tests executed")
    for marker in _REASONS:
        terminalreporter.write_line(f"{marker}: {_service_runs[marker]} passed")


@pytest.fixture(autouse=True)
def _client_login_passes_a_request(monkeypatch):
    """django-axes (first in AUTHENTICATION_BACKENDS) refuses authenticate() without a request,
    and Client.login() passes none. Give it a plain request from 127.0.0.1, so that tests may call
    client.login() while axes stays switched on, as the lockout tests need it."""
    from django.http import HttpRequest
    from django.test.client import ClientMixin

    original = ClientMixin.login

    def login(self, **credentials):
        if "request" not in credentials:
            request = HttpRequest()
            request.META["REMOTE_ADDR"] = "127.0.0.1"
            credentials["request"] = request
        return original(self, **credentials)

    monkeypatch.setattr(ClientMixin, "login", login)


@pytest.fixture
def page_assertions(client):
    """Wagtail's page-type assertions (assertCanCreateAt, assertPageIsRenderable, assertCanCreate
    ...) for pytest tests, on the test's client and database: WagtailPageTestCase's methods
    without its class-level transaction, so that they work inside a layer."""
    from wagtail.coreutils import get_dummy_request
    from wagtail.test.utils import WagtailPageTestCase

    class Assertions(WagtailPageTestCase):
        def runTest(self):
            pass

    assertions = Assertions()
    assertions.client = client
    assertions.dummy_request = get_dummy_request()
    return assertions


@pytest.fixture(scope="session")
def _playwright():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by
    # the test itself are still synchronous, so allow them.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(_playwright):
    instance = _playwright.chromium.launch(
        executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
    )
    yield instance
    instance.close()


@pytest.fixture
def page(browser):
    """A tab in a fresh context. Every browser test also checks that nothing it loaded broke
    the Content-Security-Policy (Chromium reports each refusal on the console)."""
    context = browser.new_context(locale="pl-PL", viewport={"width": 1280, "height": 900})
    refused = []

    def note_refusal(message):
        if "Content Security Policy" in message.text:
            refused.append(f"{message.page.url if message.page else ''}: {message.text}")

    context.on("console", note_refusal)
    tab = context.new_page()
    yield tab
    context.close()
    assert not refused, "Content-Security-Policy violations:\n" + "\n".join(refused)


@pytest.fixture
def axe():
    """Runs axe-core on a page and returns the WCAG 2.1 A/AA violations."""
    from tests.accessibility import run_axe

    return run_axe


def pytest_sessionfinish(session, exitstatus):
    """Under CI a run in which some kind of service test never ran is a failed run. The run's
    media folders go."""
    for folder in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
        if os.path.basename(folder).startswith(("k3d-test-media-", "k3d-test-private-")):
            shutil.rmtree(folder, ignore_errors=True)
    if IN_CI and exitstatus == 0 and session.config.option.keyword == "":
        missing = [marker for marker in _REASONS if _service_runs[marker] == 0]
        if missing and session.testscollected > 0 and not session.config.option.markexpr:
            session.config.pluginmanager.get_plugin("terminalreporter").write_line(
                f"CI: no {', '.join(missing)} test passed; failing the run.", red=True
            )
            session.exitstatus = 1
