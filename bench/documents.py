"""Benchmark of the documents registry: imports generated ten-page PDFs and prints files/s and peak
memory, then measures text extraction and the public listing with three facets at 10,000 documents.

    make bench-documents            # or: .venv/bin/python bench/documents.py [--files 1000]

It uses its own SQLite database and media folder in a temporary directory, never db.sqlite3.
The import runs as in production (TASKS_BACKEND=database): files are checked, stored and their
text extraction queued; extraction is then measured by the database worker on a sample
(`--extract all` processes the whole queue).
"""

import argparse
import csv
import io
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup(workdir):
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "k3d.settings.dev"
    os.environ["DEBUG"] = "false"
    os.environ["TASKS_BACKEND"] = "database"
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    import django

    django.setup()


def _generate(folder, count, pages):
    """Ten base PDFs from WeasyPrint, then unique copies (distinct metadata, so distinct hashes)."""
    from pypdf import PdfReader, PdfWriter

    from documents.generation import pdf_bytes

    paragraph = (
        "Partnerski Zespół Kooperacyjny spotyka się raz w miesiącu; ośrodek pomocy społecznej, "
        "szkoła, poradnia i policja uzgadniają wspólne działania na rzecz rodziny. "
    ) * 6
    bases = [
        pdf_bytes(f"Sprawozdanie z pilotażu nr {n}", tuple([paragraph] * (pages * 4 + 2)))
        for n in range(10)
    ]
    for n in range(count):
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(bases[n % 10])))
        writer.add_metadata({"/Title": f"Dokument testowy {n}", "/Subject": f"bench-{n}"})
        with open(folder / f"dokument-{n:05d}.pdf", "wb") as handle:
            writer.write(handle)
    return len(PdfReader(io.BytesIO(bases[0])).pages)


def _write_csv(folder, count):
    path = folder / "metadane.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["plik", "tytul", "typ", "data_wydania", "wojewodztwo", "tagi"])
        for n in range(count):
            writer.writerow(
                [
                    f"dokument-{n:05d}.pdf",
                    f"Sprawozdanie {n}",
                    random.choice(["regulamin", "raport", "formularz", "informacja"]),
                    f"{random.choice([2018, 2019, 2020])}-0{random.randint(1, 9)}-15",
                    random.choice(["opolskie", "śląskie", "łódzkie", "małopolskie"]),
                    random.choice(["nabór JST", "pilotaż", "konferencja"]),
                ]
            )
    return path


def _listing_at(total):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from documents.models import DocumentType, RegistryDocument
    from documents.services import ensure_document_types

    types = list(ensure_document_types().values())
    sample = RegistryDocument.objects.first()
    missing = total - RegistryDocument.objects.count()
    batch = []
    for n in range(max(missing, 0)):
        batch.append(
            RegistryDocument(
                title=f"Dokument {n}",
                file=sample.file.name,
                file_size=sample.file_size,
                collection_id=sample.collection_id,
                document_type=random.choice(types),
                issued_on=f"{random.choice([2018, 2019, 2020])}-03-01",
                voivodeship=random.choice(["10", "12", "16", "24"]),
                extraction_status="done",
            )
        )
    RegistryDocument.objects.bulk_create(batch, batch_size=1000)
    assert DocumentType.objects.exists()
    client = Client()
    url = "/dokumenty/?typ=raport&wojewodztwo=16&rok=2019"
    client.get(url)  # warm caches (menu, site)
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
    return RegistryDocument.objects.count(), response.status_code, len(queries), elapsed


def _extraction(limit, pages):
    """Time text extraction (the background task) on a sample or on the whole queue."""
    from documents.models import ExtractionStatus, RegistryDocument
    from documents.services import run_extraction

    pending = RegistryDocument.objects.filter(extraction_status=ExtractionStatus.PENDING)
    if limit == "all":
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "manage.py", "db_worker", "--batch"],
            cwd=ROOT,
            env=dict(os.environ),
            capture_output=True,
        )
        count = RegistryDocument.objects.filter(extraction_status=ExtractionStatus.DONE).count()
    else:
        ids = list(pending.values_list("pk", flat=True)[: int(limit)])
        start = time.perf_counter()
        for pk in ids:
            run_extraction(pk)
        count = len(ids)
    elapsed = time.perf_counter() - start
    if count:
        print(
            f"text extraction: {count} files in {elapsed:.1f} s = {count / elapsed:.2f} files/s "
            f"({count * pages / elapsed:.1f} pages/s, one worker)"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--listing-documents", type=int, default=10_000)
    parser.add_argument(
        "--extract", default="20", help="how many queued extractions to time, or 'all'"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="k3d-bench-documents-") as tmp:
        workdir = Path(tmp)
        files = workdir / "pliki"
        files.mkdir()
        _setup(workdir)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        start = time.perf_counter()
        pages = _generate(files, args.files, args.pages)
        print(
            f"generated {args.files} PDFs of {pages} pages in {time.perf_counter() - start:.1f} s"
        )
        metadata = _write_csv(files, args.files)

        command = [
            sys.executable,
            "manage.py",
            "import_documents",
            str(files),
            "--metadata",
            str(metadata),
            "--verbosity",
            "0",
        ]
        env = dict(os.environ)
        start = time.perf_counter()
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(result.stdout.strip())
        if result.returncode:
            print(result.stderr[-2000:])
            sys.exit(result.returncode)
        print(
            f"import: {args.files} files in {elapsed:.1f} s = {args.files / elapsed:.1f} files/s "
            f"(content checks, storage, metadata, extraction queued), "
            f"peak memory of the import process {peak_kib / 1024:.0f} MiB"
        )
        start = time.perf_counter()
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        print(
            f"second run (idempotent): {result.stdout.strip()} in {time.perf_counter() - start:.1f} s"
        )

        _extraction(args.extract, pages)

        total, status, queries, seconds = _listing_at(args.listing_documents)
        print(
            f"listing /dokumenty/ with three facets at {total} documents: HTTP {status}, "
            f"{queries} SQL queries, {seconds * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
