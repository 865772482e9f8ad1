"""Upload safety: a file is accepted only if its content (magic bytes and a parse) matches its type.

Policy (stated in documents/README.md): encrypted or password-protected PDFs and office files are
refused, because the public cannot open them and their text cannot be searched. ZIP-based files
beyond the limits of `safety.py` are refused from their directory before anything is unpacked,
PDFs beyond the page limit from their page tree, so that a check never costs more than the limits.
"""

import io
import os
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

import magic

from . import safety

# Content type served for each allowed extension (the detected type must agree with it).
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "doc": "application/msword",
    "rtf": "application/rtf",
    "txt": "text/plain",
    "jpg": "image/jpeg",
    "png": "image/png",
}
# What libmagic may report for a genuine file of each type.
ACCEPTED_MAGIC = {
    "pdf": {"application/pdf"},
    "docx": {CONTENT_TYPES["docx"], "application/zip", "application/octet-stream"},
    "xlsx": {CONTENT_TYPES["xlsx"], "application/zip", "application/octet-stream"},
    "odt": {CONTENT_TYPES["odt"], "application/zip"},
    "ods": {CONTENT_TYPES["ods"], "application/zip"},
    "doc": {"application/msword", "application/x-ole-storage", "application/CDFV2"},
    "rtf": {"text/rtf", "application/rtf"},
    "txt": {"text/plain"},
    "jpg": {"image/jpeg"},
    "png": {"image/png"},
}
ENCRYPTED_MAGIC = {"application/encrypted", "application/CDFV2-encrypted"}
# Seconds the parse of an office file may take at upload, in the request (isolation.py).
CHECK_TIMEOUT = 10


@dataclass(frozen=True)
class CheckedFile:
    extension: str
    content_type: str
    size: int


def max_upload_size():
    return getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", 50 * 1024 * 1024)


def allowed_extensions():
    return [ext for ext in settings.WAGTAILDOCS_EXTENSIONS if ext in CONTENT_TYPES]


def _extension(name):
    ext = os.path.splitext(name or "")[1].lstrip(".").lower()
    return "jpg" if ext == "jpeg" else ext


def _read_all(uploaded):
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    return data


