"""Wagtail's `publish_scheduled` (pages and snippets), and then the registry documents approved
for a time that has come (documents.moderation.publish_due). One cron line does both:
`* * * * * … manage.py publish_scheduled` (README, "Editing content"). A failure of Wagtail's part
does not keep the documents from being published: it is raised again after them."""

from django.utils import timezone

from wagtail.management.commands.publish_scheduled import Command as WagtailCommand

from documents.models import ModerationState, RegistryDocument
from documents.moderation import publish_due


class Command(WagtailCommand):
    help = "Publish scheduled pages, snippets and registry documents whose time has come."

    def handle(self, *args, **options):
        try:
            super().handle(*args, **options)
        except Exception:
            self.handle_documents(options)
            raise
        self.handle_documents(options)

    def handle_documents(self, options):
        if options["dryrun"]:
            due = RegistryDocument.objects.filter(
                moderation_state=ModerationState.SCHEDULED, go_live_at__lte=timezone.now()
            )
            for document in due.order_by("go_live_at", "pk"):
                self.stdout.write(f"Dokument do opublikowania: {document.pk} {document.title}")
            return
        count = publish_due()
        if count:
            self.stdout.write(f"Opublikowano dokumenty rejestru: {count}")
