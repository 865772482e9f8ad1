"""System checks of the registry: text extraction needs a task worker in production."""

from django.core.checks import Warning, register


@register("documents", deploy=True)
def extraction_has_a_worker(app_configs, **kwargs):
    """`check --deploy`: with the immediate backend the extraction runs inside the upload request
    (held to services.IN_REQUEST_TIMEOUT seconds, so that its text may be cut short)."""
    from .services import IN_REQUEST_TIMEOUT, extraction_runs_in_request

    if not extraction_runs_in_request():
        return []
    return [
        Warning(
            "Text extraction of uploaded documents runs inside the upload request "
            f"(TASKS_BACKEND=immediate), limited to {IN_REQUEST_TIMEOUT} s.",
            hint="Set TASKS_BACKEND=database and run `manage.py db_worker`.",
            id="documents.W001",
        )
    ]
