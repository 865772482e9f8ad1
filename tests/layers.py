"""Shared database states ("layers"): a demo is built once and every test that asks for it runs
in a savepoint on top of it.

A layer is a function that fills the test database (the demo, or a part of it). `@layer` turns it
into a fixture of the same name. The first test that asks for a layer opens a transaction on the
test database, runs the function in it, and leaves the transaction open; that test and every next
one that asks for the same layer run in their own savepoint inside it (pytest-django's `db`), so
what a test changes is rolled back and the next test finds the layer as it was built. When a test
needs another state (no layer, another layer, a transactional test, a Django TestCase class), the
open transaction is rolled back first: nothing a layer made is ever committed.

Tests are ordered by layer after collection (and after any random shuffle), so each layer is
built once per run: plain tests first, then the tests of each layer, then the tests that commit
(transactional and live-server tests, each followed by Django's flush), and last the read-only
browser tests that share one committed demo (`committed_demo`, `demo_server`).

Elasticsearch is no database: a test that writes to the index under the layer (publishing a page
with its on-commit work run) changes it for the next one. So the layer notes the index's write
counters when it is built and, before each of its tests, rebuilds the index from the layer when
they moved.
"""

import copy
import io
import json
import urllib.request

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction

import pytest

# Fixture name -> function that builds it, filled by @layer at import.
LAYERS = {}
# Fixtures whose tests share one committed state per module (the database is not rolled back).
COMMITTED = {"committed_demo", "demo_server"}
DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


def layer(function):
    """Declare a shared state: `function()` fills the database once per run; the fixture of the
    same name gives each test that state (inside its own savepoint) and a copy of the value the
    function returned."""
    name = function.__name__
    LAYERS[name] = function

    @pytest.fixture(name=name)
    def fixture(db, _db_layers):
        if _db_layers.name != name:
            # A transactional test cannot run in the layer's open transaction; it builds the state
            # itself, committed, and its flush removes it afterwards (slow: avoid).
            return function()
        return copy.deepcopy(_db_layers.value)

    fixture.__doc__ = function.__doc__
    return fixture


def wanted_layer(item):
    names = set(getattr(item, "fixturenames", ())) & set(LAYERS)
    if len(names) > 1:
        raise pytest.UsageError(f"{item.nodeid} asks for two layers: {sorted(names)}")
    return names.pop() if names else None


def is_transactional(item):
    names = set(getattr(item, "fixturenames", ()))
    if names & {"transactional_db", "live_server", "django_db_reset_sequences"}:
        return True
    marker = item.get_closest_marker("django_db")
    if marker is None:
        return False
    from pytest_django.fixtures import validate_django_db

    transactional, reset_sequences, *_rest = validate_django_db(marker)
    return bool(transactional or reset_sequences)


def is_django_testcase(item):
    from pytest_django.plugin import is_django_unittest

    return is_django_unittest(item)


def uses_db(item):
    names = set(getattr(item, "fixturenames", ()))
    return bool(
        names & DB_FIXTURES
        or item.get_closest_marker("django_db")
        or is_django_testcase(item)
        or names & COMMITTED
    )


def group(item):
    """Where the item runs: 0 without the database, 1 plain, 2 in a layer (one group per layer,
    in the order the layers were declared), 3 the tests that commit and flush, 4 last the tests
    that read the committed demo (nothing runs after them that could find it)."""
    if not uses_db(item):
        return (0, 0)
    names = set(item.fixturenames)
    if COMMITTED & names:
        return (4, 0)
    if is_transactional(item) or is_django_testcase(item):
        return (3, 0)
    name = wanted_layer(item)
    if name is None:
        return (1, 0)
    return (2, list(LAYERS).index(name))


class Layers:
    """The one open layer of the run: its name, its transaction and the value it returned."""

    def __init__(self, blocker):
        self.blocker = blocker
        self.name = None
        self.value = None
        self.atomic = None
        self.search_mark = None
        self.builds = {}

    def close(self):
        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = self.name = self.value = self.search_mark = None
        clear_caches()

    def open(self, name):
        if self.name == name:
            self._keep_search_index_level()
            return
        self.close()
        with self.blocker.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                pending = len(connection.run_on_commit)
                value = LAYERS[name]()
                # The transaction never commits: drop the on-commit work the build queued, so that
                # it neither lingers nor masks what a test queues itself.
                del connection.run_on_commit[pending:]
            except BaseException:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
                raise
        self.atomic, self.name, self.value = atomic, name, value
        self.builds[name] = self.builds.get(name, 0) + 1
        self.search_mark = search_index_mark()
        clear_caches()

    def _keep_search_index_level(self):
        if self.search_mark is None or search_index_mark() == self.search_mark:
            return
        from search import indexing

        with self.blocker.unblock():
            indexing.rebuild("elasticsearch")
        self.search_mark = search_index_mark()


def search_index_mark():
    """The write counters of the site search's Elasticsearch index, or None without a server."""
    if not settings.ELASTICSEARCH_URL:
        return None
    alias = f"{settings.ELASTICSEARCH_INDEX_PREFIX}_search"
    url = f"{settings.ELASTICSEARCH_URL.rstrip('/')}/{alias}/_stats/indexing"
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            indices = json.load(response)["indices"]
    except (OSError, ValueError, KeyError):
        return None
    return sorted(
        (
            name,
            stats["primaries"]["indexing"]["index_total"],
            stats["primaries"]["indexing"]["delete_total"],
        )
        for name, stats in indices.items()
    )


