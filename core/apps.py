from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Wspólne słowniki i narzędzia"
    default_auto_field = "django.db.models.BigAutoField"
