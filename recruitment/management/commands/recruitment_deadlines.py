"""Deadlines of the formal check, for cron: reminders before a supplement deadline, rejections
after it (recruitment.formal_check). Safe to run as often as wanted: each reminder is sent once
and an application is rejected once; e.g. every hour: `manage.py recruitment_deadlines`."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from recruitment import formal_check


class Command(BaseCommand):
    help = (
        "Wysyła przypomnienia o terminie uzupełnienia (raz, od dnia dwa dni przed terminem) i "
        "odrzuca formalnie zgłoszenia nieuzupełnione w terminie."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Tylko wypisz, co byłoby zrobione; niczego nie wysyłaj i nie zmieniaj.",
        )

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        if dry_run:
            reminders = [card.application for card in formal_check.due_reminders(now)]
            rejections = formal_check.expired(now)
        else:
            reminders = formal_check.send_due_reminders(now)
            rejections = formal_check.reject_expired(now)
        prefix = "[próba] " if dry_run else ""
        for application in reminders:
            self.stdout.write(
                f"{prefix}Przypomnienie: {application.number} "
                f"(termin {formal_check.when(application.supplement_due)})"
            )
        for application in rejections:
            self.stdout.write(
                f"{prefix}Odrzucenie po terminie uzupełnienia: {application.number} "
                f"(termin minął {formal_check.when(application.supplement_due)})"
            )
        self.stdout.write(
            f"{prefix}Przypomnienia: {len(reminders)}; odrzucenia: {len(rejections)}."
        )
