"""Load the demo content of every area, idempotently, and optionally the demo accounts."""

import logging

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from portal.accounts import ensure_demo_accounts, ensure_moderation_workflow, ensure_role_groups
from recruitment.demo import link_demo_accounts
from search import indexing as search_indexing
from search.backends.base import BackendUnavailable
from search.service import backend_names


class Command(BaseCommand):
    help = "Wczytuje treści demonstracyjne (bezpieczne do wielokrotnego uruchomienia)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Nadpisz istniejące strony demonstracyjne treścią z kodu.",
        )
        parser.add_argument(
            "--accounts",
            action="store_true",
            help="Utwórz konta demonstracyjne ze znanymi hasłami (tylko środowiska deweloperskie).",
        )

    def handle(self, *args, **options):
        if options["verbosity"] < 2:
            # One line per created page from Wagtail drowns the summary; -v 2 shows it.
            logging.getLogger("wagtail").setLevel(logging.WARNING)
        ensure_role_groups()
        with transaction.atomic(), search_indexing.paused():
            for dotted_path in settings.DEMO_CONTENT_LOADERS:
                self.stdout.write(f"Treści: {dotted_path}")
                import_string(dotted_path)(self.stdout, refresh=options["refresh"])
            ensure_moderation_workflow()
        self.rebuild_search_index()
        if options["accounts"]:
            if not settings.DEBUG and not getattr(settings, "DEMO_ACCOUNTS_ALLOWED", False):
                self.stderr.write(
                    "Konta demonstracyjne mają jawne hasła i nie są tworzone przy DEBUG=False."
                )
                return
            accounts = ensure_demo_accounts()
            link_demo_accounts()
            self.stdout.write(self.style.SUCCESS("\nKonta demonstracyjne (login / hasło / rola):"))
            for username, password, roles in accounts:
                self.stdout.write(f"  {username:18} {password:30} {roles}")
        self.stdout.write(self.style.SUCCESS("Treści demonstracyjne są gotowe."))

    def rebuild_search_index(self):
        """The demo is loaded with index updates paused; one rebuild per backend is faster."""
        for name in backend_names():
            try:
                count = search_indexing.rebuild(name)
            except BackendUnavailable as exc:
                self.stderr.write(
                    f"Indeks wyszukiwania ({name}) nie został przebudowany: {exc}. "
                    "Uruchom później: manage.py rebuild_search_index"
                )
            else:
                self.stdout.write(f"Indeks wyszukiwania ({name}): {count} pozycji.")
