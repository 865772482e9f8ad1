"""Background tasks of the knowledge area (django-tasks)."""

from django_tasks import task


@task()
def regenerate_model_pdf_task(model_page_id):
    from knowledge.pdf import regenerate_model_pdf

    return regenerate_model_pdf(model_page_id)
