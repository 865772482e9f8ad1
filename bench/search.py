"""Benchmark of search: indexing speed and API latency on a generated corpus, for both backends.

Run with `make bench-search` (needs `make services` first: DATABASE_URL must point to PostgreSQL
and ELASTICSEARCH_URL must answer). It builds the database `<name>_bench` with BENCH_DOCS (10,000)
generated registry documents (Polish text as if extracted, a small PDF each), times a full rebuild
of the database index and of the Elasticsearch index (documents/s, peak memory), then runs
gunicorn (BENCH_WORKERS sync workers, by default 2 per core + 1; production settings) once per
backend and loads /api/search/ with wrk (bench/search_load.lua): BENCH_CLIENTS (10) concurrent
closed-loop clients for BENCH_WARMUP (10) seconds, then BENCH_SECONDS (20) measured, rotating
realistic queries.
Any answer other than 200 from the expected backend fails the run. The Elasticsearch indices
`k3d_bench_*` and the media folder are deleted at the end; the bench database is kept (the next
run recreates it). BENCH_REUSE=1 keeps them and measures again on them without rebuilding.
"""

import datetime
import hashlib
import http.client
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # before bench/, so that `search` is the app and not this file

from bench import pages  # noqa: E402  (the helpers of bench/pages.py)

DOCS = int(os.environ.get("BENCH_DOCS", "10000"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "20"))  # of measured load, per backend
WARMUP = int(os.environ.get("BENCH_WARMUP", "10"))  # seconds of load before it, not measured
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "10"))
# BENCH_REUSE=1: measure again on the database and indices a run with BENCH_REUSE=1 left behind
# (no generation, no rebuild, nothing deleted), to compare changes to the query path quickly.
REUSE = os.environ.get("BENCH_REUSE") == "1"
INDEX_PREFIX = "k3d_bench"
LOAD_SCRIPT = ROOT / "bench" / "search_load.lua"
TARGETS = {"database": (150, None), "elasticsearch": (50, 200)}  # p95 ms, documents/s


def _list(text):
    return [item.strip() for item in text.split("|")]


# -- the corpus: sentences built from a domain vocabulary, seeded so that runs compare ----------

