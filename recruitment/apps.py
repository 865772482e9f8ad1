from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "recruitment"
    verbose_name = _("Nabory")

    def ready(self):
        from django.db.models.signals import post_save

        from recruitment import checks  # noqa: F401 - registers the seal's system checks
        from recruitment.models import CallIndexPage
        from recruitment.roles import grant_new_call_index

        post_save.connect(grant_new_call_index, sender=CallIndexPage)
        warm_validators()


def warm_validators():
    """Compile Django's lazily compiled e-mail validator expressions when the process starts.

    Django compiles the e-mail domain expression on its first use: about 50 ms of CPU, paid by
    the first submission each server process validates (its contact e-mails), inside the
    deadline rush (`make bench-recruitment`). Every server process imports the apps at start,
    so here it is paid before the first request."""
    from django.core.validators import validate_email

    validate_email("kontakt@gmina.example.pl")
