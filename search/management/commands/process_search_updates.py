"""Apply the index updates still waiting (e.g. after Elasticsearch was down); safe to run from cron."""

from django.core.management.base import BaseCommand

from search import indexing
from search.backends import backend_names


class Command(BaseCommand):
    help = "Wprowadza do indeksów wyszukiwania zmiany, które na nie czekają."

    def handle(self, *args, **options):
        for name in backend_names():
            applied = indexing.apply_pending(name)
            waiting = indexing.pending_count(name)
            self.stdout.write(f"Indeks {name}: wprowadzono {applied}, czeka {waiting}.")
