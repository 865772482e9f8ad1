"""Import a folder of files with a CSV of their metadata (columns: documents/README.md).

A row with a `klucz` (the source's own key) updates what it imported before: changed metadata
updates the record (with an entry in its register of changes), a changed file becomes a new
version of it, an unchanged row changes nothing. A row without a key is skipped when its file
(SHA-1) is already in the registry. `--dry-run` says what each row would do and stores nothing."""

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
from documents.services import (
    create_document,
    ensure_document_types,
    metadata_changes,
    update_metadata,
)
from documents.validation import validate_upload

REQUIRED_COLUMNS = {"plik", "tytul"}
STATUS_BY_LABEL = {str(label): value for value, label in LegalStatus.choices}
VOIVODESHIP_BY_LABEL = {str(label): value for value, label in Voivodeship.choices}


OUTCOMES = ("created", "updated", "versioned", "unchanged")
OUTCOME_LABELS = {
    "created": "utworzono",
    "updated": "zaktualizowano",
    "versioned": "nowe wersje",
    "unchanged": "bez zmian",
}
OUTCOME_LABELS_DRY_RUN = {
    "created": "do utworzenia",
    "updated": "do aktualizacji",
    "versioned": "do nowej wersji",
    "unchanged": "bez zmian",
}


# The CSV column of each field: a column absent from the file leaves the field as it is.
COLUMN_OF = {
    "title": "tytul",
    "document_type": "typ",
    "number": "numer",
    "subject": "w_sprawie",
    "issued_on": "data_wydania",
    "issuer": "wystawca",
    "partner": "partner",
    "voivodeship": "wojewodztwo",
    "legal_status": "status",
    "valid_from": "obowiazuje_od",
    "valid_to": "obowiazuje_do",
    "language": "jezyk",
    "call_reference": "nabor",
}


class RowError(Exception):
    pass


def _shown(value):
    if value in (None, ""):
        return "—"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _describe(changes):
    return "; ".join(f"{label}: „{_shown(old)}” → „{_shown(new)}”" for label, old, new in changes)


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
        counts = dict.fromkeys(OUTCOMES, 0)
        errors, notes = [], []
        progress = tqdm(
            rows,
            desc="Import",
            unit="plik",
            disable=options["verbosity"] == 0,
            file=self.stderr._out,
        )
        for line, row in enumerate(progress, start=2):
            try:
                outcome, detail = self._import_row(folder, row, dry_run)
            except RowError as exc:
                errors.append((line, row.get("plik", ""), str(exc)))
                continue
            counts[outcome] += 1
            if detail:
                notes.append((line, row.get("plik", ""), detail))
        progress.close()

        for line, filename, detail in notes:
            prefix = "[próba] " if dry_run else ""
            self.stdout.write(f"{prefix}Wiersz {line} ({filename}): {detail}")
        for line, filename, reason in errors:
            self.stderr.write(f"Wiersz {line} ({filename}): {reason}")
        labels = OUTCOME_LABELS_DRY_RUN if dry_run else OUTCOME_LABELS
        summary = ", ".join(f"{labels[key]}: {counts[key]}" for key in OUTCOMES)
        self.stdout.write(f"{summary}, błędy: {len(errors)}")
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
        """(outcome, what changed or "") of one row."""
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
        # Wagtail's file_hash is the SHA-1 of the file: the key of a file without `klucz`.
        sha1 = hashlib.sha1(data).hexdigest()  # noqa: S324 - a content key, not security
        key = (row.get("klucz") or "").strip()
        tags = [
            t.strip() for t in (row.get("tagi") or "").replace(";", ",").split(",") if t.strip()
        ]
        existing = self._keyed(key, sha1) if key else None
        if existing is None and (
            sha1 in self.seen_hashes or RegistryDocument.objects.filter(file_hash=sha1).exists()
        ):
            return "unchanged", ""
        metadata = self._metadata(row, dry_run)
        if existing is not None and existing.file_hash == sha1:
            given = {name: value for name, value in metadata.items() if COLUMN_OF.get(name) in row}
            return self._update(existing, given, tags if "tagi" in row else None, key, dry_run)
        if existing is not None:
            metadata["supersedes"] = existing
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
        if existing is not None:
            return "versioned", f"nowa wersja dokumentu „{existing.title}” (nowy plik)"
        return "created", ""

    def _keyed(self, key, sha1):
        """The current version of the document imported under `key`; else a document of the
        same file imported without a key, which takes the key now; else None."""
        current = (
            RegistryDocument.objects.filter(source_key=key, superseded_by__isnull=True)
            .order_by("-version", "-pk")
            .first()
        )
        if current is not None:
            return current
        return RegistryDocument.objects.filter(file_hash=sha1, source_key="").first()

    def _update(self, document, metadata, tags, key, dry_run):
        changes = metadata_changes(document, metadata, tags)
        if not changes and document.source_key == key:
            return "unchanged", ""
        if dry_run:
            return "updated", _describe(changes) or "klucz"
        try:
            with transaction.atomic():
                if document.source_key != key:
                    document.source_key = key
                    document.save(update_fields=["source_key"])
                update_metadata(document, metadata, tags)
        except ValidationError as exc:
            raise RowError(" ".join(exc.messages)) from None
        return "updated", _describe(changes) or "klucz"

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
