"""Benchmark of the applicant's form under the deadline rush: autosaves and submissions.

Run with `make bench-recruitment` (needs `make services` first: DATABASE_URL must point to
PostgreSQL), or on one SQLite file with BENCH_SQLITE=1 (no services). It builds the database `<name>_bench_recruitment` (migrations, then through the ORM:
one open call for opolskie, BENCH_APPLICANTS + BENCH_SUBMITTERS eligible JST with valid TERYT,
REGON and NIP, one active applicant account each and a complete draft with a signed form),
starts gunicorn (BENCH_WORKERS, by default 2 per core + 1, production settings) and sets the call to close about
BENCH_DURATION (90) seconds after the load starts. Then, as browsers would (cookies, CSRF token
from the form page, Origin header):

- BENCH_APPLICANTS (200) clients open their form and autosave it every BENCH_AUTOSAVE_SECONDS (5),
  each from its own moment (browsers opened the form at different times),
  with changing content until the call closes, remembering the last content acknowledged by 200;
- BENCH_SUBMITTERS (100) other clients autosave once and, a few seconds later, submit during
  the last minute before closes_at; every fifth sends the submission twice at once (a double
  click).

It prints p50/p95/p99 of autosave and of submission, requests/s and errors, then checks the
database: every submission answered with the receipt has exactly one version whose SHA-256 is the
app's own recomputation (`recruitment.submission.content_hash`) and whose text is what was sent;
every autosave client's last acknowledged draft is the stored draft. It prints "zero lost" or the
losses and exits non-zero on any loss or 5xx.

Logging in: PBKDF2 with Django's default iterations costs about 0.9 s of CPU per login on this
machine, so 300 form logins would take over two minutes on 2 workers before the load even starts.
BENCH_FORM_LOGINS (20) clients log in by POSTing the login form (CSRF, django-axes, as a browser);
the others get a session created by the setup step as Django's login() makes it (the same
session keys), then open the form with it. BENCH_FORM_LOGINS=300 logs everyone in by the form.
"""

import datetime
import http.client
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import pages  # noqa: E402  (the helpers of bench/pages.py)

APPLICANTS = int(os.environ.get("BENCH_APPLICANTS", "200"))
SUBMITTERS = int(os.environ.get("BENCH_SUBMITTERS", "100"))
AUTOSAVE_SECONDS = float(os.environ.get("BENCH_AUTOSAVE_SECONDS", "5"))
DURATION = float(os.environ.get("BENCH_DURATION", "90").rstrip("s"))  # load phase = window left
SUBMIT_WINDOW = min(60.0, DURATION - 5)  # submissions in the last minute before closes_at
FORM_LOGINS = int(os.environ.get("BENCH_FORM_LOGINS", "20"))
DOUBLE_EVERY = 5  # every fifth submitter double-clicks
TARGET_P95_MS = 300
# BENCH_SQLITE=1: the same load on one SQLite file instead of PostgreSQL (fewer clients make
# sense: e.g. BENCH_APPLICANTS=20 BENCH_SUBMITTERS=10); what counts there is no 500.
SQLITE = os.environ.get("BENCH_SQLITE", "") == "1"
PASSWORD = "Bench-Kooperacje-2026!"
ORIGIN = f"http://{pages.HOST}:{pages.PORT}"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

# A complete form, as tests/recruitment/application_helpers.FULL_FORM: every field valid.
FULL_FORM = {
    "contact_name": "Jan Kowalski",
    "contact_position": "Kierownik referatu",
    "contact_email": "jan.kowalski@example.pl",
    "contact_phone": "77 123 45 67",
    "centre_name": "Miejski Ośrodek Pomocy Społecznej",
    "centre_kind": "ops",
    "centre_head": "Anna Nowak",
    "centre_street_address": "ul. Rynek 2",
    "centre_postal_code": "45-015",
    "centre_city": "Opole",
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
    "partners-0-name": "Komenda Powiatowa Policji",
    "partners-0-sector": "police",
    "partners-1-name": "Powiatowy Urząd Pracy",
    "partners-1-sector": "labour",
}
SECTORS = ["social", "education", "health", "labour", "justice", "police", "ngo", "other"]


