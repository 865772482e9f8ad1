"""Background tasks of the registry (django-tasks, as Wagtail 8 ships it). Each is defined
beside the work it runs; this module names them for jobs queued under this path before."""

from documents.services import extract_document_text

__all__ = ["extract_document_text"]
