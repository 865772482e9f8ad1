"""Background tasks of the evaluation (django-tasks, as in `recruitment.tasks`)."""

from django_tasks import task


@task()
def send_result_email(result_list_id, application_id):
    """E-mail one applicant their result on a published version of the list
    (`evaluation.publication.send_result_notice`)."""
    from evaluation import publication

    return publication.send_result_notice(result_list_id, application_id)
