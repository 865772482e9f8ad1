"""Models of the documents registry."""

from core.partners import Partner

from .choices import (
    DEFAULT_DOCUMENT_TYPES,
    ExtractionStatus,
    Language,
    LegalStatus,
    ModerationState,
)
from .registry import DocumentChange, DocumentType, RegistryDocument

__all__ = [
    "DEFAULT_DOCUMENT_TYPES",
    "DocumentChange",
    "DocumentType",
    "ExtractionStatus",
    "Language",
    "LegalStatus",
    "ModerationState",
    "Partner",
    "RegistryDocument",
]
