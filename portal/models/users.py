"""The project's own user model, swapped in from the start so later issues can extend it."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person with an account: editor, operator, evaluator, chair or JST applicant."""

    email = models.EmailField(_("adres e-mail"), unique=True)

    class Meta:
        verbose_name = _("użytkownik")
        verbose_name_plural = _("użytkownicy")

    def __str__(self):
        return self.get_full_name() or self.username
