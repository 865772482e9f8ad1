from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db import connections
        from django.db.backends.signals import connection_created

        from portal import integrity, security, signals

        signals.connect()
        # A session's lifetime is decided at login (portal/security.py).
        user_logged_in.connect(security.start_session, dispatch_uid="portal.session_lifetime")
        # The record guards' triggers ask SQLite connections whether a retention pass is on.
        connection_created.connect(integrity.register_sqlite_function)
        for connection in connections.all(initialized_only=True):
            if connection.connection is not None:
                integrity.register_sqlite_function(None, connection)
