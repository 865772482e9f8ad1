"""The PDF of the whole Model: generated on publish, served with format and size, kept on failure."""

import io
import logging

from django.core.files.storage import default_storage

import pytest
from pypdf import PdfReader

from knowledge import pdf as model_pdf
from knowledge.models import ModelChapterPage, ModelPage


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def pdf_log():
    handler = _Records()
    logger = logging.getLogger("knowledge.pdf")
    logger.addHandler(handler)
    yield handler.records
    logger.removeHandler(handler)


def _pdf_text(name):
    with default_storage.open(name, "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def _publish(page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()


@pytest.mark.django_db
def test_publishing_a_chapter_generates_the_pdf_of_the_whole_model(
    client, knowledge_demo, django_capture_on_commit_callbacks
):
    model = ModelPage.objects.get()
    assert not model.pdf_file
    chapter = ModelChapterPage.objects.get(slug="kontrakt-socjalny")
    chapter.title = "Wielosektorowy kontrakt socjalny (wersja 2)"
    _publish(chapter, django_capture_on_commit_callbacks)

    model.refresh_from_db()
    assert model.pdf_file.name.startswith("model/") and model.pdf_size > 1000
    text = _pdf_text(model.pdf_file.name)
    assert "Model Kooperacje 3D" in text
    assert "Wielosektorowy kontrakt socjalny (wersja 2)" in text
    assert "Poziom klienta: zindywidualizowana diagnoza potrzeb" in text
    assert "Spis treści" in text

    html = client.get("/model/").content.decode()
    assert 'href="/model/pdf/"' in html
    assert f"(PDF, {model.pdf_size // 1024}" in html
    response = client.get("/model/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db
def test_publishing_the_model_and_chapters_together_renders_once(
    knowledge_demo, django_capture_on_commit_callbacks, monkeypatch
):
    calls = []
    monkeypatch.setattr(
        model_pdf, "render_model_pdf", lambda page: calls.append(page.pk) or b"%PDF"
    )
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            ModelPage.objects.get().save_revision().publish()
            for chapter in ModelChapterPage.objects.all()[:3]:
                chapter.save_revision().publish()
    assert calls == [ModelPage.objects.get().pk]


@pytest.mark.django_db
def test_failed_regeneration_keeps_the_previous_pdf_and_logs_it(
    client, knowledge_demo, django_capture_on_commit_callbacks, monkeypatch, pdf_log
):
    model = ModelPage.objects.get()
    _publish(model, django_capture_on_commit_callbacks)
    model.refresh_from_db()
    previous_name, previous_size = model.pdf_file.name, model.pdf_size
    assert previous_name

    def broken(page):
        raise RuntimeError("WeasyPrint nie działa")

    monkeypatch.setattr(model_pdf, "render_model_pdf", broken)
    _publish(ModelChapterPage.objects.first(), django_capture_on_commit_callbacks)

    model.refresh_from_db()
    assert (model.pdf_file.name, model.pdf_size) == (previous_name, previous_size)
    assert default_storage.exists(previous_name)
    failures = [r for r in pdf_log if r.levelno == logging.ERROR]
    assert len(failures) == 1
    assert "keeping the previous PDF" in failures[0].getMessage()
    # The page still links to a PDF that answers.
    assert 'href="/model/pdf/"' in client.get("/model/").content.decode()
    response = client.get("/model/pdf/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db
def test_failed_storage_keeps_the_previous_pdf(
    knowledge_demo, django_capture_on_commit_callbacks, monkeypatch, pdf_log
):
    model = ModelPage.objects.get()
    _publish(model, django_capture_on_commit_callbacks)
    model.refresh_from_db()
    previous = model.pdf_file.name

    def full_disk(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(default_storage, "save", full_disk)
    assert model_pdf.regenerate_model_pdf(model.pk) is False
    model.refresh_from_db()
    assert model.pdf_file.name == previous
    assert any(r.levelno == logging.ERROR for r in pdf_log)


@pytest.mark.django_db
def test_successful_regeneration_replaces_the_file_and_removes_the_old_one(
    knowledge_demo, django_capture_on_commit_callbacks
):
    model = ModelPage.objects.get()
    _publish(model, django_capture_on_commit_callbacks)
    model.refresh_from_db()
    first = model.pdf_file.name
    assert model_pdf.regenerate_model_pdf(model.pk) is True
    model.refresh_from_db()
    assert model.pdf_file.name != first
    assert default_storage.exists(model.pdf_file.name)
    assert not default_storage.exists(first)


@pytest.mark.django_db
def test_unpublished_chapter_is_left_out_of_the_pdf(
    knowledge_demo, django_capture_on_commit_callbacks
):
    chapter = ModelChapterPage.objects.get(slug="animator-i-ekspert")
    with django_capture_on_commit_callbacks(execute=True):
        chapter.unpublish()
    model = ModelPage.objects.get()
    assert model.pdf_file
    assert "Wsparcie JST: animator" not in _pdf_text(model.pdf_file.name)
    assert "Założenia Modelu Kooperacje 3D" in _pdf_text(model.pdf_file.name)


def test_pdf_renderer_reads_media_from_disk_and_never_fetches_from_the_network(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    (tmp_path / "obraz.txt").write_bytes(b"lokalny plik")
    fetcher = model_pdf.local_files_fetcher()
    response = fetcher.fetch(settings.WAGTAILADMIN_BASE_URL + "/media/obraz.txt")
    assert response.read() == b"lokalny plik"
    with pytest.raises(ValueError):
        fetcher.fetch("https://example.com/obraz.png")
    with pytest.raises(ValueError):
        fetcher.fetch(settings.WAGTAILADMIN_BASE_URL + "/media/" + "../" * 30 + "etc/passwd")


@pytest.mark.django_db
def test_publishing_an_older_revision_keeps_the_current_pdf(
    client, knowledge_demo, django_capture_on_commit_callbacks, monkeypatch
):
    model = ModelPage.objects.get()
    old_revision = model.latest_revision  # saved before any PDF existed
    _publish(model, django_capture_on_commit_callbacks)
    model.refresh_from_db()
    current = model.pdf_file.name
    monkeypatch.setattr(model_pdf, "render_model_pdf", lambda page: 1 / 0)
    with django_capture_on_commit_callbacks(execute=True):
        old_revision.publish()
    model.refresh_from_db()
    assert model.pdf_file.name == current
    assert client.get("/model/pdf/").status_code == 200


@pytest.mark.django_db
def test_a_pdf_file_missing_from_disk_is_not_linked(
    client, knowledge_demo, django_capture_on_commit_callbacks
):
    model = ModelPage.objects.get()
    _publish(model, django_capture_on_commit_callbacks)
    model.refresh_from_db()
    default_storage.delete(model.pdf_file.name)
    html = client.get("/model/").content.decode()
    assert "/model/pdf/" not in html
    assert client.get("/model/pdf/").status_code == 404


@pytest.mark.django_db
def test_deleting_a_chapter_regenerates_the_pdf(knowledge_demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ModelChapterPage.objects.get(slug="rozwoj-kompetencji").delete()
    model = ModelPage.objects.get()
    text = _pdf_text(model.pdf_file.name)
    assert "Szkolenia, coaching, superwizja" not in text
    assert "Wielosektorowy kontrakt socjalny" in text
