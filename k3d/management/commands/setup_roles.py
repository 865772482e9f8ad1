"""Create the role groups, their permissions and the content moderation workflow."""

from django.core.management.base import BaseCommand

from portal.accounts import ensure_moderation_workflow, ensure_role_groups
from recruitment.roles import ensure_recruitment_permissions


class Command(BaseCommand):
    help = "Tworzy grupy ról, ich uprawnienia i proces moderacji treści (bezpieczne wielokrotnie)."

    def handle(self, *args, **options):
        groups = ensure_role_groups()
        workflow = ensure_moderation_workflow(groups)
        ensure_recruitment_permissions()
        self.stdout.write(f"Grupy: {', '.join(groups)}")
        if workflow is None:
            self.stderr.write("Brak domyślnej witryny: proces moderacji nie został przypisany.")
        else:
            self.stdout.write(f"Proces moderacji: {workflow.name}")