CITIES = [  # nominative / locative / voivodeship (TERYT)
    city.split("/")
    for city in _list(
        "Oświęcim/Oświęcimiu/12|Kraków/Krakowie/12|Tarnów/Tarnowie/12|Nowy Sącz/Nowym Sączu/12|"
        "Łódź/Łodzi/10|Zgierz/Zgierzu/10|Piotrków Trybunalski/Piotrkowie Trybunalskim/10|"
        "Skierniewice/Skierniewicach/10|Opole/Opolu/16|Nysa/Nysie/16|Brzeg/Brzegu/16|"
        "Kędzierzyn-Koźle/Kędzierzynie-Koźlu/16|Katowice/Katowicach/24|Gliwice/Gliwicach/24|"
        "Rybnik/Rybniku/24|Bielsko-Biała/Bielsku-Białej/24"
    )
]
PARTNERS = {  # voivodeship: (partner, its name after "Dyrektor" / "w siedzibie")
    "24": ("rops-katowice", "ROPS Województwa Śląskiego"),
    "10": ("rcps-lodz", "RCPS w Łodzi"),
    "12": ("rops-krakow", "ROPS w Krakowie"),
    "16": ("rops-opole", "ROPS w Opolu"),
}
# Each document draws a few items of each list (its topics), so words have realistic document
# frequencies: "rodzina" and "gmina" are nearly everywhere, "superwizja" in about a third.
VOCABULARY = {
    "subject": _list(
        "Ośrodek pomocy społecznej|Powiatowe centrum pomocy rodzinie|Pracownik socjalny|Asystent "
        "rodziny|Partnerski Zespół Kooperacyjny|Kurator sądowy|Dzielnicowy policji|Pedagog "
        "szkolny|Zespół interdyscyplinarny|Koordynator kooperacji|Animator partnerstwa|Ekspert do "
        "spraw modelu|Gmina|Powiat|Poradnia psychologiczno-pedagogiczna|Powiatowy urząd pracy|"
        "Lekarz podstawowej opieki zdrowotnej|Gminna komisja rozwiązywania problemów alkoholowych|"
        "Organizacja pozarządowa|Centrum integracji społecznej|Dyrektor szkoły|Terapeuta uzależnień"
    ),
    "verb": _list(
        "przygotowuje|uzgadnia|realizuje|monitoruje|opracowuje|aktualizuje|omawia|dokumentuje|"
        "zatwierdza|konsultuje|przekazuje do akceptacji|przedstawia zespołowi|weryfikuje|ocenia"
    ),
    "object": _list(
        "diagnozę potrzeb rodziny|kontrakt socjalny|plan pomocy dziecku|indywidualny plan "
        "wsparcia|harmonogram spotkań zespołu|sprawozdanie z pilotażu|wnioski z superwizji|"
        "porozumienie o współpracy|katalog usług społecznych|kartę oceny merytorycznej|mapę "
        "zasobów lokalnych|rekomendacje dla samorządu|listę rodzin objętych wsparciem|program "
        "przeciwdziałania przemocy w rodzinie|ścieżkę reintegracji zawodowej|ocenę sytuacji "
        "dziecka w szkole|procedurę Niebieskiej Karty|budżet zadaniowy projektu|protokół z "
        "posiedzenia|ankietę ewaluacyjną|plan szkoleń międzysektorowych|regulamin konkursu "
        "dotacji|raport z badania ewaluacyjnego|zasady przetwarzania danych osobowych"
    ),
    "context": _list(
        "we współpracy ze szkołą i poradnią|wspólnie z policją oraz kuratorem sądowym|na "
        "poziomie gminy i powiatu|w ramach lokalnego partnerstwa|na rzecz osób i rodzin "
        "zagrożonych wykluczeniem społecznym|z udziałem przedstawicieli ochrony zdrowia|w "
        "gminach makroregionu III|zgodnie z Modelem Kooperacje 3D|po konsultacji z rodziną i "
        "asystentem rodziny|w terminie czternastu dni od posiedzenia zespołu|przy wsparciu "
        "animatora i eksperta|z uwzględnieniem zasad ochrony danych osobowych|w okresie "
        "realizacji drugiej fazy projektu|dla pracowników socjalnych i kadry kierowniczej|w "
        "porozumieniu z urzędem pracy|przy udziale organizacji pozarządowych|z wykorzystaniem "
        "środków Europejskiego Funduszu Społecznego|w trybie zdalnym|w siedzibie urzędu miasta|"
        "zgodnie z ustawą o pomocy społecznej"
    ),
    "task": _list(
        "diagnoza potrzeb rodziny|superwizja pracy socjalnej|współpraca międzysektorowa|"
        "kooperacja instytucji pomocy i integracji społecznej|praca socjalna z rodziną|pomoc "
        "psychologiczna dla dzieci|analiza zasobów gminy|ocena efektów pilotażu|koordynacja "
        "działań służb miejskich|profilaktyka uzależnień w szkołach|aktywizacja zawodowa osób "
        "bezrobotnych|opieka wytchnieniowa dla opiekunów|mediacja rodzinna|ewaluacja modelu|"
        "integracja cudzoziemców|pomoc osobom w kryzysie bezdomności"
    ),
    "group": _list(
        "Partnerskiego Zespołu Kooperacyjnego|Zadaniowego Zespołu Kooperacyjnego|zespołu "
        "interdyscyplinarnego|Komitetu Sterującego|kadry kierowniczej ośrodków|pracowników "
        "socjalnych i pedagogów|Zespołu do spraw Modelu|rady gminy"
    ),
}
MATTERS = _list(
    "naboru jednostek samorządu terytorialnego|powołania Partnerskiego Zespołu Kooperacyjnego|"
    "przyjęcia Modelu Kooperacje 3D|zasad współpracy międzysektorowej|organizacji superwizji "
    "pracowników socjalnych|wdrożenia kontraktu socjalnego|programu wspierania rodziny"
)
TAGS = _list(
    "nabór JST|pilotaż|PZK|superwizja|szkolenia|konferencja|kontrakt socjalny|diagnoza|faza I|"
    "faza II|RODO|rekomendacje|dobre praktyki|coaching|asystent rodziny"
)
MONTHS = "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia".split()
TITLES = {  # document type slug: title templates
    "regulamin": "Regulamin naboru jednostek samorządu terytorialnego {year}|Regulamin pracy "
    "Partnerskiego Zespołu Kooperacyjnego w {loc}",
    "zarzadzenie": "Zarządzenie nr {n}/{yy} Dyrektora {partner} w sprawie {matter}",
    "uchwala": "Uchwała nr {roman}/{n}/{year} Rady Miasta {city} w sprawie {matter}",
    "formularz": "Formularz zgłoszeniowy jednostki samorządu terytorialnego – {city}|Formularz "
    "zgłoszenia na warsztaty kooperacyjne w {loc}",
    "karta-oceny": "Karta oceny merytorycznej zgłoszenia – {city} {year}",
    "kryteria": "Kryteria wyboru gmin i powiatów do pilotażu {year}",
    "zalacznik": "Załącznik nr {k} do regulaminu naboru – {task}",
    "porozumienie": "Porozumienie o współpracy z Gminą Miasto {city}|Porozumienie partnerskie "
    "w sprawie kooperacji instytucji w {loc}",
    "raport": "Raport z pilotażu Modelu Kooperacje 3D w {loc}|Raport z badania: {task} w gminach",
    "informacja": "Informacja o spotkaniu {group} w {loc}|Informacja o wynikach naboru {year}",
    "wzor": "Wzór kontraktu socjalnego – {city}|Wzór planu pomocy rodzinie – {city}",
}
# Words, phrases, folded spellings, numbers, no hits, a missing word (the any-word retry), filters.
QUERIES = _list(
    "kooperacja|gminach|superwizja|kontrakt socjalny|asystent rodziny|policja kurator|"
    'wspolpraca miedzysektorowa|osrodek pomocy spolecznej|"Partnerski Zespół Kooperacyjny"|'
    '"kontrakt socjalny" szkoła|12/19|ROPS.III.0321.7.2019|regulamin naboru|zarządzenie '
    "dyrektora|Oświęcim porozumienie|Łódź|Lodz pilotaz|diagnoza potrzeb rodziny|harmonogram "
    "spotkań zespołu|pedagog szkolny poradnia|ochrona danych osobowych|rekomendacje dla "
    "samorządu|Kędzierzyn-Koźle|xylofon|koordynacja działań służb miejskich szpital|rodzina & "
    "type=dokument|szkoła & voivodeship=16|kryteria & document_type=kryteria|wsparcie & year=2019|"
    "pilotaż & tag=pilotaż|przemoc w rodzinie & sort=date"
)
PATHS = [
    "/api/search/?" + urlencode([("q", q), *(p.split("=") for p in extra)])
    for q, *extra in (query.split(" & ") for query in QUERIES)
]


