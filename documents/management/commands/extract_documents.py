"""Read the text of stored files again: after an upgrade of the extraction (PDF pages kept apart
since issue #24, so that search hits name their page), or after a failure was fixed.

    manage.py extract_documents --format pdf     # every PDF
    manage.py extract_documents --failed         # the documents whose reading failed
    manage.py extract_documents --all            # every document

Each document is queued as an upload is (`documents.services.schedule_extraction`): the task
worker reads it, or this command itself when there is no worker; the search index follows."""

from django.core.management.base import BaseCommand, CommandError

from tqdm import tqdm

from documents.models import ExtractionStatus, RegistryDocument
from documents.services import schedule_extraction


class Command(BaseCommand):
    help = "Read the text of the registry's files again (all, one format, or the failed ones)."

    def add_arguments(self, parser):
        parser.add_argument("--format", help="only files with this extension, e.g. pdf")
        parser.add_argument("--failed", action="store_true", help="only failed readings")
        parser.add_argument("--all", action="store_true", help="every document")

    def handle(self, *args, **options):
        extension = (options["format"] or "").lower().lstrip(".")
        if not (extension or options["failed"] or options["all"]):
            raise CommandError("Podaj --format ROZSZERZENIE, --failed albo --all.")
        documents = RegistryDocument.objects.order_by("pk")
        if extension:
            documents = documents.filter(file__iendswith=f".{extension}")
        if options["failed"]:
            documents = documents.filter(extraction_status=ExtractionStatus.FAILED)
        ids = list(documents.values_list("pk", flat=True))
        for pk in tqdm(
            ids, desc="Odczyt tekstu", unit="dok.", disable=not ids or options["verbosity"] < 1
        ):
            schedule_extraction(RegistryDocument(pk=pk))
        self.stdout.write(f"Zlecono odczyt tekstu dokumentów: {len(ids)}")
