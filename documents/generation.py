"""Generated files (PDF through WeasyPrint, DOCX through python-docx) for demo content and benchmarks."""

import functools
import io
from html import escape


@functools.lru_cache(maxsize=64)
def pdf_bytes(title, paragraphs, subtitle=""):
    """A real, searchable PDF with a title and paragraphs (cached: the demo loads in every test)."""
    import weasyprint

    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    html = (
        '<html lang="pl"><head><meta charset="utf-8"><style>'
        "@page { size: A4; margin: 2cm; } body { font-family: 'DejaVu Sans'; font-size: 11pt; }"
        "h1 { font-size: 16pt; } .sub { color: #333; }"
        f"</style><title>{escape(title)}</title></head><body>"
        "<p class='sub'>Kooperacje 3D – model wielosektorowej współpracy na rzecz wsparcia osób "
        "i rodzin</p>"
        f"<h1>{escape(title)}</h1>"
        + (f"<p class='sub'>{escape(subtitle)}</p>" if subtitle else "")
        + body
        + "</body></html>"
    )
    return weasyprint.HTML(string=html).write_pdf()


@functools.lru_cache(maxsize=64)
def docx_bytes(title, paragraphs, subtitle=""):
    import docx

    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.language = "pl-PL"
    document.add_paragraph(
        "Kooperacje 3D – model wielosektorowej współpracy na rzecz wsparcia osób i rodzin"
    )
    document.add_heading(title, level=1)
    if subtitle:
        document.add_paragraph(subtitle)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
