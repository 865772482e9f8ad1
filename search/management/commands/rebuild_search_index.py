"""Rebuild the search index of every backend (or one) from the database, with a progress bar."""

from django.core.management.base import BaseCommand, CommandError

from tqdm import tqdm

from search import indexing
from search.backends import backend_names
from search.backends.base import BackendUnavailable
from search.records import count_records


class Command(BaseCommand):
    help = "Przebudowuje indeks wyszukiwania (baza danych i Elasticsearch, jeśli skonfigurowany)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--backend",
            choices=["database", "elasticsearch"],
            help="Przebuduj tylko ten indeks.",
        )
        parser.add_argument("--no-progress", action="store_true", help="Bez paska postępu.")

    def handle(self, *args, **options):
        names = [options["backend"]] if options["backend"] else backend_names()
        if options["backend"] and options["backend"] not in backend_names():
            raise CommandError("Elasticsearch nie jest skonfigurowany (brak ELASTICSEARCH_URL).")
        total = count_records()
        failed = False
        for name in names:
            with tqdm(
                total=total,
                desc=f"Indeks {name}",
                unit=" poz.",
                disable=options["no_progress"] or options["verbosity"] == 0,
                file=self.stderr,
            ) as bar:
                try:
                    count = indexing.rebuild(name, progress=bar.update)
                except BackendUnavailable as exc:
                    self.stderr.write(f"Indeks {name}: nie udało się przebudować ({exc}).")
                    failed = True
                    continue
            self.stdout.write(f"Indeks {name}: {count} pozycji.")
            rejected = indexing.rejected_count(name)
            if rejected:
                self.stderr.write(
                    f"Indeks {name}: pominięto pozycje odrzucone przez silnik ({rejected}); "
                    "lista w dzienniku aplikacji i w /api/search/health/."
                )
        if failed:
            raise CommandError("Nie wszystkie indeksy zostały przebudowane.")
