"""Make the self-signed demonstration seal of the development settings (`make run` calls it)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from recruitment.sealing import create_demo_seal


class Command(BaseCommand):
    help = "Make the self-signed demonstration seal for receipts (development settings only)."

    def handle(self, *args, **options):
        if not getattr(settings, "RECEIPT_SEAL_DEMO", False):
            raise CommandError(
                "A demonstration seal is made only under the development settings; here "
                "RECEIPT_SEAL_P12 names the institution's seal (or none: receipts go unsealed)."
            )
        path = Path(settings.RECEIPT_SEAL_P12)
        if path.exists():
            self.stdout.write(f"Demonstration seal: {path} (already there)")
            return
        create_demo_seal(path, settings.RECEIPT_SEAL_PASSWORD)
        self.stdout.write(
            self.style.WARNING(
                f"Made a self-signed demonstration seal: {path}. Receipts sealed with it say "
                "so; it has no legal force."
            )
        )