def topics(rnd):
    """The vocabulary of one document: three or four items of each list."""
    return {name: rnd.sample(words, rnd.randint(3, 4)) for name, words in VOCABULARY.items()}


def sentence(rnd, vocabulary, city, day):
    kind, partner = rnd.randrange(6), PARTNERS[city[2]][1]
    subject, verb, context, group = (
        rnd.choice(vocabulary[name]) for name in ("subject", "verb", "context", "group")
    )
    (obj, other_obj), (task, other_task) = (
        rnd.sample(vocabulary[n], 2) for n in ("object", "task")
    )
    if kind == 0:
        return f"Spotkanie {group} odbyło się {day} w {city[1]}; omówiono {obj} oraz {other_obj}."
    if kind == 1:
        return f"Do zadań koordynatora należy w szczególności {task} oraz {other_task}."
    if kind == 2:
        return f"Wsparciem objęto {rnd.randint(12, 480)} osób i rodzin z {rnd.randint(2, 30)} gmin, a {task} prowadzona jest {context}."
    if kind == 3:
        return f"Wniosek wraz z załącznikami należy złożyć do dnia {day} w siedzibie {partner}."
    return f"{subject} {verb} {obj} {context}."


def text(rnd, vocabulary, city, day, size):
    """Numbered paragraphs of four to eight sentences, about SIZE characters in all."""
    paragraphs, length = [], 0
    while length < size:
        sentences = (sentence(rnd, vocabulary, city, day) for _ in range(rnd.randint(4, 8)))
        paragraph = " ".join(sentences)
        paragraphs.append(f"§ {len(paragraphs) + 1}. {paragraph}")
        length += len(paragraph)
    return "\n\n".join(paragraphs)