def clear_caches():
    for cache in caches.all(initialized_only=True):
        cache.clear()


_layers = None


@pytest.fixture(scope="session")
def _db_layers(django_db_setup, django_db_blocker):
    """The layer manager; closing it (before the test database goes) rolls the layer back."""
    global _layers
    _layers = Layers(django_db_blocker)
    yield _layers
    _layers.close()
    _layers = None
    if connection.vendor == "postgresql":
        # A keep-alive request thread of a live server may still hold a connection, which would
        # keep the test database from being dropped at the end of the run (the live servers
        # have stopped by now: they were started after this fixture).
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture
def _db_layer(request, _db_layers):
    item = request.node
    name = wanted_layer(item)
    if name and not is_transactional(item):
        _db_layers.open(name)
    else:
        _db_layers.close()


@pytest.fixture
def _django_db_helper(_db_layer, _django_db_helper):
    """pytest-django's per-test database set-up, after the layer the test needs is open: the
    test's transaction is then a savepoint inside the layer's."""
    return _django_db_helper


def leave_layer_before(item):
    """Called before any fixture of `item` is set up: roll the open layer back if the test must
    not run inside it (a Django TestCase class, whose set-up pytest-django runs outside
    `_django_db_helper`, or a module that shares the committed demo)."""
    if _layers is not None and uses_db(item) and wanted_layer(item) != _layers.name:
        _layers.close()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    """Group the tests by the state they need (stable: any shuffle within a group stays)."""
    for item in items:
        if COMMITTED & set(item.fixturenames) and is_transactional(item):
            raise pytest.UsageError(
                f"{item.nodeid}: a test that reads the committed demo cannot be transactional "
                "(its flush would empty the demo for the next one)"
            )
    items.sort(key=group)


def flush_database():
    """Empty every table as a transactional test does when it ends (content types and
    permissions come back with post_migrate; the site, root page and locale do not)."""
    from django.core.management import call_command

    call_command("flush", verbosity=0, interactive=False, reset_sequences=False)


@pytest.fixture(scope="session")
def committed_demo(request, django_db_setup, django_db_blocker, _db_layers):
    """The demo as `make demo` loads it (with the accounts and the evaluated, published call
    1/2026/MP), committed once for the tests that only read it (they run last), served by a live
    server of their own (`demo_server`); the database is flushed before and after."""
    from django.core.management import call_command
    from django.test import override_settings

    _db_layers.close()
    # pytest-django sets up the test database only for a session with a `django_db` test:
    # without one this would flush the developer's own database.
    if not any(item.get_closest_marker("django_db") for item in request.session.items):
        pytest.fail("a test of the committed demo must be marked `django_db`", pytrace=False)
    with django_db_blocker.unblock(), override_settings(DEMO_ACCOUNTS_ALLOWED=True):
        flush_database()
        call_command("load_demo_content", "--accounts", stdout=io.StringIO())
    clear_caches()
    yield
    with django_db_blocker.unblock():
        flush_database()
    clear_caches()


@pytest.fixture(scope="session")
def demo_sessions(committed_demo, django_db_blocker):
    """{username: session key} of every demo account, logged in on the committed demo before any
    test's transaction begins (a session written inside a test's transaction would lock the
    table the live server reads). Put one in the browser with `tests.accessibility.use_session`."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    sessions = {}
    with django_db_blocker.unblock():
        for user in get_user_model().objects.filter(is_active=True):
            client = Client()
            client.force_login(user)
            sessions[user.get_username()] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return sessions


@pytest.fixture(scope="session")
def demo_server(committed_demo):
    """A live server of the committed demo for read-only browser tests: unlike pytest-django's
    `live_server` it does not make the tests transactional (whose flush would empty the demo
    after the first test). A test that changes data uses `live_server` and builds its data."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost")
    server._live_server_modified_settings.enable()
    yield server
    server._live_server_modified_settings.disable()
    server.stop()


@layer
def demo_content():
    """The demo site as `make run` loads it (`load_demo_content`, without the accounts)."""
    from django.core.management import call_command

    from wagtail.models import Site

    call_command("load_demo_content", stdout=io.StringIO())
    return Site.objects.get(is_default_site=True)


@layer
def demo_with_accounts():
    """The demo as `make demo` loads it: the content, the demo accounts and the evaluated call
    1/2026/MP with its commission; the value is what the command printed (the logins)."""
    from django.core.management import call_command
    from django.test import override_settings

    out = io.StringIO()
    with override_settings(DEMO_ACCOUNTS_ALLOWED=True):
        call_command("load_demo_content", "--accounts", stdout=out)
    return out.getvalue()


@layer
def knowledge_demo():
    """The home page from portal's demo and the knowledge demo on top of it: only the loaders
    this area depends on, so that its tests do not depend on other areas' demo content."""
    from wagtail.models import Site

    from knowledge import demo as knowledge
    from portal import demo as portal

    portal.load(io.StringIO())
    knowledge.load(io.StringIO())
    return Site.objects.get(is_default_site=True)


@layer
def recruitment_demo():
    """The site shell, the documents registry and the recruitment demo, nothing else."""
    from wagtail.models import Site

    from documents import demo as documents
    from portal import demo as portal
    from recruitment import demo as recruitment

    portal.load(io.StringIO())
    documents.load(io.StringIO())
    recruitment.load(io.StringIO())
    return Site.objects.get(is_default_site=True)
