"""Helpers for idempotent demo content: pages are found by slug under their parent."""

import functools
import io

from wagtail.models import Orderable, Page
from wagtail.rich_text import RichText


def rich(html):
    return RichText(html)


def upsert_page(parent, model, slug, refresh=False, **fields):
    """Create the page under parent if missing; with refresh, overwrite its fields and republish.

    Returns (page, created). Inline rows (Orderables) given as lists keep the order of the list.
    """
    for value in fields.values():
        if isinstance(value, list):
            for position, row in enumerate(value):
                if isinstance(row, Orderable) and row.sort_order is None:
                    row.sort_order = position
    existing = Page.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None and not isinstance(existing.specific, model):
        # An earlier demo kept this slug on another page type; the new type takes its place.
        existing.delete()
        existing = None
    if existing is not None:
        page = existing.specific
        if not refresh:
            return page, False
        for name, value in fields.items():
            setattr(page, name, value)
        page.save_revision().publish()
        return page, False
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


@functools.cache
def _placeholder_png(text, colour):
    """PNG bytes of a generated illustration; made once per process (tests load the demo often)."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    canvas = PILImage.new("RGB", (1200, 800), colour)
    draw = ImageDraw.Draw(canvas)
    for i in range(0, 1200, 80):
        draw.line([(i, 800), (i + 400, 0)], fill=(255, 255, 255), width=3)
    draw.rectangle([(80, 300), (1120, 500)], fill=(255, 255, 255))
    draw.text((110, 380), text, fill=(0, 0, 0))
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    return buffer.getvalue()


def placeholder_image(title, text, colour, collection=None, alt_text=""):
    """A generated illustration (no photos ship with the demo); found again by its title."""
    from django.core.files.images import ImageFile

    from wagtail.images import get_image_model

    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing:
        return existing
    kwargs = {"title": title, "alt_text": alt_text}
    if collection is not None:
        kwargs["collection"] = collection
    filename = "".join(c if c.isalnum() else "-" for c in title.lower())[:40] + ".png"
    image = image_model(
        file=ImageFile(io.BytesIO(_placeholder_png(text, colour)), name=filename), **kwargs
    )
    image.save()
    return image
