"""The whole Model as one PDF, rendered from its pages with WeasyPrint."""

import logging
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone

from core.site_url import site_url

logger = logging.getLogger(__name__)

PDF_NAME = "model-kooperacje-3d.pdf"


def local_files_fetcher():
    """A WeasyPrint URL fetcher that reads /media/ and /static/ from the disk and nothing else.

    The PDF is rendered in a worker with no guarantee of network access to the site itself, and
    must never reach out to third parties; anything that is not a local file is refused (and
    WeasyPrint leaves it out of the PDF). WeasyPrint is imported here, not at module level,
    because importing it costs seconds.
    """
    from weasyprint.urls import URLFetcher

    class LocalFilesFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            path = urlparse(url).path
            local = None
            if path.startswith(settings.MEDIA_URL):
                root = Path(settings.MEDIA_ROOT).resolve()
                local = (root / path[len(settings.MEDIA_URL) :]).resolve()
                if not local.is_relative_to(root):  # "/media/../../etc/passwd"
                    local = None
            elif path.startswith(settings.STATIC_URL):
                found = finders.find(path[len(settings.STATIC_URL) :])
                local = Path(found) if found else None
            if local is None or not local.is_file():
                raise ValueError(f"Not a local file: {url}")
            return super().fetch(local.resolve().as_uri(), headers)

    return LocalFilesFetcher(allowed_protocols=["file", "http", "https"])


def quiet_weasyprint():
    """WeasyPrint logs every layout step at INFO; only its warnings matter here."""
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def render_model_html(model_page):
    """The printable HTML of the Model: title page, table of contents and every chapter."""
    from knowledge.services import model_chapters

    chapters = model_chapters(model_page)
    return render_to_string(
        "knowledge/model_pdf.html",
        {"page": model_page, "chapters": chapters, "generated_at": timezone.now()},
    )


def render_model_pdf(model_page):
    from weasyprint import HTML

    quiet_weasyprint()
    html = render_model_html(model_page)
    base_url = site_url() + "/"
    return HTML(string=html, base_url=base_url, url_fetcher=local_files_fetcher()).write_pdf()


def regenerate_model_pdf(model_page_id):
    """Render the PDF and swap it in; on failure keep the previous file and log why.

    Returns True when a new PDF was stored. The old file is deleted only after the page points
    to the new one, so a visitor never gets a link to a missing file.
    """
    from knowledge.models import ModelPage

    page = ModelPage.objects.filter(pk=model_page_id).first()
    if page is None:
        logger.warning("Model PDF not generated: no ModelPage with id %s", model_page_id)
        return False
    try:
        content = render_model_pdf(page)
        storage = page.pdf_file.storage
        name = storage.save(
            page.pdf_file.field.generate_filename(page, PDF_NAME), ContentFile(content)
        )
    except Exception:
        logger.exception(
            "Model PDF regeneration failed for page %s; keeping the previous PDF", page.pk
        )
        return False
    previous = page.pdf_file.name
    ModelPage.objects.filter(pk=page.pk).update(
        pdf_file=name, pdf_size=len(content), pdf_generated_at=timezone.now()
    )
    if previous and previous != name:
        try:
            storage.delete(previous)
        except OSError:
            logger.warning("Could not delete the previous Model PDF %s", previous)
    logger.info("Model PDF regenerated for page %s: %s (%d bytes)", page.pk, name, len(content))
    return True
