from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Wydarzenia i zapisy"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401
