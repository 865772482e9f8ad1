"""Shared pieces of the application tests: a complete form POST, files, firing transitions."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.generation import pdf_bytes

FULL_FORM = {
    "contact_name": "Jan Kowalski",
    "contact_position": "Kierownik referatu",
    "contact_email": "jan.kowalski@example.pl",
    "contact_phone": "77 123 45 67",
    "centre_name": "Miejski Ośrodek Pomocy Społecznej w Brzegu",
    "centre_kind": "ops",
    "centre_head": "Anna Nowak",
    "centre_street_address": "ul. Rynek 2",
    "centre_postal_code": "49-300",
    "centre_city": "Brzeg",
    "centre_email": "mops@example.pl",
    "centre_phone": "77 000 00 00",
    "experience": "Od 2015 r. zespół interdyscyplinarny z policją i szkołami.",
    "diagnosis": "Bezrobocie długotrwałe i ubóstwo rodzin z dziećmi.",
    "motivation": "Chcemy uporządkować współpracę instytucji.",
    "expected_results": "Wspólne plany pomocy dla 50 rodzin.",
    "declarations_accepted": "on",
    "rodo_acknowledged": "on",
    "partners-TOTAL_FORMS": "2",
    "partners-INITIAL_FORMS": "0",
    "partners-MIN_NUM_FORMS": "0",
    "partners-MAX_NUM_FORMS": "30",
    "partners-0-name": "Komenda Powiatowa Policji w Brzegu",
    "partners-0-sector": "police",
    "partners-1-name": "Powiatowy Urząd Pracy w Brzegu",
    "partners-1-sector": "labour",
}


def form_data(**changes):
    data = dict(FULL_FORM)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def signed_pdf(name="formularz-podpisany.pdf"):
    return SimpleUploadedFile(
        name,
        pdf_bytes("Formularz zgłoszeniowy – podpisany", ("Podpisano.",)),
        content_type="application/pdf",
    )


def png_file(name="skan.png"):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def url(name, application, **kwargs):
    return reverse(f"recruitment:{name}", args=[application.pk], **kwargs)


def attach_signed_form(client, application, data=None):
    payload = dict(data or FULL_FORM)
    payload["action"] = "upload"
    payload["signed_form"] = signed_pdf()
    return client.post(url("application", application), payload)


def request_supplement(application, operator, reason="Brak podpisu skarbnika."):
    from recruitment import workflow

    workflow.fire(application, "start_formal_check", operator)
    return workflow.fire(application, "request_supplement", operator, reason=reason)
