"""Private storage of application files: outside MEDIA_ROOT, with no public URL."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property


@deconstructible(path="recruitment.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """Files under settings.PRIVATE_MEDIA_ROOT. They are served only by the recruitment's
    attachment view after a permission check, so `url()` refuses to build a public address."""

    def __init__(self):
        super().__init__()

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a checked view.")


private_storage = PrivateStorage()


def get_private_storage():
    """The storage of application files (a callable keeps its location out of migrations)."""
    return private_storage


def attachment_path(instance, filename):
    """applications/<application id>/<random>.<ext>: the user's file name stays in the database
    only (original_name), never in a path."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"applications/{instance.application_id}/{uuid.uuid4().hex}{suffix}"
