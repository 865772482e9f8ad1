"""Load the demo content of every area, idempotently, and optionally the demo accounts."""

import logging

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils.module_loading import import_string

from evaluation import demo as evaluation_demo
from portal.accounts import ensure_demo_accounts, ensure_moderation_workflow, ensure_role_groups
from recruitment.demo import link_demo_accounts
from recruitment.models import CallPage
from search import indexing as search_indexing
from search.backends import backend_names
from search.backends.base import BackendUnavailable

OPEN_CALL_NUMBER = "1/2026/OP"


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
            # Seven lines per PDF (receipts, scans, cards) would hide the printed logins.
            logging.getLogger("weasyprint").setLevel(logging.WARNING)
        accounts_allowed = settings.DEBUG or getattr(settings, "DEMO_ACCOUNTS_ALLOWED", False)
        make_accounts = options["accounts"] and accounts_allowed
        ensure_role_groups()
        accounts, closed_call = [], None
        # The demo's notices (receipts, formal check, results) go to made-up addresses: they are
        # kept in memory, not sent or printed; the tasks that send them run at the commit.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
            transaction.atomic(),
            search_indexing.paused(),
        ):
            for dotted_path in settings.DEMO_CONTENT_LOADERS:
                self.stdout.write(f"Treści: {dotted_path}")
                import_string(dotted_path)(self.stdout, refresh=options["refresh"])
            ensure_moderation_workflow()
            if make_accounts:
                accounts = ensure_demo_accounts()
                link_demo_accounts()
                # The commission's work needs its accounts: the evaluated call comes with them.
                self.stdout.write("Treści: evaluation.demo.load_evaluated_call")
                closed_call = evaluation_demo.load_evaluated_call(self.stdout)
                open_call = CallPage.objects.filter(number=OPEN_CALL_NUMBER).first()
                if open_call is not None:
                    # Appointed, not signed: the evaluators sign the declaration themselves.
                    evaluation_demo.appoint_demo_commission(open_call)
        self.rebuild_search_index()
        if options["accounts"] and not accounts_allowed:
            self.stderr.write(
                "Konta demonstracyjne mają jawne hasła i nie są tworzone przy DEBUG=False."
            )
            return
        if make_accounts:
            self.stdout.write(self.style.SUCCESS("\nKonta demonstracyjne (login / hasło / rola):"))
            for username, password, roles in accounts:
                self.stdout.write(f"  {username:18} {password:30} {roles}")
            if closed_call is not None:
                self.print_commission(closed_call, accounts)
            self.stdout.write(
                "\nWydarzenia: /wydarzenia/ (zapisy bez konta); zapisy i listy obecności: "
                "organizator / Kooperacje3D-organizator -> /admin/wydarzenia/"
            )
        self.stdout.write(self.style.SUCCESS("Treści demonstracyjne są gotowe."))

    def print_commission(self, call, accounts):
        """The logins that show the evaluated call from the commission's side."""
        passwords = {username: password for username, password, _roles in accounts}
        chair = evaluation_demo.DEMO_CHAIR
        self.stdout.write(
            self.style.SUCCESS(
                f"\nNabór {call.number} (zamknięty, oceniony, lista opublikowana: "
                f"{call.url}wyniki/):"
            )
        )
        self.stdout.write(
            f"  przewodniczący komisji: {chair} / {passwords.get(chair, '')}"
            f"   -> /admin/ocena/{call.pk}/komisja/"
        )
        for username in evaluation_demo.DEMO_EVALUATORS:
            self.stdout.write(
                f"  oceniający:             {username} / {passwords.get(username, '')}"
                f"   -> /admin/ocena/{call.pk}/"
            )

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
