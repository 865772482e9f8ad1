from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Wydarzenia i zapisy"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import public, signals  # noqa: F401
        from .models import EventIndexPage, EventPage

        # The pages' routes answer with the public views; the views use the models, so the
        # models are handed them here instead of importing them.
        EventIndexPage.views = EventPage.views = public
