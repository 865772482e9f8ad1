"""The checksum a receipt shows: the canonical JSON of a submitted version and its SHA-256, which
anyone can recompute from the version's content and its files."""

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder


def canonical_json(value):
    """Sorted keys, no spaces, UTF-8 kept as it is."""
    return json.dumps(
        value, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )


def content_hash(content: Mapping[str, Any], attachment_hashes: Iterable[str]) -> str:
    """SHA-256 of the canonical JSON (sorted keys, no spaces, UTF-8) of
    {"content": content, "attachments": the files' SHA-256s sorted}: the receipt's checksum
    covers the text and every file, and anyone can recompute it from a version."""
    payload = {"content": content, "attachments": sorted(attachment_hashes)}
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()
