"""Anonymise the personal data of registrations after the retention period (run daily)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from events.retention import anonymise_expired


class Command(BaseCommand):
    help = (
        "Anonimizuje dane osobowe zgłoszeń na wydarzenia zakończone dawniej niż "
        "EVENT_REGISTRATION_RETENTION_DAYS dni temu (sektor, status, obecność i wersje "
        "klauzul zostają do statystyk)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Tylko policz zgłoszenia do anonimizacji, niczego nie zmieniaj.",
        )

    def handle(self, *args, **options):
        days = settings.EVENT_REGISTRATION_RETENTION_DAYS
        count = anonymise_expired(dry_run=options["dry_run"])
        if options["dry_run"]:
            self.stdout.write(
                f"Zgłoszeń do anonimizacji (wydarzenia zakończone ponad {days} dni temu): "
                f"{count}. Tryb próbny – niczego nie zmieniono."
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Zanonimizowano zgłoszeń: {count} (wydarzenia zakończone ponad {days} dni temu)."
                )
            )
