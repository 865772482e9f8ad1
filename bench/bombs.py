"""Benchmark of the limits against decompression bombs: how fast and in how much memory hostile
files are refused or cut short, and what files at the limits cost.

    .venv/bin/python bench/bombs.py

Each case runs in a fresh process, so that its peak memory is its own: the upload check
(`documents.validation.validate_upload`, as the admin form runs it in the request; the parse of
a DOCX or XLSX then runs in a limited child) and the text extraction as the background task runs
it (`documents.isolation.call`, a forked child with the time and memory limits of the settings;
its growth is the memory it added beyond the pages it shares with the worker). At upload a
refusal from the ZIP directory or the page tree comes before any child is forked; at extraction
the child refuses before it parses anything. The files are the ones the tests build
(`tests/documents/hostile_files.py`): the DOCX of the issue (1.7 MB, word/document.xml of
190 MB), a 20,000-page PDF, and for scale a 2,000-page PDF and a DOCX whose document part is just
under the part limit. No database is used.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CASES = {
    "docx-bomb": ("docx", "the DOCX of the issue (190 MB document part, 1.7 MB file)"),
    "pdf-20000": ("pdf", "a PDF of 20,000 pages"),
    "pdf-2000": ("pdf", "a PDF of 2,000 pages (at the page limit)"),
    "docx-19mb": ("docx", "a DOCX whose document part unpacks to 19.5 MB (part limit 20 MB)"),
}


def _file(case):
    from tests.documents import hostile_files

    if case == "docx-bomb":
        return hostile_files.docx_bomb()
    if case == "pdf-20000":
        return hostile_files.pdf_of_pages(20_000)
    if case == "pdf-2000":
        return hostile_files.pdf_of_pages(2_000)

    def fill(member):
        written, n = 0, 0
        while written < 19.5 * 1024 * 1024:
            chunk = "".join(
                f"<w:p><w:r><w:t>Akapit {n + i}: zespół kooperacyjny w Nysie.</w:t></w:r></w:p>"
                for i in range(1000)
            ).encode()
            member.write(chunk)
            written += len(chunk)
            n += 1000

    return hostile_files.rebuild_docx(replace={"word/document.xml": fill})


def _peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _resident_mib():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 1024 / 1024


def _with_growth(function):
    """`function` returning also how much the child's peak resident memory grew beyond what it
    shared with the parent when it started (ru_maxrss of a forked child counts those pages)."""

    def measured(*args):
        start = _resident_mib()
        value = function(*args)
        return {"value": value, "growth_mib": _peak_mib() - start}

    return measured


def _measure(case, step):
    """One case in this process: prints a JSON line of figures."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "k3d.settings.dev")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.exceptions import ValidationError
    from django.core.files.base import ContentFile

    from documents import extraction, isolation, safety, validation

    extension, _label = CASES[case]
    data = _file(case)
    # Parsers imported and the process warmed before the clock starts, as in a running worker.
    extraction.preload(extension)
    import pypdf  # noqa: F401

    before = _peak_mib()
    child_growth = None
    start = time.perf_counter()
    if step == "upload":
        try:
            validation.validate_upload(ContentFile(data, name=f"plik.{extension}"))
            result = "accepted"
        except ValidationError as error:
            result = "refused: " + " ".join(error.messages)
    else:
        limits = safety.Limits.from_settings()
        outcome = isolation.call(
            _with_growth(extraction.extract_plain),
            (data, extension, limits, isolation.soft_deadline(limits.extraction_timeout)),
            timeout=limits.extraction_timeout,
            memory=limits.extraction_memory,
        )
        if outcome.kind == "done":
            child_growth = outcome.value["growth_mib"]
            value = outcome.value["value"]
            pages = (
                f", {value['pages_read']}/{value['pages_total']} pages"
                if value["pages_total"]
                else ""
            )
            result = f"done, {len(value['text']):,} characters{pages}" + (
                f", capped ({value['capped']})" if value["capped"] else ""
            )
        elif outcome.kind == "refused":
            result = "refused: " + outcome.refusal.message()
        else:
            result = outcome.kind + (f": {outcome.error}" if outcome.error else "")
    seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "size": len(data),
                "seconds": seconds,
                "process_mib": before,
                "growth_mib": _peak_mib() - before,
                "child_mib": child_growth,
                "result": result,
            }
        )
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=sorted(CASES))
    parser.add_argument("--step", choices=["upload", "extraction"])
    args = parser.parse_args()
    if args.case:
        _measure(args.case, args.step)
        return
    print(
        "case | step | file | time | peak growth of the process | growth of the extraction child "
        "| result"
    )
    for case, (_extension, label) in CASES.items():
        for step in ("upload", "extraction"):
            run = subprocess.run(
                [sys.executable, __file__, "--case", case, "--step", step],
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
            lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
            if run.returncode or not lines:
                print(f"{label} | {step} | failed: {run.stderr[-500:]}")
                continue
            figures = json.loads(lines[-1])
            child = "–" if figures["child_mib"] is None else f"{figures['child_mib']:.0f} MiB"
            print(
                f"{label} | {step} | {figures['size'] / 1024 / 1024:.1f} MB | "
                f"{figures['seconds']:.2f} s | {figures['growth_mib']:.0f} MiB "
                f"(process {figures['process_mib']:.0f} MiB) | {child} | {figures['result'][:140]}"
            )


if __name__ == "__main__":
    main()
