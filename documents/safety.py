"""Limits against decompression bombs: ZIP directory checks, a bounded PDF page count, settings.

A ZIP-based file (DOCX, XLSX, ODT, ODS) is judged by its central directory alone, before any
member is unpacked: member count, total and per-part unpacked size, compression ratio, archives
inside it. A PDF is judged by its page tree, walked only as far as the page limit. Upload
validation (`validation.py`) and text extraction (`extraction.py`, in the child process of
`isolation.py`) apply the same limits. Nothing here imports Django at module level; messages are
built in Polish by `refusal_message` in the Django process.
"""

import io
import struct
import zipfile
from dataclasses import dataclass, fields

MiB = 1024 * 1024

# Below this unpacked size a member cannot hurt whatever its ratio (python-docx's own 350 KB
# styles part compresses 29 times); the ratio limit applies from here up, per member and overall.
RATIO_CHECKED_FROM = 1 * MiB
# Parts a parser reads whole and builds a tree of (an XML tree takes 5–12 times the text).
MARKUP_SUFFIXES = (".xml", ".rels")
# ZIP-based members (e.g. a workbook embedded in a DOCX): their own directory is checked too,
# one level deep, and their sizes count towards the totals. Other compressed formats cannot be
# judged without unpacking them, and no legitimate document needs them.
NESTED_ZIP_SUFFIXES = (
    ".zip", ".docx", ".docm", ".dotx", ".xlsx", ".xlsm", ".pptx", ".odt", ".ods", ".odp",
    ".odg", ".jar", ".epub",
)  # fmt: skip
OTHER_ARCHIVE_SUFFIXES = (
    ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".tar", ".zst", ".cab", ".lz", ".lzma",
)  # fmt: skip
# A central-directory entry is 46 bytes plus its name and extra fields, rarely a few hundred: a
# directory declaring more than this per allowed member is refused before zipfile parses it.
DIRECTORY_BYTES_PER_MEMBER = 1024


@dataclass(frozen=True)
class Limits:
    """The limits in force; `from_settings` reads them (README.md, "Configuration")."""

    zip_max_members: int = 5_000
    zip_max_total_size: int = 200 * MiB
    zip_max_part_size: int = 20 * MiB
    zip_max_ratio: int = 100
    pdf_max_pages: int = 2_000
    extraction_timeout: float = 60
    extraction_memory: int = 512 * MiB
    # Not a setting: the text kept for search (registry.MAX_EXTRACTED_CHARS) is passed in.
    extraction_max_chars: int = 1_000_000

    @classmethod
    def from_settings(cls, **overrides):
        """The DOCUMENTS_<NAME> settings (k3d/settings/base.py), these defaults without them."""
        from django.conf import settings

        values = {
            field.name: getattr(settings, f"DOCUMENTS_{field.name.upper()}", field.default)
            for field in fields(cls)
            if field.name != "extraction_max_chars"
        }
        return cls(**{**values, **overrides})


class UnsafeFile(Exception):
    """A file beyond a limit: `code` names the limit, `params` the figures (plain values, so that
    the extraction child can hand them to its parent)."""

    def __init__(self, code, **params):
        super().__init__(code, params)
        self.code = code
        self.params = params

    def message(self):
        return refusal_message(self.code, self.params)


