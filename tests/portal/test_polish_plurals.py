"""Polish counted strings: every one in the code has its three forms in the catalogue
(locale/pl/LC_MESSAGES/django.po, compiled by `make install`), and each renders right for 1, 2,
5, 12, 22 and 25 — „1 błąd”, „2 błędy”, „5 błędów”, „12 błędów”, „22 błędy”, „25 błędów”."""

import ast
import re
from pathlib import Path

from django.conf import settings
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import ngettext
from django.utils.translation.template import templatize

import pytest

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "locale" / "pl" / "LC_MESSAGES" / "django.po"
APPS = settings.PROJECT_APPS
COUNTS = (1, 2, 5, 12, 22, 25)


def polish_form(n):
    """The Polish rule, written out: one; a few (2–4 but not 12–14); many."""
    if n == 1:
        return 0
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return 1
    return 2


def _unquote(lines):
    return "".join(ast.literal_eval(line) for line in lines)


def catalogue():
    """{(msgid, msgid_plural): [msgstr[0], msgstr[1], msgstr[2]]} of the .po's plural entries."""
    entries = {}
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        if "msgid_plural" not in block:
            continue
        fields, current = {}, None
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            match = re.match(r"^(msgid_plural|msgid|msgstr\[\d\]) (\".*\")$", line)
            if match:
                current = match.group(1)
                fields[current] = [match.group(2)]
            elif line.startswith('"') and current:
                fields[current].append(line)
        key = (_unquote(fields["msgid"]), _unquote(fields["msgid_plural"]))
        entries[key] = [_unquote(fields.get(f"msgstr[{i}]", ['""'])) for i in range(3)]
    return entries


def counted_strings_in_the_code():
    """(singular, plural) of every ngettext call and `{% blocktranslate count %}` of the apps."""
    found = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                args = node.args
                if name in ("ngettext", "ngettext_lazy") and len(args) >= 2:
                    if all(isinstance(a, ast.Constant) for a in args[:2]):
                        found.add((args[0].value, args[1].value))
        for path in list((ROOT / app).rglob("*.html")) + list((ROOT / app).rglob("*.txt")):
            if "templates" not in path.parts:
                continue
            code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
            for singular, plural in re.findall(
                r"ngettext\(u'((?:[^'\\]|\\.)*)', u'((?:[^'\\]|\\.)*)'", code
            ):
                found.add((ast.literal_eval(f"'{singular}'"), ast.literal_eval(f"'{plural}'")))
    return found


def test_the_catalogue_has_every_counted_string_of_the_code():
    missing = counted_strings_in_the_code() - set(catalogue())
    assert not missing, f"run `make messages` and give these three forms: {sorted(missing)}"


@pytest.mark.parametrize("key", sorted(catalogue()), ids=lambda key: key[0][:40])
def test_each_counted_string_has_three_forms_and_renders_them(key):
    forms = catalogue()[key]
    assert all(forms), f"a form is missing: {forms}"
    with translation.override("pl"):
        for n in COUNTS:
            # The compiled catalogue answers (a stale .mo would give the source's two forms).
            assert ngettext(key[0], key[1], n) == forms[polish_form(n)], n


def test_a_counted_template_renders_polish_forms():
    template = Template(
        "{% load i18n %}{% blocktranslate count counter=n trimmed %}Zgłoszenie nie zostało "
        "złożone: {{ counter }} błąd do poprawienia{% plural %}Zgłoszenie nie zostało złożone: "
        "{{ counter }} błędy do poprawienia{% endblocktranslate %}"
    )
    with translation.override("pl"):
        rendered = {n: template.render(Context({"n": n})) for n in COUNTS}
    assert rendered == {
        1: "Zgłoszenie nie zostało złożone: 1 błąd do poprawienia",
        2: "Zgłoszenie nie zostało złożone: 2 błędy do poprawienia",
        5: "Zgłoszenie nie zostało złożone: 5 błędów do poprawienia",
        12: "Zgłoszenie nie zostało złożone: 12 błędów do poprawienia",
        22: "Zgłoszenie nie zostało złożone: 22 błędy do poprawienia",
        25: "Zgłoszenie nie zostało złożone: 25 błędów do poprawienia",
    }


def test_no_template_splits_a_tag_over_lines():
    """Django reads a tag only within one line: `{% translate "Dzień dobry,⏎…" %}` reached the
    applicant's e-mail as it stood. No template of the apps (pages, e-mails, PDFs) has one."""
    split = []
    for app in APPS:
        for path in (ROOT / app).rglob("templates/**/*"):
            if path.suffix not in (".html", ".txt", ".xml"):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if re.search(r"\{%(?!.*%\})", line) or re.search(r"\{\{(?!.*\}\})", line):
                    split.append(f"{path.relative_to(ROOT)}:{number}")
    assert split == []


def test_every_e_mail_greets_without_a_name():
    """A first name in the greeting would need the vocative („Dzień dobry, Anno”), which a template
    cannot form; „Dzień dobry Anna” reads wrong. Every e-mail opens with „Dzień dobry,” alone."""
    templates = [
        path
        for app in APPS
        for path in (ROOT / app).rglob("templates/**/email/*.txt")
        if not path.name.startswith("_") and not path.stem.endswith("subject")
    ]
    assert len(templates) >= 15
    wrong = []
    for path in templates:
        rendered = templatize(path.read_text(encoding="utf-8"))
        first = re.search(r"Dzień dobry[^\\'\"\n]*", rendered)
        if first is None or first.group(0) != "Dzień dobry,":
            wrong.append(f"{path.relative_to(ROOT)}: {first.group(0) if first else '—'}")
    assert wrong == []