def validate_upload(uploaded, name=None):
    """Check an uploaded file; return CheckedFile or raise ValidationError with a Polish message."""
    name = name or getattr(uploaded, "name", "") or ""
    ext = _extension(name)
    if ext not in allowed_extensions():
        raise ValidationError(
            _("Pliki typu „%(ext)s” nie są przyjmowane. Dozwolone formaty: %(allowed)s.")
            % {
                "ext": ext or _("bez rozszerzenia"),
                "allowed": ", ".join(allowed_extensions()).upper(),
            },
            code="extension",
        )
    size = getattr(uploaded, "size", None)
    if size is None:
        uploaded.seek(0, os.SEEK_END)
        size = uploaded.tell()
        uploaded.seek(0)
    limit = max_upload_size()
    if size > limit:
        raise ValidationError(
            _("Plik jest za duży (%(size)s). Największy dopuszczalny rozmiar to %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="size",
        )
    if size == 0:
        raise ValidationError(_("Plik jest pusty."), code="empty")
    data = _read_all(uploaded)
    detected = magic.from_buffer(data[:65536], mime=True)
    if detected in ENCRYPTED_MAGIC:
        raise _encrypted()
    if detected not in ACCEPTED_MAGIC[ext]:
        raise ValidationError(
            _(
                "Zawartość pliku nie odpowiada rozszerzeniu „.%(ext)s” (rozpoznano: %(detected)s). "
                "Plik nie został zapisany."
            )
            % {"ext": ext, "detected": detected},
            code="mismatch",
        )
    PARSERS[ext](data)
    return CheckedFile(extension=ext, content_type=CONTENT_TYPES[ext], size=size)


def _encrypted():
    return ValidationError(
        _(
            "Plik jest zaszyfrowany lub chroniony hasłem. Rejestr przyjmuje tylko pliki bez hasła, "
            "aby każdy mógł je otworzyć, a ich treść była przeszukiwalna. Usuń hasło i wyślij "
            "plik ponownie."
        ),
        code="encrypted",
    )


def _corrupt(kind):
    return ValidationError(
        _("Pliku nie da się odczytać jako %(kind)s – jest uszkodzony lub ma inny format.")
        % {"kind": kind},
        code="corrupt",
    )


def check_pdf(data, max_pages=None):
    """A readable, unencrypted PDF of at most `max_pages` pages (DOCUMENTS_PDF_MAX_PAGES)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if max_pages is None:
        max_pages = safety.Limits.from_settings().pdf_max_pages
    if not data.startswith(b"%PDF-"):
        raise _corrupt("PDF")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise _encrypted()
        if safety.check_pdf_pages(reader, max_pages) == 0:
            raise _corrupt("PDF")
    except ValidationError:
        raise
    except safety.UnsafeFile as refusal:
        raise _refused(refusal) from None
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError):
        raise _corrupt("PDF") from None


def _open_zip(data, kind):
    try:
        archive = safety.open_checked_zip(data, safety.Limits.from_settings())
    except safety.UnsafeFile as refusal:
        raise _refused(refusal) from None
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise _corrupt(kind) from None
    if any(member.flag_bits & 0x1 for member in archive.infolist()):
        raise _encrypted()
    return archive


def _refused(refusal):
    return ValidationError(
        f"{refusal.message()} {_('Plik nie został zapisany.')}", code=refusal.code
    )


def _zip_bomb():
    return ValidationError(
        _(
            "Plik po rozpakowaniu byłby wielokrotnie większy niż jest (podejrzenie tzw. bomby "
            "zip). Plik nie został zapisany."
        ),
        code="zip_bomb",
    )


def _check_ooxml(data, kind, main_part):
    archive = _open_zip(data, kind)
    names = set(archive.namelist())
    if "[Content_Types].xml" not in names or main_part not in names:
        raise _corrupt(kind)
    return archive


def _parse_docx(data):
    import docx

    docx.Document(io.BytesIO(data))
    return True


def _parse_xlsx(data):
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    workbook.close()
    return True


def _parse_isolated(kind, parse, module, data):
    """Parse an office file in a limited child process (isolation.py): its directory is within
    the limits, yet a parser's worst case must not take the request's worker with it."""
    import importlib

    from . import isolation

    importlib.import_module(module)
    limits = safety.Limits.from_settings()
    outcome = isolation.call(
        parse,
        (data,),
        timeout=min(limits.extraction_timeout, CHECK_TIMEOUT),
        memory=limits.extraction_memory,
    )
    if outcome.kind == "done":
        return
    if outcome.kind in ("time", "memory"):
        raise ValidationError(
            _(
                "Sprawdzenie pliku przerwano: plik jest zbyt złożony (przekroczony limit "
                "%(limit)s). Plik nie został zapisany."
            )
            % {"limit": _("czasu") if outcome.kind == "time" else _("pamięci")},
            code="too_complex",
        )
    raise _corrupt(kind)  # python-docx and openpyxl raise many types on malformed parts


def _check_docx(data):
    _check_ooxml(data, "DOCX", "word/document.xml")
    _parse_isolated("DOCX", _parse_docx, "docx", data)


def _check_xlsx(data):
    _check_ooxml(data, "XLSX", "xl/workbook.xml")
    _parse_isolated("XLSX", _parse_xlsx, "openpyxl", data)


def _check_odf(kind, mimetype):
    def check(data):
        archive = _open_zip(data, kind)
        try:
            declared = archive.read("mimetype").decode("ascii", "replace").strip()
            manifest = archive.read("META-INF/manifest.xml")
        except KeyError:
            raise _corrupt(kind) from None
        if declared != mimetype:
            raise _corrupt(kind)
        if b"encryption-data" in manifest:
            raise _encrypted()
        if "content.xml" not in archive.namelist():
            raise _corrupt(kind)

    return check


def _check_doc(data):
    if not data.startswith(bytes.fromhex("D0CF11E0A1B11AE1")):
        raise _corrupt("DOC")
    if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o" in data[:1_000_000]:
        raise _encrypted()


def _check_rtf(data):
    if not data.lstrip().startswith(b"{\\rtf"):
        raise _corrupt("RTF")


def _check_txt(data):
    if b"\x00" in data:
        raise _corrupt(_("tekst"))
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            data.decode("cp1250")
        except UnicodeDecodeError:
            raise _corrupt(_("tekst")) from None


def _check_image(kind):
    def check(data):
        from PIL import Image

        try:
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
        except Image.DecompressionBombError:
            raise _zip_bomb() from None
        except Exception:  # Pillow raises many types on malformed images
            raise _corrupt(kind) from None

    return check


PARSERS = {
    "pdf": check_pdf,
    "docx": _check_docx,
    "xlsx": _check_xlsx,
    "odt": _check_odf("ODT", "application/vnd.oasis.opendocument.text"),
    "ods": _check_odf("ODS", "application/vnd.oasis.opendocument.spreadsheet"),
    "doc": _check_doc,
    "rtf": _check_rtf,
    "txt": _check_txt,
    "jpg": _check_image("JPG"),
    "png": _check_image("PNG"),
}


def public_document(value):
    """A document a public page may name (an event's regulations, a call's forms, a
    participant's agreement): not in a restricted collection, nor a format of such a document."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from .models import RegistryDocument
    from .private_files import is_private_collection

    document = (
        RegistryDocument.objects.select_related("collection", "format_of__collection")
        .filter(pk=getattr(value, "pk", value))
        .first()
    )
    if document is None:
        return
    main = document.format_of
    if is_private_collection(document.collection) or (
        main is not None and is_private_collection(main.collection)
    ):
        raise ValidationError(
            _("Na stronie publicznej można wskazać tylko dokument publiczny."), code="private"
        )