def generate(count, media):
    """COUNT public RegistryDocuments whose text is extracted; files are hard links to four PDFs."""
    from django.utils import timezone

    from wagtail.models import Collection

    from taggit.models import Tag, TaggedItem

    from documents.generation import pdf_bytes
    from documents.models import RegistryDocument
    from documents.services import ensure_document_types

    rnd, now = random.Random(2018), timezone.now()
    (media / "documents").mkdir(parents=True)
    files = []
    for n, city in enumerate(CITIES[:4]):
        paragraphs = text(rnd, topics(rnd), city, "1 marca 2019 r.", 1500).split("\n\n")
        data = pdf_bytes(f"Sprawozdanie {n + 1}", tuple(paragraphs))
        files.append((media / f"documents/wzor-{n}.pdf", len(data), hashlib.sha1(data).hexdigest()))
        files[-1][0].write_bytes(data)
    types, collection = ensure_document_types(), Collection.get_first_root_node()
    tags = {name: Tag.objects.get_or_create(name=name)[0] for name in TAGS}
    batch, tagged = [], []
    for i in range(count):
        slug, city = rnd.choice(list(TITLES)), rnd.choice(CITIES)
        issued = datetime.date(2017, 1, 1) + datetime.timedelta(days=rnd.randrange(8 * 365))
        day = f"{issued.day} {MONTHS[issued.month - 1]} {issued.year} r."
        n, year, yy = rnd.randint(1, 60), issued.year, f"{issued.year % 100:02d}"
        roman = rnd.choice(["XII", "XXIV", "XLII"])
        partner, partner_name = PARTNERS[city[2]]
        vocabulary, matter = topics(rnd), rnd.choice(MATTERS)
        title = rnd.choice(_list(TITLES[slug])).format(
            year=year,
            yy=yy,
            n=n,
            roman=roman,
            k=rnd.randint(1, 6),
            city=city[0],
            loc=city[1],
            partner=partner_name,
            matter=matter,
            task=vocabulary["task"][0],
            group=vocabulary["group"][0],
        )
        numbers = {"zarzadzenie": f"{n}/{yy}", "uchwala": f"{roman}/{n}/{year}"}
        number = numbers.get(slug) or rnd.choice(
            ["", f"ROPS.III.0321.{n}.{year}", f"OPS.4010.{n}.{year}"]
        )
        path, size, sha1 = files[i % len(files)]
        os.link(path, media / f"documents/dok-{i:05d}.pdf")
        batch.append(
            RegistryDocument(
                title=title,
                file=f"documents/dok-{i:05d}.pdf",
                file_size=size,
                file_hash=sha1,
                collection=collection,
                document_type=types[slug],
                number=number,
                issued_on=issued,
                subject=f"w sprawie {matter}" if rnd.random() < 0.5 else "",
                issuer=f"Dyrektor {partner_name}",
                partner=partner,
                voivodeship=city[2],
                description=text(rnd, vocabulary, city, day, 300).split("\n\n")[0][5:],
                extracted_text=text(rnd, vocabulary, city, day, rnd.randint(2000, 8000)),
                extraction_status="done",
                extracted_at=now,
                detected_mime="application/pdf",
            )
        )
        if len(batch) == 500 or i == count - 1:
            for document in RegistryDocument.objects.bulk_create(batch):
                for tag in rnd.sample(TAGS, rnd.randint(0, 3)):
                    tagged.append(TaggedItem(content_object=document, tag=tags[tag]))
            batch = []
    TaggedItem.objects.bulk_create(tagged, batch_size=2000)


# -- measuring ----------------------------------------------------------------------------------


def rebuild_child(name):
    """In a child process: one full rebuild, printed as JSON with the child's own peak memory."""
    import django

    django.setup()
    from search import indexing

    start = time.perf_counter()
    count = indexing.rebuild(name)
    seconds = time.perf_counter() - start
    # VmHWM, not ru_maxrss: the latter keeps the parent's size from before the exec.
    status = Path("/proc/self/status").read_text()
    peak_mib = int(status.split("VmHWM:")[1].split()[0]) / 1024
    print(json.dumps({"count": count, "seconds": seconds, "peak_mib": peak_mib}))


