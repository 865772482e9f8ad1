"""Hostile files built in the test, as an attacker would: decompression bombs and endless PDFs.

Each is built once per run (lru_cache): the DOCX bomb takes under a second, the PDFs less.
"""

import functools
import io
import os
import zipfile

from documents.generation import docx_bytes, pdf_bytes

MiB = 1024 * 1024
PARAGRAPH = b"<w:p><w:r><w:t>Kooperacje 3D</w:t></w:r></w:p>"


@functools.lru_cache(maxsize=1)
def docx_bomb():
    """The DOCX of the issue: 1.7 MB that passed the old checks (300 MB, ratio 150 overall).

    word/document.xml unpacks to 190 MB of tiny paragraphs (1.2 GB and 10 s to parse), and
    1 MB of random bytes posing as an image brings the ratio of the whole file down to 121.
    """

    def fill(member):
        chunk = PARAGRAPH * (MiB // len(PARAGRAPH))
        for _ in range(190):
            member.write(chunk)

    return rebuild_docx(
        replace={"word/document.xml": fill}, extra={"word/media/image1.png": os.urandom(MiB)}
    )


def rebuild_docx(replace=None, extra=None, base=None):
    """A genuine DOCX with some members' bodies written by functions and extra members added.

    A function in `replace` writes the paragraphs of word/document.xml into its body.
    """
    base = base or docx_bytes("Formularz zgłoszeniowy", ("Karta zgłoszenia gminy Brzeg.",))
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            writer = (replace or {}).get(item.filename)
            if writer is None:
                target.writestr(item, data)
                continue
            head, body, tail = data.partition(b"<w:body>")
            with target.open(item.filename, "w", force_zip64=True) as member:
                member.write(head + body)
                writer(member)
                member.write(tail)
        for name, payload in (extra or {}).items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, payload)
    return buffer.getvalue()


def zip_of(members):
    """A ZIP of these members, deflated except "mimetype" (stored first, as ODF wants)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, payload in members.items():
            stored = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, payload, compress_type=stored)
    return buffer.getvalue()


@functools.lru_cache(maxsize=4)
def pdf_of_pages(count):
    """A PDF whose one page of text is repeated `count` times (20,000 pages in 130 KB)."""
    from pypdf import PdfReader, PdfWriter

    base = pdf_bytes(
        "Sprawozdanie z pilotażu",
        ("Partnerski Zespół Kooperacyjny spotyka się raz w miesiącu w Kluczborku.",),
    )
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(base)))
    page = writer.pages[0]
    for _ in range(count - 1):
        writer.add_page(page)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@functools.lru_cache(maxsize=2)
def odt_with_paragraphs(count):
    """A genuine ODT of `count` short paragraphs: odfpy builds its whole tree before the first
    paragraph is read, about 60,000 paragraphs a second."""
    paragraphs = "".join(f"<text:p>Akapit {n}: zespół w Nysie.</text:p>" for n in range(count))
    mimetype = "application/vnd.oasis.opendocument.text"
    return zip_of(
        {
            "mimetype": mimetype,
            "META-INF/manifest.xml": (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
                'manifest:1.0"><manifest:file-entry manifest:full-path="/" '
                f'manifest:media-type="{mimetype}"/><manifest:file-entry '
                'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>"
            ),
            "content.xml": (
                '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
                'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
                f'office:version="1.2"><office:body><office:text>{paragraphs}'
                "</office:text></office:body></office:document-content>"
            ),
        }
    )


@functools.lru_cache(maxsize=1)
def docx_dense_at_the_part_limit():
    """A DOCX whose document part unpacks to 19.5 MB of tiny numbered paragraphs: within every
    limit (ratio 16), yet python-docx needs over 200 MB for it."""

    def fill(member):
        written, n = 0, 0
        while written < 19.5 * MiB:
            chunk = b"".join(
                b"<w:p><w:r><w:t>%d</w:t></w:r></w:p>" % number for number in range(n, n + 1000)
            )
            member.write(chunk)
            written += len(chunk)
            n += 1000

    return rebuild_docx(replace={"word/document.xml": fill})
