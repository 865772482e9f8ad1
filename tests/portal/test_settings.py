"""Settings read from the environment; production refuses to start without its secrets."""

import json
import os
import subprocess
import sys

from django.conf import settings

import pytest

from tests.processes import run_python


def _check(env_overrides):
    env = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL"}
    }
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = "k3d.settings.production"
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_secret_key_fails_with_a_clear_message():
    result = _check({"ALLOWED_HOSTS": "portal.example.pl"})
    assert result.returncode != 0
    assert "The environment variable SECRET_KEY is required" in result.stderr


def test_production_without_site_url_fails_with_a_clear_message():
    result = _check({"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "portal.example.pl"})
    assert result.returncode != 0
    assert "The environment variable SITE_URL is required" in result.stderr


def test_production_with_a_site_url_that_is_not_an_address_fails_with_a_clear_message():
    result = _check(
        {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "portal.example.pl", "SITE_URL": "portal.pl"}
    )
    assert result.returncode != 0
    assert "SITE_URL must be the site's address" in result.stderr


def test_production_without_allowed_hosts_fails_with_a_clear_message():
    result = _check({"SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    assert "The environment variable ALLOWED_HOSTS is required" in result.stderr


SERVICE_VALUES = {
    "DATABASE_URL": "postgres://u:p@127.0.0.1:5432/db",
    "ELASTICSEARCH_URL": "http://127.0.0.1:9200",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp://user:pass@mail.example.pl:587",
}


def _dev_settings(**overrides):
    """The backends the dev settings choose in a fresh process with these variables (and none of
    the services' variables of this process): reading the settings needs no django.setup()."""
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps([settings.DATABASES['default']['ENGINE'], "
        "settings.WAGTAILSEARCH_BACKENDS['default']['BACKEND'], "
        "settings.CACHES['default']['BACKEND'], settings.EMAIL_BACKEND]))"
    )
    env = {k: v for k, v in os.environ.items() if k not in SERVICE_VALUES}
    env["DJANGO_SETTINGS_MODULE"] = "k3d.settings.dev"
    return run_python(code, {**env, **overrides})


@pytest.fixture(scope="module")
def default_backends():
    return _dev_settings()


@pytest.mark.parametrize("name", list(SERVICE_VALUES))
def test_each_service_switches_on_with_its_variable(default_backends, name):
    defaults = default_backends
    assert "sqlite3" in defaults and "database" in defaults and "locmem" in defaults
    assert "console" in defaults
    switched = _dev_settings(**{name: SERVICE_VALUES[name]})
    assert defaults != switched
    expected = {
        "DATABASE_URL": "postgresql",
        "ELASTICSEARCH_URL": "search.wagtail_backend",
        "REDIS_URL": "RedisCache",
        "EMAIL_URL": "smtp",
    }[name]
    assert expected in switched


def test_polish_locale_and_warsaw_time():
    assert settings.LANGUAGE_CODE == "pl"
    assert settings.TIME_ZONE == "Europe/Warsaw"
    assert settings.AUTH_USER_MODEL == "portal.User"
    assert settings.WAGTAILIMAGES_IMAGE_MODEL == "portal.CustomImage"
    assert settings.WAGTAILDOCS_DOCUMENT_MODEL == "documents.RegistryDocument"


def test_a_sqlite_file_uses_wal_a_busy_timeout_and_immediate_transactions(tmp_path):
    """Several server processes share one SQLite file (`make run`, small installations): readers
    do not wait for writers, a writer waits for another instead of failing at once, and a
    transaction takes its write lock when it begins."""
    code = (
        "import json; from django.db import connection; cursor = connection.cursor(); "
        "mode = cursor.execute('PRAGMA journal_mode').fetchone()[0]; "
        "timeout = cursor.execute('PRAGMA busy_timeout').fetchone()[0]; "
        "print(json.dumps([mode, timeout, connection.settings_dict['OPTIONS']['transaction_mode']]))"
    )
    env = {k: v for k, v in os.environ.items() if k not in SERVICE_VALUES}
    env.update(
        DJANGO_SETTINGS_MODULE="k3d.settings.dev",
        DATABASE_URL=f"sqlite:///{tmp_path / 'portal.sqlite3'}",
    )
    result = run_python(code, env)
    assert json.loads(result) == ["wal", 20000, "IMMEDIATE"]


def _production_process(code, cache_dir):
    env = {k: v for k, v in os.environ.items() if k not in SERVICE_VALUES}
    env.update(
        DJANGO_SETTINGS_MODULE="k3d.settings.production",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="portal.example.pl",
        SITE_URL="https://portal.example.pl",
        CACHE_DIR=str(cache_dir),
    )
    return run_python(code, env).strip()


def test_without_redis_a_content_change_in_one_process_reaches_every_other(tmp_path):
    """A cron job's `publish_scheduled` is another process than the server's workers: its
    change of the content version (what purges the page cache) must reach them."""
    read = "from core.cache import content_version; print(content_version())"
    backend, before = _production_process(
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND']); " + read,
        tmp_path,
    ).split()  # a server worker
    assert backend.endswith("FileBasedCache")
    assert _production_process(read, tmp_path) == before  # another worker: the same version
    _production_process(
        "from core.cache import bump_content_version; bump_content_version()", tmp_path
    )
    after = _production_process(read, tmp_path)
    assert after and after != before


def _send(signal, apps):
    """What `migrate` sends at its end for the portal app."""
    portal = apps.get_app_config("portal")
    signal.send(sender=portal, app_config=portal, using="default")


@pytest.mark.django_db
def test_the_wagtail_site_follows_site_url_after_a_migrate(settings):
    """Canonical, OpenGraph and the pages' sitemap take their address from Wagtail's Site: a
    deployment's `migrate` points it at SITE_URL."""
    from django.apps import apps
    from django.db.models.signals import post_migrate

    from wagtail.models import Site

    settings.SITE_URL = "https://kooperacje3d.rops.example.pl"
    _send(post_migrate, apps)
    site = Site.objects.get(is_default_site=True)
    assert site.root_url == "https://kooperacje3d.rops.example.pl"
    settings.SITE_URL = "http://127.0.0.1:8000"
    _send(post_migrate, apps)
    assert Site.objects.get(is_default_site=True).root_url == "http://127.0.0.1:8000"
