"""The site's one public address, SITE_URL (e.g. https://kooperacje3d.rops.katowice.pl): links in
e-mails and PDFs, the Wagtail Site (and so canonical, OpenGraph and the page sitemap), the
documents' sitemap and the accessibility statement all take it from here."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def parse(value):
    """(scheme, hostname, port) of an address; ImproperlyConfigured for anything else."""
    parts = urlsplit(value or "")
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        raise ImproperlyConfigured(
            f"SITE_URL must be the site's address, e.g. https://kooperacje3d.example.pl (got {value!r})"
        )
    return parts.scheme, parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


def site_url() -> str:
    """The address without a trailing slash."""
    return settings.SITE_URL.rstrip("/")


def absolute(path: str) -> str:
    """`path` ("/konto/...") as a full address on the site."""
    return site_url() + path


def sync_site():
    """Point Wagtail's default Site at SITE_URL (run after every migrate); True if it changed."""
    from wagtail.models import Site

    _scheme, hostname, port = parse(settings.SITE_URL)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or (site.hostname, site.port) == (hostname, port):
        return False
    site.hostname, site.port = hostname, port
    site.save(update_fields=["hostname", "port"])
    return True
