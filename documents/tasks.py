"""Background tasks of the registry (django-tasks, as Wagtail 8 ships it)."""

from django_tasks import task


@task()
def extract_document_text(document_id):
    from documents.services import run_extraction

    return run_extraction(document_id)