def form_fields(client_no, step, rnd):
    """The form as the browser sends it, with content that changes at every step."""
    fields = dict(FULL_FORM)
    fields["experience"] = (
        f"Klient {client_no}, zapis {step}: współpraca z policją, szkołami i PUP od "
        f"{2000 + rnd.randrange(25)} r. – „zespół” & <b>kooperacja</b> {rnd.getrandbits(48):x}."
    )
    fields["diagnosis"] = "Ubóstwo rodzin. " * rnd.randint(1, 40) + f"[{client_no}/{step}]"
    fields["contact_position"] = f"Kierownik referatu nr {step}"
    rows = rnd.randint(1, 4)
    fields["partners-TOTAL_FORMS"] = str(rows)
    for i in range(4):
        fields.pop(f"partners-{i}-name", None)
        fields.pop(f"partners-{i}-sector", None)
    for i in range(rows):
        fields[f"partners-{i}-name"] = f"Instytucja {i + 1} klienta {client_no} ({step})"
        fields[f"partners-{i}-sector"] = rnd.choice(SECTORS)
    return fields


# --- setup through the ORM ----------------------------------------------------------------------


def setup_data(count):
    """The call, `count` JST with an applicant each and a complete draft with a signed form.
    Returns [(username, user pk, application pk)], and the call's pk."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.core.files.base import ContentFile
    from django.http import QueryDict
    from django.utils import timezone

    from wagtail.models import Site

    from core.choices import JSTType, Voivodeship
    from documents.generation import pdf_bytes
    from portal.accounts import APPLICANTS as APPLICANTS_GROUP
    from recruitment import application_forms as af
    from recruitment import submission
    from recruitment.demo import nip_with_check_digit, regon_with_check_digit
    from recruitment.models import (
        AttachmentKind,
        AutoRule,
        CallIndexPage,
        CallPage,
        CentreKind,
        CheckMode,
        FormalCriterion,
        Institution,
        InstitutionMembership,
        SubstantiveCriterion,
    )

    root = Site.objects.get(is_default_site=True).root_page
    index = root.add_child(instance=CallIndexPage(title="Nabory", slug="nabory"))
    now = timezone.now()
    call = index.add_child(
        instance=CallPage(
            title="Nabór JST – test obciążenia",
            slug="nabor-bench",
            number="9/2026/OP",
            partner="rops-opole",
            voivodeship=Voivodeship.OPOLSKIE,
            opens_at=now - datetime.timedelta(days=1),
            closes_at=now + datetime.timedelta(hours=1),  # moved to start + DURATION later
            eligible_jst_types=[
                JSTType.URBAN_MUNICIPALITY,
                JSTType.CITY_COUNTY,
                JSTType.COUNTY,
            ],
            formal_criteria=[
                FormalCriterion(
                    text="Zgłoszenie złożono w terminie.",
                    check_mode=CheckMode.AUTO,
                    auto_rule=AutoRule.DEADLINE,
                ),
                FormalCriterion(text="Formularz podpisały osoby upoważnione.", correctable=True),
            ],
            substantive_criteria=[
                SubstantiveCriterion(text="Gotowość do partnerstwa.", max_points=10),
                SubstantiveCriterion(text="Doświadczenie ośrodka.", max_points=10),
            ],
        )
    )
    group, _created = Group.objects.get_or_create(name=APPLICANTS_GROUP)
    # One PBKDF2 hash (production's hasher) shared by all accounts: hashing 300 times would
    # cost minutes; the server verifies it at full cost.
    encoded = make_password(PASSWORD)
    draft, errors = af.read_draft(QueryDict(urlencode(FULL_FORM)))
    assert not errors, errors
    signed = pdf_bytes("Formularz zgłoszeniowy – podpisany", ("Podpisano.",))
    User = get_user_model()
    rows = []
    for n in range(count):
        # Gminy miejskie of opolskie: 16 + county 01..60 + gmina 01..90 + type 1.
        teryt = f"16{1 + n // 90:02d}{1 + n % 90:02d}1"
        institution = Institution(
            name=f"Gmina Miejska Obciążeniowa {n + 1}",
            jst_type=JSTType.URBAN_MUNICIPALITY,
            teryt=teryt,
            regon=regon_with_check_digit(f"{53100000 + n:08d}"),
            nip=nip_with_check_digit(f"{754100000 + n * 7:09d}"),
            street_address="ul. Rynek 1",
            postal_code="45-015",
            city="Opole",
            population=45_000 + n,
            population_year=2024,
            centre_name="Miejski Ośrodek Pomocy Społecznej",
            centre_kind=CentreKind.OPS,
            centre_street_address="ul. Rynek 2",
            centre_postal_code="45-015",
            centre_city="Opole",
            centre_email="mops@example.pl",
            centre_phone="77 000 00 00",
        )
        institution.full_clean()
        institution.save()
        username = f"jst{n + 1:03d}@bench.example.pl"
        user = User.objects.create(
            username=username,
            email=username,
            first_name="Jan",
            last_name=f"Wnioskodawca {n + 1}",
            password=encoded,
            is_active=True,
        )
        user.groups.add(group)
        InstitutionMembership.objects.create(user=user, institution=institution, is_primary=True)
        application, _created = submission.start(call, user)
        submission.save_draft(application, user, draft)
        submission.add_attachment(
            application,
            user,
            AttachmentKind.SIGNED_FORM,
            ContentFile(signed, name="formularz-podpisany.pdf"),
            "application/pdf",
            signed,
        )
        rows.append((username, user.pk, application.pk))
    return rows, call.pk


def session_for(user_pk):
    """A session as django.contrib.auth.login() stores it (for the clients not logging in by
    the form, see the module's docstring)."""
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    user = get_user_model().objects.get(pk=user_pk)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


# --- the HTTP client: a browser with cookies --------------------------------------------------


class Browser:
    def __init__(self):
        self.cookies = {}

    def request(self, method, path, fields=None, extra=None):
        """(status, headers, body, milliseconds); the connection is closed after each request,
        as gunicorn's sync workers do."""
        headers = {"Accept": "text/html,application/json", "User-Agent": "k3d-bench"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = ORIGIN
            headers["Referer"] = ORIGIN + path
        headers.update(extra or {})
        conn = http.client.HTTPConnection(pages.HOST, pages.PORT, timeout=120)
        start = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        ms = (time.perf_counter() - start) * 1000
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or morsel["expires"].startswith("Thu, 01 Jan 1970"):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, response.headers, data, ms

    def csrf_from(self, path):
        status, _headers, body, _ms = self.request("GET", path)
        match = CSRF_INPUT.search(body.decode("utf-8", "replace"))
        if status != 200 or not match:
            raise RuntimeError(f"GET {path}: {status}, no CSRF token")
        return match.group(1)

    def log_in(self, username):
        token = self.csrf_from("/konto/logowanie/")
        status, headers, _body, ms = self.request(
            "POST",
            "/konto/logowanie/",
            {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
        )
        if status != 302 or "/konto/logowanie/" in (headers.get("Location") or ""):
            raise RuntimeError(f"login of {username}: {status}")
        return ms


# --- the load -----------------------------------------------------------------------------------


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency = {"autosave": [], "submit": []}
        self.errors = []  # (kind, client, status or exception text)
        self.server_errors = 0
        self.requests = 0
        self.last_ack = {}  # application pk: fields of the last autosave answered 200
        self.submitted = {}  # application pk: fields of the submission answered by the receipt
        self.submit_answers = {}  # application pk: list of (status, location)

    def add(self, kind, ms, status, client, problem=None):
        with self.lock:
            self.requests += 1
            self.latency[kind].append(ms)
            if status >= 500:
                self.server_errors += 1
            if problem:
                self.errors.append((kind, client, problem))


def prepare(browser, client, form_login):
    username, user_pk, app_pk, session_key = client
    if form_login:
        browser.log_in(username)
    else:
        from django.conf import settings

        browser.cookies[settings.SESSION_COOKIE_NAME] = session_key
    path = f"/konto/zgloszenia/{app_pk}/"
    return browser.csrf_from(path)


def autosave(browser, results, app_pk, token, fields, client_no):
    path = f"/konto/zgloszenia/{app_pk}/autozapis/"
    status, _h, body, ms = browser.request(
        "POST",
        path,
        {"csrfmiddlewaretoken": token, **fields},
        {"X-Requested-With": "fetch", "Accept": "application/json"},
    )
    try:
        ok = status == 200 and "saved_at" in json.loads(body or b"{}")
    except ValueError:
        ok = False
    results.add("autosave", ms, status, client_no, None if ok else f"HTTP {status} {body[:120]!r}")
    return ok


def autosaver(client_no, browser, token, client, start_at, end_at, results):
    """Every AUTOSAVE_SECONDS from the moment this applicant opened the form: each browser keeps
    its own phase (clients opened their forms at different moments), with a little jitter."""
    app_pk = client[2]
    rnd = random.Random(client_no)
    phase = start_at + rnd.uniform(0, AUTOSAVE_SECONDS)
    time.sleep(max(0.0, phase - time.monotonic()))
    step = 0
    while time.monotonic() < end_at:
        step += 1
        fields = form_fields(client_no, step, rnd)
        try:
            if autosave(browser, results, app_pk, token, fields, client_no):
                results.last_ack[app_pk] = fields
        except OSError as error:
            results.add("autosave", 0, 0, client_no, f"{type(error).__name__}: {error}")
        next_at = phase + step * AUTOSAVE_SECONDS + rnd.uniform(-0.25, 0.25)
        time.sleep(max(0.0, min(next_at, end_at) - time.monotonic()))


def submitter(client_no, browser, token, client, submit_at, results):
    app_pk = client[2]
    rnd = random.Random(10_000 + client_no)
    fields = form_fields(client_no, 1, rnd)
    # The last autosave a few seconds before the click, as the form's timer would make it.
    time.sleep(max(0.0, submit_at - rnd.uniform(2, AUTOSAVE_SECONDS) - time.monotonic()))
    try:
        autosave(browser, results, app_pk, token, fields, client_no)
    except OSError as error:
        results.add("autosave", 0, 0, client_no, f"{type(error).__name__}: {error}")
    fields = form_fields(client_no, 2, rnd)  # typed a little more, then clicked "Złóż"
    time.sleep(max(0.0, submit_at - time.monotonic()))
    clicks = 2 if client_no % DOUBLE_EVERY == 0 else 1
    answers = []

    def click():
        try:
            status, headers, body, ms = browser.request(
                "POST",
                f"/konto/zgloszenia/{app_pk}/zloz/",
                {"csrfmiddlewaretoken": token, **fields},
            )
        except OSError as error:
            results.add("submit", 0, 0, client_no, f"{type(error).__name__}: {error}")
            return
        location = headers.get("Location") or ""
        ok = status == 302 and location.endswith(f"/konto/zgloszenia/{app_pk}/potwierdzenie/")
        late = status == 422 and "Termin składania zgłoszeń" in body.decode("utf-8", "replace")
        problem = None if ok else ("late" if late else f"HTTP {status}")
        results.add("submit", ms, status, client_no, problem)
        answers.append((status, location))

    threads = [threading.Thread(target=click) for _ in range(clicks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with results.lock:
        results.submit_answers[app_pk] = answers
        if any(status == 302 for status, _location in answers):
            results.submitted[app_pk] = fields


def run_load(clients, call_pk):
    from django.utils import timezone

    from recruitment.models import CallPage

    results = Results()
    autosavers = clients[:APPLICANTS]
    submitters = clients[APPLICANTS:]
    # Everyone opens the form first (some log in by the form): cookies and the CSRF token.
    browsers, tokens, login_ms = {}, {}, []
    start = time.perf_counter()

    def open_form(i, client):
        browser = Browser()
        form_login = i < FORM_LOGINS
        t0 = time.perf_counter()
        tokens[i] = prepare(browser, client, form_login)
        if form_login:
            login_ms.append((time.perf_counter() - t0) * 1000)
        browsers[i] = browser

    pending = list(enumerate(clients))
    errors = []

    def worker():
        while True:
            try:
                i, client = pending.pop()
            except IndexError:
                return
            try:
                open_form(i, client)
            except Exception as error:  # noqa: BLE001  (reported, fails the run)
                errors.append(f"client {i}: {error}")

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        sys.exit("Opening the forms failed:\n  " + "\n  ".join(errors[:10]))
    print(
        f"{len(clients)} clients opened their form in {time.perf_counter() - start:.0f} s "
        f"({len(login_ms)} logged in by the form, median {statistics.median(login_ms or [0]):.0f} ms)",
        flush=True,
    )

    start_at = time.monotonic()
    closes_at = timezone.now() + datetime.timedelta(seconds=DURATION)
    CallPage.objects.filter(pk=call_pk).update(closes_at=closes_at)
    end_at = start_at + DURATION
    threads = []
    for i, client in enumerate(autosavers):
        threads.append(
            threading.Thread(
                target=autosaver,
                args=(i, browsers[i], tokens[i], client, start_at, end_at, results),
            )
        )
    rnd = random.Random(7)
    for j, client in enumerate(submitters):
        i = APPLICANTS + j
        # Spread over the last minute, the last one 3 s before closes_at.
        submit_at = end_at - 3 - rnd.uniform(0, SUBMIT_WINDOW - 3)
        threads.append(
            threading.Thread(
                target=submitter, args=(i, browsers[i], tokens[i], client, submit_at, results)
            )
        )
    print(
        f"load: {len(autosavers)} autosaving every {AUTOSAVE_SECONDS:g} s, {len(submitters)} "
        f"submitting in the last {SUBMIT_WINDOW:.0f} s; the call closes in {DURATION:.0f} s…",
        flush=True,
    )
    load_start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.seconds = time.perf_counter() - load_start
    results.login_ms = login_ms
    return results


# --- verification -------------------------------------------------------------------------------


def verify(results, clients):
    from django.http import QueryDict

    from recruitment import application_forms as af
    from recruitment.checksums import canonical_json, content_hash
    from recruitment.models import Application, ApplicationState

    losses = []
    apps = {
        a.pk: a
        for a in Application.objects.filter(pk__in=[c[2] for c in clients]).prefetch_related(
            "versions__attachments"
        )
    }
    drafts_ok = 0
    for client in clients[:APPLICANTS]:
        app_pk = client[2]
        fields = results.last_ack.get(app_pk)
        if fields is None:
            losses.append(f"application {app_pk}: no autosave was acknowledged")
            continue
        expected, _errors = af.read_draft(QueryDict(urlencode(fields)))
        stored = {k: v for k, v in (apps[app_pk].data or {}).items() if not k.startswith("_")}
        if canonical_json(expected) != canonical_json(stored):
            losses.append(f"application {app_pk}: the stored draft is not the last acknowledged")
        else:
            drafts_ok += 1
    versions_ok = 0
    for client in clients[APPLICANTS:]:
        app_pk = client[2]
        application = apps[app_pk]
        versions = list(application.versions.all())
        if app_pk not in results.submitted:
            if versions:
                losses.append(f"application {app_pk}: a version without a receipt answer")
            continue
        if application.state != ApplicationState.SUBMITTED or not application.number:
            losses.append(
                f"application {app_pk}: answered with the receipt, state {application.state}"
            )
        if len(versions) != 1:
            losses.append(f"application {app_pk}: {len(versions)} versions (expected 1)")
            continue
        version = versions[0]
        recomputed = content_hash(version.content, [a.sha256 for a in version.attachments.all()])
        if recomputed != version.content_sha256:
            losses.append(f"application {app_pk}: SHA-256 differs from its recomputation")
            continue
        sent = results.submitted[app_pk]
        if (
            version.content["experience"]["experience"] != sent["experience"]
            or version.content["diagnosis"]["diagnosis"] != sent["diagnosis"].strip()
            or len(version.content["partners"]) != int(sent["partners-TOTAL_FORMS"])
            or len(version.content["attachments"]["files"]) != 1
        ):
            losses.append(f"application {app_pk}: the version is not what was submitted")
            continue
        versions_ok += 1
    numbers = [a.number for a in apps.values() if a.number]
    if len(numbers) != len(set(numbers)):
        losses.append("two applications share a number")
    return losses, drafts_ok, versions_ok


def percentiles(values):
    if len(values) < 2:
        return (values[0],) * 3 if values else (0.0, 0.0, 0.0)
    q = statistics.quantiles(values, n=100, method="inclusive")
    return q[49], q[94], q[98]


def report(results, losses, drafts_ok, versions_ok, name):
    load_average = "/".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"\n{APPLICANTS} autosaving + {SUBMITTERS} submitting clients, gunicorn {pages.WORKERS} workers, "
        f"{results.seconds:.0f} s, {os.cpu_count()} CPU, load {load_average}"
    )
    print(
        f"{'żądanie':10} {'liczba':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'błędy':>6}  cel"
    )
    late = sum(1 for _k, _c, problem in results.errors if problem == "late")
    for kind, values in results.latency.items():
        p50, p95, p99 = percentiles(values)
        errors = sum(1 for k, _c, p in results.errors if k == kind and p != "late")
        goal = f"p95 ≤ {TARGET_P95_MS} ms: {'tak' if p95 <= TARGET_P95_MS else 'NIE'}"
        print(f"{kind:10} {len(values):>6} {p50:>7.1f} {p95:>7.1f} {p99:>7.1f} {errors:>6}  {goal}")
    print(
        f"{results.requests / results.seconds:.1f} req/s, {results.server_errors} answers 5xx; "
        f"form logins: {len(results.login_ms)}, median {statistics.median(results.login_ms or [0]):.0f} ms"
    )
    if late:
        print(
            f"{late} submissions reached a worker after closes_at and were refused (422, "
            "„Termin składania zgłoszeń … minął”): queued too long, nothing stored for them"
        )
    doubles = sum(1 for answers in results.submit_answers.values() if len(answers) == 2)
    print(
        f"verified: {drafts_ok}/{APPLICANTS} last drafts stored as acknowledged; "
        f"{versions_ok}/{len(results.submitted)} submissions with one version and a matching "
        f"SHA-256 ({doubles} double clicks)"
    )
    shown = [e for e in results.errors if e[2] != "late"]
    for kind, client, problem in shown[:10]:
        print(f"  ERROR {kind} client {client}: {problem}")
    if losses:
        print(f"LOST ({len(losses)}):")
        for loss in losses[:50]:
            print(f"  {loss}")
    else:
        print("zero lost")
    if not SQLITE:  # the SQLite file goes with the run's temporary folder
        print(f"(database {name} kept)")


def main():
    private = Path(tempfile.mkdtemp(prefix="k3d-bench-recruitment-"))
    if SQLITE:
        # One SQLite file shared by the gunicorn workers and the task worker, as a small
        # installation runs it (`make run` without PostgreSQL).
        admin_url, name = None, str(private / "bench.sqlite3")
        db_url = f"sqlite:///{name}"
    else:
        admin_url, _db_url, _name = pages.bench_database_url()
        parts = urlparse(admin_url)
        name = parts.path.lstrip("/") + "_bench_recruitment"
        db_url = urlunparse(parts._replace(path="/" + name))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "k3d.settings.production",
        "DATABASE_URL": db_url,
        "SECRET_KEY": "bench-only-secret-key-kooperacje3d-0123456789",
        "ALLOWED_HOSTS": pages.HOST,
        "SITE_URL": f"http://{pages.HOST}",
        "SECURE_COOKIES": "false",
        "LOG_LEVEL": "WARNING",
        "MEDIA_ROOT": str(private / "media"),
        "PRIVATE_MEDIA_ROOT": str(private / "private"),
        # The receipt e-mail (with its PDF) is built on every submission, then dropped.
        "EMAIL_URL": "dummymail://",
        # As in production: the receipt e-mail is queued, and a worker (started below, on the
        # same cores) renders and sends it outside the applicant's request.
        "TASKS_BACKEND": "database",
    }
    env.pop("ELASTICSEARCH_URL", None)
    os.environ.update(env)
    os.environ.pop("ELASTICSEARCH_URL", None)
    total = APPLICANTS + SUBMITTERS
    began = time.perf_counter()
    try:
        print(f"Database {name}: migrating…", flush=True)
        if admin_url:
            pages.create_database(admin_url, name)
        pages.run(env, "migrate", "--no-input")
        pages.run(env, "collectstatic", "--no-input")
        import django

        django.setup()
        from django.db import transaction

        start = time.perf_counter()
        with transaction.atomic():  # one commit: the services' own atomic blocks nest
            rows, call_pk = setup_data(total)
        clients = [
            (username, user_pk, app_pk, None if i < FORM_LOGINS else session_for(user_pk))
            for i, (username, user_pk, app_pk) in enumerate(rows)
        ]
        print(
            f"{total} JST, accounts and complete drafts with a signed form in "
            f"{time.perf_counter() - start:.0f} s",
            flush=True,
        )
        from django.db import connection

        connection.close()  # the threads below use their own connections
        process = pages.start_gunicorn(env, pages.WORKERS)
        worker = subprocess.Popen(
            # At a lower CPU priority, as README advises for production: the receipt e-mail
            # may wait a few seconds during the rush, the applicants' requests may not.
            ["nice", "-n", "10", pages.PYTHON, "manage.py", "db_worker", "--no-startup-delay"]
            + ["--interval", "0.5"],
            cwd=pages.ROOT,
            env=env,
            start_new_session=True,
        )
        try:
            results = run_load(clients, call_pk)
        finally:
            pages.stop(process)
            pages.stop(worker)
        losses, drafts_ok, versions_ok = verify(results, clients)
    finally:
        shutil.rmtree(private, ignore_errors=True)
    report(results, losses, drafts_ok, versions_ok, name)
    print(f"total {time.perf_counter() - began:.0f} s")
    if losses or results.server_errors:
        sys.exit("Lost data or 5xx answers (see above).")


if __name__ == "__main__":
    main()
