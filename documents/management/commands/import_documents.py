"""Import a folder of files with a CSV of their metadata (columns: documents/README.md)."""

import csv
import datetime
import hashlib
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wagtail.models import Collection

from tqdm import tqdm

from core.choices import Voivodeship
from core.partners import Partner
from documents.models import Language, LegalStatus, RegistryDocument
from documents.services import create_document, ensure_document_types
from documents.validation import validate_upload

REQUIRED_COLUMNS = {"plik", "tytul"}
STATUS_BY_LABEL = {str(label): value for value, label in LegalStatus.choices}
VOIVODESHIP_BY_LABEL = {str(label): value for value, label in Voivodeship.choices}


class RowError(Exception):
    pass


def _date(value, column):
    value = (value or "").strip()
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise RowError(
            f"kolumna „{column}”: niepoprawna data „{value}” (oczekiwano RRRR-MM-DD)"
        ) from None


def _choice(value, column, choices, by_label=None):
    value = (value or "").strip()
    if not value:
        return ""
    valid = {v for v, _label in choices.choices}
    if value in valid:
        return value
    if by_label and value.lower() in by_label:
        return by_label[value.lower()]
    allowed = ", ".join(sorted(valid))
    raise RowError(f"kolumna „{column}”: nieznana wartość „{value}” (dozwolone: {allowed})")


class Command(BaseCommand):
    help = "Importuje pliki z katalogu wraz z metadanymi z pliku CSV (opis kolumn: documents/README.md)."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="Katalog z plikami.")
        parser.add_argument("--metadata", required=True, help="Plik CSV z metadanymi (UTF-8).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Tylko sprawdź pliki i wiersze, nic nie zapisuj."
        )
        parser.add_argument("--collection", default="", help="Nazwa kolekcji docelowej.")

    def handle(self, *args, folder, metadata, dry_run, collection, **options):
        folder = Path(folder)
        if not folder.is_dir():
            raise CommandError(f"Katalog „{folder}” nie istnieje.")
        try:
            with open(metadata, newline="", encoding="utf-8-sig") as handle:
                sample = handle.read(4096)
                handle.seek(0)
                dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample else csv.excel
                rows = list(csv.DictReader(handle, dialect=dialect))
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise CommandError(f"Nie można odczytać pliku CSV „{metadata}”: {exc}") from exc
        if rows and not REQUIRED_COLUMNS.issubset(rows[0].keys()):
            missing = ", ".join(sorted(REQUIRED_COLUMNS - set(rows[0].keys())))
            raise CommandError(f"W pliku CSV brakuje kolumn: {missing}.")

        self.types = ensure_document_types() if not dry_run else {}
        self.target = self._collection(collection)
        self.seen_hashes = set()
        created = skipped = 0
        errors = []
        progress = tqdm(
            rows,
            desc="Import",
            unit="plik",
            disable=options["verbosity"] == 0,
            file=self.stderr._out,
        )
        for line, row in enumerate(progress, start=2):
            try:
                outcome = self._import_row(folder, row, dry_run)
            except RowError as exc:
                errors.append((line, row.get("plik", ""), str(exc)))
                continue
            if outcome == "created":
                created += 1
            else:
                skipped += 1
        progress.close()

        for line, filename, reason in errors:
            self.stderr.write(f"Wiersz {line} ({filename}): {reason}")
        verb = "do zaimportowania" if dry_run else "zaimportowano"
        self.stdout.write(
            f"{verb}: {created}, pominięto (już w rejestrze): {skipped}, błędy: {len(errors)}"
        )
        if errors:
            raise CommandError(f"Import zakończony z błędami: {len(errors)}.")

    def _collection(self, name):
        if not name:
            return Collection.get_first_root_node()
        found = Collection.objects.filter(name=name).first()
        if found is None:
            raise CommandError(f"Kolekcja „{name}” nie istnieje.")
        return found

    def _import_row(self, folder, row, dry_run):
        name = (row.get("plik") or "").strip()
        title = (row.get("tytul") or "").strip()
        if not name:
            raise RowError("pusta kolumna „plik”")
        if not title:
            raise RowError("pusta kolumna „tytul”")
        path = (folder / name).resolve()
        if folder.resolve() not in path.parents or not path.is_file():
            raise RowError(f"brak pliku „{name}” w katalogu")
        data = path.read_bytes()
        # Idempotence by content: Wagtail's file_hash is the SHA-1 of the file.
        sha1 = hashlib.sha1(data).hexdigest()  # noqa: S324 - a content key, not security
        if sha1 in self.seen_hashes or RegistryDocument.objects.filter(file_hash=sha1).exists():
            return "skipped"
        metadata = self._metadata(row, dry_run)
        tags = [
            t.strip() for t in (row.get("tagi") or "").replace(";", ",").split(",") if t.strip()
        ]
        try:
            if dry_run:
                from django.core.files.base import ContentFile

                validate_upload(ContentFile(data, name=path.name), name=path.name)
            else:
                with transaction.atomic():
                    create_document(data, path.name, metadata, tags=tags, collection=self.target)
        except ValidationError as exc:
            raise RowError(" ".join(exc.messages)) from None
        self.seen_hashes.add(sha1)
        return "created"

    def _metadata(self, row, dry_run):
        type_value = (row.get("typ") or "").strip()
        document_type = None
        if type_value:
            from documents.models import DocumentType

            document_type = DocumentType.objects.filter(slug=type_value).first() or (
                DocumentType.objects.filter(name__iexact=type_value).first()
            )
            if document_type is None:
                raise RowError(f"kolumna „typ”: nieznany typ dokumentu „{type_value}”")
        metadata = {
            "title": row["tytul"].strip()[:255],
            "document_type": document_type,
            "number": (row.get("numer") or "").strip(),
            "subject": (row.get("w_sprawie") or "").strip(),
            "issued_on": _date(row.get("data_wydania"), "data_wydania"),
            "issuer": (row.get("wystawca") or "").strip(),
            "partner": _choice(row.get("partner"), "partner", Partner),
            "voivodeship": _choice(
                row.get("wojewodztwo"), "wojewodztwo", Voivodeship, VOIVODESHIP_BY_LABEL
            ),
            "legal_status": _choice(row.get("status"), "status", LegalStatus, STATUS_BY_LABEL)
            or LegalStatus.IN_FORCE,
            "valid_from": _date(row.get("obowiazuje_od"), "obowiazuje_od"),
            "valid_to": _date(row.get("obowiazuje_do"), "obowiazuje_do"),
            "language": _choice(row.get("jezyk"), "jezyk", Language) or Language.POLISH,
            "call_reference": (row.get("nabor") or "").strip(),
            "source_key": (row.get("klucz") or "").strip(),
        }
        supersedes = (row.get("zastepuje") or "").strip()
        if supersedes:
            previous = (
                RegistryDocument.objects.filter(number=supersedes, superseded_by__isnull=True)
                .order_by("-version")
                .first()
            )
            if previous is None and not dry_run:
                raise RowError(f"kolumna „zastepuje”: brak dokumentu o numerze „{supersedes}”")
            metadata["supersedes"] = previous
        return metadata
