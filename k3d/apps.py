from django.apps import AppConfig


class K3DConfig(AppConfig):
    name = "k3d"
    verbose_name = "Kooperacje 3D"
    default_auto_field = "django.db.models.BigAutoField"
