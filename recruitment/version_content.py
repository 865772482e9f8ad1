"""Reading a submitted version for operators: its sections with the form's labels, flat columns
for exports, and the comparison of two versions field by field.

A version's content is the JSON that `recruitment.submission.build_content` froze at submission
({section: {field: value}}, "partners" as a list, "attachments" with the files' SHA-256). The
labels come from the application form (`recruitment.application_forms`) and the JST registry,
so the operator reads what the applicant read. Keys this module does not know are still shown,
under their own name, so nothing submitted is ever hidden.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from recruitment import application_forms as af
from recruitment.models import AttachmentKind, CentreKind, Institution

# The JST's registry data frozen into the version (submission.registry_snapshot), in order.
REGISTRY_FIELDS = [
    ("name", "name"),
    ("jst_type_label", "jst_type"),
    ("teryt", "teryt"),
    ("regon", "regon"),
    ("nip", "nip"),
    ("street_address", "street_address"),
    ("postal_code", "postal_code"),
    ("city", "city"),
    ("voivodeship", None),
    ("population", "population"),
    ("population_year", "population_year"),
]
# Snapshot keys kept for machines, not shown (the label is shown instead).
HIDDEN_KEYS = {"jst_type", "files", "registry"}

TEXT_LABELS = {
    "declarations": gettext_lazy("Treść oświadczeń (z naboru)"),
    "rodo": gettext_lazy("Treść klauzuli RODO (z naboru)"),
}
# Column names for fields whose form label is a whole sentence.
EXPORT_LABELS = {
    "declarations_accepted": gettext_lazy("Oświadczenia JST złożone"),
    "rodo_acknowledged": gettext_lazy("Zapoznanie z klauzulą RODO"),
    "signed_by_proxy": gettext_lazy("Podpisuje pełnomocnik"),
}
# Free texts compared word by word; the rest are compared as whole values.
LONG_FIELDS = {"experience", "diagnosis", "motivation", "expected_results", "text"}


def registry_label(key, model_field):
    if model_field is None:
        return str(capfirst(_("województwo")))
    return str(capfirst(Institution._meta.get_field(model_field).verbose_name))


def field_label(section, key):
    """The label the applicant saw for this field (or the registry's, or the key itself)."""
    if section == "jst":
        for snapshot_key, model_field in REGISTRY_FIELDS:
            if snapshot_key == key:
                return registry_label(key, model_field)
    if key == "text" and section in TEXT_LABELS:
        return str(TEXT_LABELS[section])
    form_field = af.ApplicationForm.base_fields.get(key)
    if form_field is not None:
        return str(form_field.label)
    return key


def display_value(key, value):
    """A stored value as the operator reads it: labels for codes, "tak"/"nie", a dash for none."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("tak") if value else _("nie")
    if key == "centre_kind" and value in CentreKind.values:
        return str(CentreKind(value).label)
    return str(value)


def sector_label(value):
    return str(af.Sector.label(value)) if value else "—"


def kind_label(value):
    return str(AttachmentKind(value).label) if value in AttachmentKind.values else str(value)


@dataclass
class Row:
    key: str
    label: str
    value: object
    long: bool = False

    @property
    def text(self):
        return display_value(self.key, self.value)


@dataclass
class Section:
    key: str
    heading: str
    rows: list = field(default_factory=list)
    partners: list | None = None
    files: list | None = None


def _section_dict(content, key):
    value = content.get(key)
    return value if isinstance(value, dict) else {}


def _rows(section, values):
    """Known fields in the form's order, then any other key under its own name."""
    rows, seen = [], set()
    if section == "jst":
        registry = values.get("registry") if isinstance(values.get("registry"), dict) else {}
        for key, model_field in REGISTRY_FIELDS:
            if key in registry:
                rows.append(Row(key, registry_label(key, model_field), registry[key]))
        seen.update(("registry",))
    for key, field_section in af.FIELD_SECTIONS.items():
        if field_section == section and key in values:
            rows.append(Row(key, field_label(section, key), values[key], key in LONG_FIELDS))
            seen.add(key)
    if "text" in values:
        rows.append(Row("text", field_label(section, "text"), values["text"], True))
        seen.add("text")
    for key, value in values.items():
        if key in seen or key in HIDDEN_KEYS or isinstance(value, (dict, list)):
            continue
        rows.append(Row(key, field_label(section, key), value, key in LONG_FIELDS))
    return rows


def partner_rows(content):
    rows = content.get("partners")
    if not isinstance(rows, list):
        return []
    return [
        {"name": str(row.get("name") or ""), "sector": str(row.get("sector") or "")}
        for row in rows
        if isinstance(row, dict)
    ]


def file_rows(content):
    files = _section_dict(content, "attachments").get("files")
    if not isinstance(files, list):
        return []
    return [f for f in files if isinstance(f, dict)]


def read_sections(content):
    """The version's content in the form's sections, each with its labelled rows."""
    content = content if isinstance(content, dict) else {}
    sections = []
    for key, heading, _anchor in af.SECTIONS:
        section = Section(key, str(heading))
        if key == "partners":
            section.partners = [
                {**row, "sector_label": sector_label(row["sector"])}
                for row in partner_rows(content)
            ]
        else:
            section.rows = _rows(key, _section_dict(content, key))
        if key == "attachments":
            section.files = [
                {**f, "kind_label": kind_label(f.get("kind"))} for f in file_rows(content)
            ]
        sections.append(section)
    return sections


# --- flat columns (exports) -------------------------------------------------------------------


def flat_columns():
    """(key, label) of every field of a version, in the form's order: the export's columns."""
    # The JST's and the centre's addresses share labels: a column names whose it is.
    prefixes = {"jst": _("JST"), "centre": _("Ośrodek")}
    columns = [
        (f"jst.registry.{key}", f"{prefixes['jst']}: {registry_label(key, model_field)}")
        for key, model_field in REGISTRY_FIELDS
        # The application's own columns already give the JST's name, type, TERYT, voivodeship.
        if key not in ("name", "jst_type_label", "teryt", "voivodeship")
    ]
    for section, _heading, _anchor in af.SECTIONS:
        if section == "partners":
            columns.append(("partners", _("Instytucje planowane do PZK")))
            continue
        for key, field_section in af.FIELD_SECTIONS.items():
            if field_section == section:
                label = str(EXPORT_LABELS.get(key) or field_label(section, key))
                if section == "centre":
                    label = f"{prefixes['centre']}: {label}"
                columns.append((f"{section}.{key}", label))
    columns.append(("attachments.files", _("Załączniki (rodzaj, plik, SHA-256)")))
    return columns


def flat_values(content):
    """{column key: text or number} of one version, for `flat_columns`."""
    content = content if isinstance(content, dict) else {}
    values = {}
    jst = _section_dict(content, "jst")
    registry = jst.get("registry") if isinstance(jst.get("registry"), dict) else {}
    for key, _model_field in REGISTRY_FIELDS:
        value = registry.get(key)
        values[f"jst.registry.{key}"] = (
            value if isinstance(value, int) else display_value(key, value)
        )
    for key, section in af.FIELD_SECTIONS.items():
        values[f"{section}.{key}"] = display_value(key, _section_dict(content, section).get(key))
    values["partners"] = "; ".join(
        f"{row['name']} ({sector_label(row['sector'])})" for row in partner_rows(content)
    )
    values["attachments.files"] = "; ".join(
        f"{kind_label(f.get('kind'))}: {f.get('original_name', '')} ({f.get('sha256', '')})"
        for f in file_rows(content)
    )
    return values


# --- comparison -------------------------------------------------------------------------------


@dataclass
class FieldChange:
    label: str
    old: str
    new: str
    changed: bool
    inline: str = ""  # the word diff of a long text, as safe HTML with <del> and <ins>


@dataclass
class PartnerChange:
    position: int
    old: dict | None
    new: dict | None

    @property
    def status(self):
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed" if self.old != self.new else "unchanged"

    @property
    def status_label(self):
        return {
            "added": _("dodana"),
            "removed": _("usunięta"),
            "changed": _("zmieniona"),
            "unchanged": _("bez zmian"),
        }[self.status]


@dataclass
class FileChange:
    kind_label: str
    old: dict | None
    new: dict | None

    @property
    def status(self):
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "unchanged" if self.old.get("sha256") == self.new.get("sha256") else "changed"

    @property
    def status_label(self):
        return {
            "added": _("dodany"),
            "removed": _("usunięty"),
            "changed": _("inny plik (inna suma SHA-256)"),
            "unchanged": _("ten sam plik (ta sama suma SHA-256)"),
        }[self.status]


@dataclass
class SectionChanges:
    key: str
    heading: str
    changed: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    partners: list | None = None
    files: list | None = None

    @property
    def has_changes(self):
        if self.changed:
            return True
        rows = (self.partners or []) + (self.files or [])
        return any(row.status != "unchanged" for row in rows)


_TOKENS = re.compile(r"(\s+)")


def inline_diff(old, new):
    """The word-level diff of two texts as HTML: removed words in <del>, added in <ins>, each
    opened with a visually hidden text label, so that the change is not carried by colour or
    strike-through alone. Every piece of text is escaped."""
    old_tokens = _TOKENS.split(old)
    new_tokens = _TOKENS.split(new)
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    removed, added = _("usunięto:"), _("dodano:")
    parts = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(escape("".join(old_tokens[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            parts.append(
                format_html(
                    '<del><span class="w-sr-only">[{} </span>{}<span class="w-sr-only">]</span></del>',
                    removed,
                    "".join(old_tokens[i1:i2]),
                )
            )
        if tag in ("insert", "replace"):
            parts.append(
                format_html(
                    '<ins><span class="w-sr-only">[{} </span>{}<span class="w-sr-only">]</span></ins>',
                    added,
                    "".join(new_tokens[j1:j2]),
                )
            )
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308 - every part is escaped


def _field_changes(section, old_values, new_values):
    old_rows = {row.key: row for row in _rows(section, old_values)}
    new_rows = {row.key: row for row in _rows(section, new_values)}
    keys = list(new_rows) + [key for key in old_rows if key not in new_rows]
    changed, unchanged = [], []
    for key in keys:
        old_row, new_row = old_rows.get(key), new_rows.get(key)
        label = (new_row or old_row).label
        old_text = old_row.text if old_row else "—"
        new_text = new_row.text if new_row else "—"
        is_changed = (old_row.value if old_row else None) != (new_row.value if new_row else None)
        change = FieldChange(label, old_text, new_text, is_changed)
        if not is_changed:
            unchanged.append(change)
            continue
        if (new_row or old_row).long and old_row and new_row:
            change.inline = inline_diff(str(old_row.value or ""), str(new_row.value or ""))
        changed.append(change)
    return changed, unchanged


def compare(old_content, new_content):
    """The changes from one version to another, section by section: changed fields (long texts
    with a word diff), the unchanged ones apart, the PZK institutions row by row and the files
    by their SHA-256."""
    old_content = old_content if isinstance(old_content, dict) else {}
    new_content = new_content if isinstance(new_content, dict) else {}
    sections = []
    for key, heading, _anchor in af.SECTIONS:
        section = SectionChanges(key, str(heading))
        if key == "partners":
            old_rows, new_rows = partner_rows(old_content), partner_rows(new_content)
            section.partners = []
            for index in range(max(len(old_rows), len(new_rows))):
                old = old_rows[index] if index < len(old_rows) else None
                new = new_rows[index] if index < len(new_rows) else None
                for row in (old, new):
                    if row is not None:
                        row["sector_label"] = sector_label(row["sector"])
                section.partners.append(PartnerChange(index + 1, old, new))
        else:
            section.changed, section.unchanged = _field_changes(
                key, _section_dict(old_content, key), _section_dict(new_content, key)
            )
        if key == "attachments":
            section.files = _file_changes(file_rows(old_content), file_rows(new_content))
        sections.append(section)
    return sections


def _file_changes(old_files, new_files):
    """Files paired by their kind (one file per kind), in the order of the kinds."""

    def by_kind(files):
        grouped = {}
        for f in files:
            grouped.setdefault(str(f.get("kind", "")), []).append(f)
        return grouped

    old_by_kind, new_by_kind = by_kind(old_files), by_kind(new_files)
    kinds = list(AttachmentKind.values)
    kinds += [k for k in list(old_by_kind) + list(new_by_kind) if k not in kinds]
    changes = []
    for kind in dict.fromkeys(kinds):
        old_list, new_list = old_by_kind.get(kind, []), new_by_kind.get(kind, [])
        for index in range(max(len(old_list), len(new_list))):
            old = old_list[index] if index < len(old_list) else None
            new = new_list[index] if index < len(new_list) else None
            changes.append(FileChange(kind_label(kind), old, new))
    return changes
