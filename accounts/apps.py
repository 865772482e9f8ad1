from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "Konta wnioskodawców"

    def ready(self):
        from axes.signals import user_locked_out

        from .audit import log_event

        def record_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
            log_event("account.locked_out", request, username=username or "")

        user_locked_out.connect(record_lockout, dispatch_uid="accounts.record_lockout", weak=False)
