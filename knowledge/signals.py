"""Signal handlers: regenerate the Model's PDF when the Model or one of its chapters is published."""

from django.db import connection, transaction
from django.db.models.signals import post_delete

from wagtail.signals import page_published, page_unpublished


class _RegenerateOnCommit:
    """One pending regeneration per Model and transaction, however many pages were published."""

    def __init__(self, model_page_id):
        self.model_page_id = model_page_id
        self.done = False

    def __call__(self):
        from knowledge.tasks import regenerate_model_pdf_task

        self.done = True
        regenerate_model_pdf_task.enqueue(self.model_page_id)


def schedule_model_pdf(model_page_id):
    """Enqueue the PDF after the transaction commits, so the task sees the published pages."""
    if connection.in_atomic_block:
        for _savepoints, callback, _robust in connection.run_on_commit:
            if (
                isinstance(callback, _RegenerateOnCommit)
                and callback.model_page_id == model_page_id
                and not callback.done
            ):
                return
    transaction.on_commit(_RegenerateOnCommit(model_page_id))


def model_page_id_for(page):
    from knowledge.models import ModelChapterPage, ModelPage

    if isinstance(page, ModelPage):
        return page.pk
    if isinstance(page, ModelChapterPage):
        # By path rather than get_parent(): on a cascade delete the parent may be gone already.
        parent_path = page.path[: -page.steplen]
        return ModelPage.objects.filter(path=parent_path).values_list("pk", flat=True).first()
    return None


def on_page_changed(sender, instance, **kwargs):
    model_page_id = model_page_id_for(instance)
    if model_page_id is not None:
        schedule_model_pdf(model_page_id)


def connect():
    from knowledge.models import ModelChapterPage, ModelPage

    for model in (ModelPage, ModelChapterPage):
        page_published.connect(
            on_page_changed, sender=model, dispatch_uid=f"k3d-model-pdf-published-{model.__name__}"
        )
    # A withdrawn chapter must disappear from the PDF too.
    page_unpublished.connect(
        on_page_changed, sender=ModelChapterPage, dispatch_uid="k3d-model-pdf-unpublished"
    )
    post_delete.connect(
        on_page_changed, sender=ModelChapterPage, dispatch_uid="k3d-model-pdf-deleted"
    )