def refusal_message(code, params):
    """The Polish explanation of an UnsafeFile, for the uploader or the editor."""
    from django.template.defaultfilters import filesizeformat
    from django.utils.translation import gettext as _

    values = dict(params)
    if code in ("zip_total_size", "zip_part_size", "zip_directory"):
        values["size"] = filesizeformat(values["size"])
    if code in ("zip_total_size", "zip_part_size"):
        values["limit"] = filesizeformat(values["limit"])
    bomb = _("podejrzenie tzw. bomby zip")
    messages = {
        "zip_members": _(
            "Plik składa się z %(count)s spakowanych części, a dopuszczalne jest najwyżej "
            "%(limit)s (%(bomb)s)."
        ),
        "zip_directory": _(
            "Spis zawartości pliku ma %(size)s, więcej niż potrzeba na dopuszczalne %(limit)s "
            "spakowanych części (%(bomb)s)."
        ),
        "zip_total_size": _(
            "Po rozpakowaniu plik miałby %(size)s, a dopuszczalne jest najwyżej %(limit)s "
            "(%(bomb)s)."
        ),
        "zip_part_size": _(
            "Część pliku „%(name)s” po rozpakowaniu miałaby %(size)s, a dopuszczalne jest "
            "najwyżej %(limit)s (%(bomb)s)."
        ),
        "zip_ratio": _(
            "Część pliku „%(name)s” rozpakowuje się do rozmiaru %(ratio)s razy większego, a "
            "dopuszczalne jest najwyżej %(limit)s razy (%(bomb)s)."
        )
        if values.get("name")
        else _(
            "Po rozpakowaniu plik byłby %(ratio)s razy większy, a dopuszczalne jest najwyżej "
            "%(limit)s razy (%(bomb)s)."
        ),
        "zip_nested_depth": _(
            "Plik zawiera archiwum „%(name)s” zagnieżdżone w innym archiwum; dopuszczalny jest "
            "najwyżej jeden poziom zagnieżdżenia (%(bomb)s)."
        ),
        "zip_nested_other": _(
            "Plik zawiera spakowane archiwum „%(name)s”, którego nie da się sprawdzić bez "
            "rozpakowania; usuń je z pliku."
        ),
        "pdf_pages": _(
            "Plik PDF ma ponad %(limit)s stron, a dopuszczalne jest najwyżej %(limit)s."
        ),
    }
    return messages[code] % {**values, "bomb": bomb}


# --- ZIP-based formats ----------------------------------------------------------------------


def open_checked_zip(data, limits):
    """Open a ZIP-based file and check its directory before any member is unpacked.

    The sizes come from the central directory. That is enough: Python's zipfile (which
    python-docx, openpyxl and odfpy use) never unpacks more than a member's declared size and
    fails on a CRC mismatch, so a directory that lies gains nothing.
    Raises UnsafeFile, or zipfile.BadZipFile (or ValueError, OSError) for a file that is no ZIP.
    """
    handle = io.BytesIO(data) if isinstance(data, (bytes, bytearray, memoryview)) else data
    _check_end_record(handle, limits)
    archive = zipfile.ZipFile(handle)
    check_zip_directory(archive, limits)
    return archive


def _check_end_record(handle, limits):
    """Member count and directory size from the end record, before zipfile parses the directory
    (a 50 MB file could declare half a million members, which zipfile would all build)."""
    handle.seek(0, io.SEEK_END)
    size = handle.tell()
    tail_length = min(size, 22 + 0xFFFF)
    handle.seek(size - tail_length)
    tail = handle.read(tail_length)
    # The record is the last 22 bytes unless the archive has a comment (as zipfile looks).
    position = len(tail) - 22 if tail[-22:-18] == b"PK\x05\x06" else tail.rfind(b"PK\x05\x06")
    if position < 0 or position + 22 > len(tail):
        raise zipfile.BadZipFile("no end of central directory record")
    count, directory_size = struct.unpack_from("<HI", tail, position + 10)
    if (count == 0xFFFF or directory_size == 0xFFFFFFFF) and position >= 20:
        # ZIP64: the locator precedes the end record and points at the ZIP64 end record.
        locator = tail[position - 20 : position]
        if locator[:4] == b"PK\x06\x07":
            (offset,) = struct.unpack_from("<Q", locator, 8)
            handle.seek(offset)
            record = handle.read(56)
            if record[:4] == b"PK\x06\x06" and len(record) == 56:
                count, directory_size = struct.unpack_from("<QQ", record, 32)
    if count > limits.zip_max_members:
        raise UnsafeFile("zip_members", count=count, limit=limits.zip_max_members)
    if directory_size > limits.zip_max_members * DIRECTORY_BYTES_PER_MEMBER:
        raise UnsafeFile("zip_directory", size=directory_size, limit=limits.zip_max_members)
    handle.seek(0)


