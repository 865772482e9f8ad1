"""WSGI entry point (gunicorn k3d.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "k3d.settings.production")

application = get_wsgi_application()
