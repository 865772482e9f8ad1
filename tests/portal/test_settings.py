"""Settings read from the environment; production refuses to start without its secrets."""

import os
import subprocess
import sys

from django.conf import settings

import pytest


def _check(env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.production"
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


def test_production_without_allowed_hosts_fails_with_a_clear_message():
    result = _check({"SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    assert "The environment variable ALLOWED_HOSTS is required" in result.stderr


@pytest.mark.parametrize("name", ["DATABASE_URL", "ELASTICSEARCH_URL", "REDIS_URL", "EMAIL_URL"])
def test_each_service_switches_on_with_its_variable(name):
    code = (
        "import django, json; from django.conf import settings; django.setup(); "
        "print(json.dumps([settings.DATABASES['default']['ENGINE'], "
        "settings.WAGTAILSEARCH_BACKENDS['default']['BACKEND'], "
        "settings.CACHES['default']['BACKEND'], settings.EMAIL_BACKEND]))"
    )
    values = {
        "DATABASE_URL": "postgres://u:p@127.0.0.1:5432/db",
        "ELASTICSEARCH_URL": "http://127.0.0.1:9200",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "EMAIL_URL": "smtp://user:pass@mail.example.pl:587",
    }
    base_env = {k: v for k, v in os.environ.items() if k not in values}
    base_env["DJANGO_SETTINGS_MODULE"] = "portal.settings.dev"
    default = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=base_env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    switched = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={**base_env, name: values[name]},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    defaults = default.stdout
    assert "sqlite3" in defaults and "database" in defaults and "locmem" in defaults
    assert "console" in defaults
    assert default.stdout != switched.stdout
    expected = {
        "DATABASE_URL": "postgresql",
        "ELASTICSEARCH_URL": "elasticsearch8",
        "REDIS_URL": "RedisCache",
        "EMAIL_URL": "smtp",
    }[name]
    assert expected in switched.stdout


def test_polish_locale_and_warsaw_time():
    assert settings.LANGUAGE_CODE == "pl"
    assert settings.TIME_ZONE == "Europe/Warsaw"
    assert settings.AUTH_USER_MODEL == "portal.User"
    assert settings.WAGTAILIMAGES_IMAGE_MODEL == "portal.CustomImage"
    assert settings.WAGTAILDOCS_DOCUMENT_MODEL == "documents.RegistryDocument"