class _Totals:
    def __init__(self):
        self.members = 0
        self.size = 0
        self.compressed = 0


def check_zip_directory(archive, limits, depth=0, totals=None):
    """Refuse an archive whose directory promises more than the limits allow (see module doc)."""
    outer = totals is None
    totals = totals or _Totals()
    members = archive.infolist()
    totals.members += len(members)
    totals.size += sum(member.file_size for member in members)
    totals.compressed += sum(member.compress_size for member in members)
    if totals.members > limits.zip_max_members:
        raise UnsafeFile("zip_members", count=totals.members, limit=limits.zip_max_members)
    if totals.size > limits.zip_max_total_size:
        raise UnsafeFile("zip_total_size", size=totals.size, limit=limits.zip_max_total_size)
    for member in members:
        _check_member(member, limits)
    for member in members:
        name = member.filename.lower()
        if name.endswith(OTHER_ARCHIVE_SUFFIXES):
            raise UnsafeFile("zip_nested_other", name=member.filename)
        if name.endswith(NESTED_ZIP_SUFFIXES):
            _check_nested(archive, member, limits, depth, totals)
    if outer and totals.size >= RATIO_CHECKED_FROM:
        ratio = totals.size / max(totals.compressed, 1)
        if ratio > limits.zip_max_ratio:
            raise UnsafeFile("zip_ratio", name="", ratio=int(ratio), limit=limits.zip_max_ratio)


def _check_member(member, limits):
    name = member.filename.lower()
    if name.endswith(MARKUP_SUFFIXES) and member.file_size > limits.zip_max_part_size:
        raise UnsafeFile(
            "zip_part_size",
            name=member.filename,
            size=member.file_size,
            limit=limits.zip_max_part_size,
        )
    if member.file_size >= RATIO_CHECKED_FROM:
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > limits.zip_max_ratio:
            raise UnsafeFile(
                "zip_ratio", name=member.filename, ratio=int(ratio), limit=limits.zip_max_ratio
            )


def _check_nested(archive, member, limits, depth, totals):
    if depth >= 1:
        raise UnsafeFile("zip_nested_depth", name=member.filename)
    if member.flag_bits & 0x1:
        return  # encrypted: never read; upload validation refuses encrypted members
    if member.file_size > limits.zip_max_part_size:
        raise UnsafeFile(
            "zip_part_size",
            name=member.filename,
            size=member.file_size,
            limit=limits.zip_max_part_size,
        )
    data = archive.read(member)  # bounded by the size just checked
    try:
        nested = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # not an archive after all: opaque data no parser of ours opens
    with nested:
        check_zip_directory(nested, limits, depth=depth + 1, totals=totals)


# --- PDF ------------------------------------------------------------------------------------


def count_pdf_pages(reader, limit):
    """The number of pages, or limit + 1 as soon as there are more.

    pypdf's own count builds a page object for every page of the file first, and the declared
    /Count may lie; this walks the page tree and stops past the limit. A page or subtree
    referenced twice counts twice (as pypdf and viewers show it). The walk visits at most
    2 × limit + 100 nodes, so that neither a cycle nor a tree of empty nodes keeps it going.
    """
    root = reader.trailer["/Root"].get_object()["/Pages"].get_object()
    count = visits = 0
    stack = [root]
    while stack:
        for kid in stack.pop().get("/Kids") or ():
            visits += 1
            if visits > 2 * limit + 100:
                return limit + 1
            node = kid.get_object()
            if not isinstance(node, dict):
                continue
            if (node.get("/Type") or ("/Pages" if "/Kids" in node else "/Page")) == "/Pages":
                stack.append(node)
                continue
            count += 1
            if count > limit:
                return count
    return count


def check_pdf_pages(reader, limit):
    """Raise UnsafeFile beyond the page limit; return the page count otherwise."""
    count = count_pdf_pages(reader, limit)
    if count > limit:
        raise UnsafeFile("pdf_pages", limit=limit)
    return count