def rebuild(env, name):
    command = [pages.PYTHON, __file__, "--rebuild", name]
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"Rebuilding the {name} index failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def get(conn, path, backend):
    """(ms, the backend's took_ms, problem or None) of one request on a keep-alive connection."""
    start = time.perf_counter()
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
    except (OSError, http.client.HTTPException) as exc:
        conn.close()
        return (time.perf_counter() - start) * 1000, 0, f"{type(exc).__name__}: {exc}"
    elapsed = (time.perf_counter() - start) * 1000
    if response.status != 200:
        return elapsed, 0, f"HTTP {response.status}"
    payload = json.loads(body)
    if payload["backend"] != backend or payload["fallback"]:
        return elapsed, 0, f"answered by {payload['backend']}, fallback {payload['fallback']}"
    return elapsed, payload["took_ms"], None


def load(backend, seconds):
    """CLIENTS closed-loop clients for SECONDS: wrk with bench/search_load.lua, which rotates the
    queries and checks every answer. A client written in C leaves the two cores to the server:
    the Python threads this used before cost about 1.5 ms of CPU a request, on the same cores.

    Returns wrk's figures: requests, seconds, p50/p95/p99/max (ms), took_p95, problems."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as paths:
        paths.write("\n".join(PATHS) + "\n")
        paths.flush()
        env = {**os.environ, "BENCH_PATHS": paths.name, "BENCH_BACKEND": backend}
        command = ["wrk", f"-t{min(CLIENTS, os.cpu_count() or 1)}", f"-c{CLIENTS}"]
        command += [f"-d{seconds}s", "--timeout", "30s", "-s", str(LOAD_SCRIPT)]
        result = subprocess.run(
            [*command, f"http://{pages.HOST}:{pages.PORT}"], env=env, capture_output=True, text=True
        )
    if result.returncode:
        sys.exit(f"wrk failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def slowest(backend, count=5):
    """One client, five runs of each query: the slowest medians (ms, took_ms, path)."""
    conn, rows = http.client.HTTPConnection(pages.HOST, pages.PORT, timeout=30), []
    for path in PATHS:
        runs = [get(conn, path, backend) for _ in range(5)]
        medians = [statistics.median(run[column] for run in runs) for column in (0, 1)]
        rows.append((*medians, path))
    conn.close()
    return sorted(rows, reverse=True)[:count]


def measure(backend, env):
    server_env = {**env, "SEARCH_BACKEND": backend}
    if backend == "database":  # the settings pick Elasticsearch whenever its URL is set
        del server_env["ELASTICSEARCH_URL"]
    process = pages.start_gunicorn(server_env, pages.WORKERS)
    try:
        load(backend, WARMUP)
        figures = load(backend, SECONDS)
        rows = slowest(backend)
    finally:
        pages.stop(process)
    errors = figures["problems"] + figures["socket_errors"]
    print(
        f"{backend}: {figures['requests']} requests in {figures['seconds']:.0f} s, {errors} errors; "
        "slowest queries alone (median ms, took_ms):"
    )
    for ms, took_ms, path in rows:
        print(f"  {ms:7.1f} {took_ms:7.1f}  {path}")
    if errors:
        print(
            f"  ERROR {figures['socket_errors']} socket errors; first problem: {figures['first_problem']}"
        )
    return {
        "p50": figures["p50"],
        "p95": figures["p95"],
        "p99": figures["p99"],
        "took_p95": figures["took_p95"],
        "rps": figures["requests"] / figures["seconds"],
        "errors": errors,
    }


def drop_bench_indices():
    from elasticsearch import Elasticsearch

    client = Elasticsearch(os.environ["ELASTICSEARCH_URL"], request_timeout=30)
    for name in client.indices.get(index=f"{INDEX_PREFIX}_*", expand_wildcards="all"):
        client.indices.delete(index=name)


def reusable(name):
    """Whether the bench database has its documents and the bench index exists (BENCH_REUSE)."""
    import django

    django.setup()
    from django.db import connections

    from elasticsearch import Elasticsearch

    from search.models import SearchEntry

    try:
        entries = SearchEntry.objects.count()
    except Exception:  # no such database or table yet: build it
        return False
    finally:
        connections.close_all()  # or the database cannot be recreated
    client = Elasticsearch(os.environ["ELASTICSEARCH_URL"], request_timeout=30)
    return entries >= DOCS and client.indices.exists_alias(name=f"{INDEX_PREFIX}_search")


def report(results, name):
    load_average = "/".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"\n{DOCS} documents, gunicorn {pages.WORKERS} workers, {CLIENTS} clients (wrk), {SECONDS} s, {os.cpu_count()} CPU, load {load_average}"
    )
    print(
        f"{'backend':14} {'dok./s':>7} {'RSS MiB':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'took95':>7} {'req/s':>6} {'błędy':>6}  cel"
    )
    for backend, r in results.items():
        p95_target, docs_target = TARGETS[backend]
        docs_s = r["count"] / r["seconds"]
        goal = f"p95 ≤ {p95_target} ms: {'tak' if r['p95'] <= p95_target else 'NIE'}"
        if docs_target and r["count"]:  # not measured when the index was reused
            goal += f"; ≥ {docs_target} dok./s: {'tak' if docs_s >= docs_target else 'NIE'}"
        indexing = f"{docs_s:>7.0f} {r['peak_mib']:>8.0f}" if r["count"] else f"{'–':>7} {'–':>8}"
        print(
            f"{backend:14} {indexing} {r['p50']:>7.1f} {r['p95']:>7.1f} {r['p99']:>7.1f} {r['took_p95']:>7.1f} {r['rps']:>6.0f} {r['errors']:>6}  {goal}"
        )
    print(
        "took95: p95 of the time the backend itself reports (took_ms), without Django and queueing"
    )
    kept = "kept" if REUSE else "deleted"
    print(f"(database {name} kept; Elasticsearch indices {INDEX_PREFIX}_* {kept})")


def main():
    admin_url, db_url, name = pages.bench_database_url()
    if not os.environ.get("ELASTICSEARCH_URL"):
        sys.exit("ELASTICSEARCH_URL must be set: run `make services` and export its variables.")
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk; `make bench-search` installs it).")
    media = Path(tempfile.mkdtemp(prefix="k3d-bench-search-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "k3d.settings.production",
        "DATABASE_URL": db_url,
        "SECRET_KEY": "bench-only-secret-key-kooperacje3d-0123456789",
        "ALLOWED_HOSTS": pages.HOST,
        "SITE_URL": f"http://{pages.HOST}",
        "SECURE_COOKIES": "false",
        "LOG_LEVEL": "WARNING",
        "MEDIA_ROOT": str(media),
        "ELASTICSEARCH_INDEX_PREFIX": INDEX_PREFIX,
        # The page cache middleware looks up /api/search/ too; its keys keep the raw query.
        "PYTHONWARNINGS": "ignore:Cache key contains characters",
    }
    os.environ.update(env)
    results, reused = {}, False
    try:
        if REUSE and reusable(name):
            reused = True
            print(f"Database {name} and its indices reused (BENCH_REUSE=1)", flush=True)
            results = {backend: {"count": 0, "seconds": 1, "peak_mib": 0} for backend in TARGETS}
        else:
            print(f"Database {name}: migrating and generating {DOCS} documents…", flush=True)
            pages.create_database(admin_url, name)
            pages.run(env, "migrate", "--no-input")
            import django

            django.setup()
            start = time.perf_counter()
            generate(DOCS, media)
            print(f"generated {DOCS} documents in {time.perf_counter() - start:.0f} s", flush=True)
            for backend in ("database", "elasticsearch"):
                results[backend] = r = rebuild(env, backend)
                print(
                    f"{backend}: indexed {r['count']} records in {r['seconds']:.1f} s", flush=True
                )
        for backend in ("database", "elasticsearch"):
            results[backend].update(measure(backend, env))
    finally:
        if not REUSE:
            drop_bench_indices()
        if reused or not REUSE:  # a reused run's files are in the folder of the run that built it
            shutil.rmtree(media, ignore_errors=True)
    report(results, name)
    if any(r["errors"] for r in results.values()):
        sys.exit("Some requests failed or were answered by another backend (see ERROR above).")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--rebuild"]:
        rebuild_child(sys.argv[2])
    else:
        main()
