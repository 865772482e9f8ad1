"""Strings of Wagtail's admin that its Polish catalogue leaves in English and that the portal's
editors meet (a page saved with errors: „The page could not be saved…”, „Go to the first
error”). The portal's catalogue
(locale/pl, first in LOCALE_PATHS) translates them; `make messages` collects them from here."""

from django.utils.translation import gettext_noop

ADMIN_STRINGS = [
    gettext_noop("Go to the first error"),
    gettext_noop("The page could not be created due to validation errors."),
    gettext_noop("The page could not be saved due to validation errors."),
    gettext_noop("The page could not be saved as it is locked."),
    gettext_noop("There are validation errors, click save to highlight them."),
    gettext_noop("Saving will overwrite a newer version."),
]
