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
    # The dialog of keyboard shortcuts and the breadcrumbs, on every admin page.
    gettext_noop("Application"),
    gettext_noop("Show keyboard shortcuts"),
    gettext_noop("Toggle minimap"),
    gettext_noop("Close modal dialogs (like this one)"),
    gettext_noop("Add or show comments"),
    gettext_noop("Text editing"),
    gettext_noop("Subscript"),
    gettext_noop("Superscript"),
    gettext_noop("Breadcrumb"),
    gettext_noop("account"),
    gettext_noop(
        "Keyboard shortcuts are currently enabled; manage your %(account_link)s to disable them."
    ),
    gettext_noop(
        "Keyboard shortcuts are currently disabled; manage your %(account_link)s to enable them."
    ),
]
