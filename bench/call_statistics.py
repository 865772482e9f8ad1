"""Benchmark of the public statistics page of a call of 1,000 applications.

    .venv/bin/python bench/call_statistics.py [--applications 1000] [--repeat 15]

Issue 25: the page /nabory/<call>/statystyki/ renders in under 300 ms (median) for a call of
1,000 applications, in at most 20 SQL queries. On a temporary SQLite database (settings
k3d.settings.dev, migrated; no services) the call of `bench/ranking.py` (the same seeded
generator: five criteria, 50 points, three JST types) is stored through the real models under
the default site, with what the statistics count: JST from four voivodeships, 60 more
applications formally rejected, 120 supplemented after a call to supplement, two submitted cards
per application and a third where the rule calls for it, the published versions 1 and 2 of the
list (the pure ranking's entries) and 40 appeals (half upheld, a quarter rejected). Storing is
not timed. Each repetition then asks for the page with Django's test client (routing, the site
shell, `evaluation.statistics.call_statistics`, twelve SVG charts and their tables; the page
cache off) and, apart, times `call_statistics` alone. The script prints the median, best and
worst, and the SQL queries of one request; it exits 1 when a target is missed.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import timedelta  # noqa: E402

from bench.ranking import (  # noqa: E402
    MAX_POINTS,
    MINIMUMS,
    TIE_BREAKER_ORDERS,
    TYPES,
    generate,
    new_call,
    new_institution,
    score_and_rank,
    submit_scores,
)
from evaluation import ranking, scoring  # noqa: E402

TARGET_MS = 300
MAX_QUERIES = 20
VOIVODESHIPS = ["16", "16", "16", "12", "24", "10"]  # most from the call's own (opolskie)
REJECTED = 60
SUPPLEMENTED = 120
APPEALS = 40


def _setup_django(workdir):
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "k3d.settings.dev"
    os.environ["DEBUG"] = "false"
    os.environ["PAGE_CACHE_SECONDS"] = "0"  # every request renders the page
    os.environ["TASKS_BACKEND"] = "database"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _institution(number, jst_type, voivodeship):
    return new_institution(number, jst_type, f"{voivodeship}{number:05d}")


def store_call(applications, placements):
    """The generated call stored through the real models, published: the call page."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from wagtail.models import Site

    from evaluation.models import (
        Appeal,
        AppealDecision,
        Assignment,
        AssignmentKind,
        CardStatus,
        ResultEntry,
        ResultList,
        SubstantiveCard,
    )
    from recruitment.models import (
        Application,
        ApplicationState,
        CallIndexPage,
    )

    now = timezone.now()
    root = Site.objects.get(is_default_site=True).root_page
    index = root.add_child(instance=CallIndexPage(title="Nabory", slug="nabory"))
    call = new_call(index)
    criteria = list(call.substantive_criteria.order_by("sort_order", "pk"))
    User = get_user_model()
    evaluators = [
        User.objects.create_user(
            username=f"oceniajacy{n}", email=f"oceniajacy{n}@example.pl", password=None
        )
        for n in (1, 2, 3)
    ]
    chair = User.objects.create_user(username="przewodniczacy", password=None)
    from recruitment.models import Institution

    institutions = Institution.objects.bulk_create(
        _institution(number, jst_type, VOIVODESHIPS[number % len(VOIVODESHIPS)])
        for number, jst_type, _, _ in applications
    )
    placed = {p.application_id: p for p in placements}
    state = {
        ranking.Status.SELECTED: ApplicationState.SELECTED,
        ranking.Status.RESERVE: ApplicationState.RESERVE,
        ranking.Status.NOT_SELECTED: ApplicationState.NOT_SELECTED,
    }
    stored = Application.objects.bulk_create(
        Application(
            call=call,
            institution=institution,
            state=state[placed[number].status],
            number=f"99/2026/OP/{number:04d}",
            submitted_at=submitted_at,
            version=2 if number <= SUPPLEMENTED else 1,
            supplement_due=now - timedelta(days=20) if number <= SUPPLEMENTED else None,
        )
        for institution, (number, _, submitted_at, _) in zip(
            institutions, applications, strict=True
        )
    )
    rejected_institutions = Institution.objects.bulk_create(
        _institution(10_000 + n, "gmina_miejska", "16") for n in range(REJECTED)
    )
    Application.objects.bulk_create(
        Application(
            call=call,
            institution=institution,
            state=ApplicationState.FORMALLY_REJECTED,
            number=f"99/2026/OP/R{n:03d}",
            submitted_at=now - timedelta(days=35),
        )
        for n, institution in enumerate(rejected_institutions)
    )
    # Two cards each, and the third where the rule calls for it (as `bench/ranking.py` scores).
    kinds = [AssignmentKind.FIRST, AssignmentKind.SECOND, AssignmentKind.THIRD]
    held_cards = [
        (application, evaluator, kind, card)
        for application, (*_, generated) in zip(stored, applications, strict=True)
        for evaluator, kind, card in list(zip(evaluators, kinds, generated, strict=True))[
            : 3 if scoring.score_application(generated, MAX_POINTS, MINIMUMS).needs_third else 2
        ]
    ]
    assignments = Assignment.objects.bulk_create(
        Assignment(application=application, evaluator=evaluator, kind=kind, due_date=now.date())
        for application, evaluator, kind, _ in held_cards
    )
    points = [card for *_, card in held_cards]
    cards = SubstantiveCard.objects.bulk_create(
        SubstantiveCard(assignment=held, status=CardStatus.DRAFT, total=sum(card), saved_at=now)
        for held, card in zip(assignments, points, strict=True)
    )
    submit_scores(cards, points, criteria, submitted_at=now)
    by_number = {int(a.number.rsplit("/", 1)[1]): a for a in stored}
    lists = []
    for version, reason in ((1, ""), (2, "Ponowna ocena po uwzględnionych odwołaniach.")):
        result_list = ResultList.objects.create(
            call=call,
            version=version,
            reason=reason,
            approved_by=chair,
            approved_at=now - timedelta(days=10 - version),
        )
        ResultEntry.objects.bulk_create(
            ResultEntry(
                result_list=result_list,
                application=by_number[p.application_id],
                institution_name=f"JST testowa {p.application_id}",
                jst_type=p.jst_type,
                final_score=p.final_score,
                status=p.status.value,
                position=p.position,
                reserve_position=p.reserve_position,
            )
            for p in placements
        )
        # Entries go in before publication: the database refuses them in a published list.
        ResultList.objects.filter(pk=result_list.pk).update(
            published_by=chair, published_at=now - timedelta(days=10 - version)
        )
        lists.append(result_list)
    appealing = [a for a in stored if a.state != ApplicationState.SELECTED][:APPEALS]
    Appeal.objects.bulk_create(
        Appeal(
            application=application,
            result_list=lists[0],
            text="Kryterium 2 oceniono za nisko.",
            filed_by=chair,
            filed_at=now - timedelta(days=8),
            decision=(AppealDecision.UPHELD, AppealDecision.UPHELD, AppealDecision.REJECTED, "")[
                n % 4
            ],
        )
        for n, application in enumerate(appealing)
    )
    return call


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", 15)))
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    applications = generate(args.applications, args.seed)
    quotas = {jst_type: places for jst_type, (_, places) in TYPES.items()}
    placements = score_and_rank(
        applications, quotas, ranking.tie_breaker_indices(TIE_BREAKER_ORDERS)
    )
    with tempfile.TemporaryDirectory(prefix="k3d-bench-statistics-") as tmp:
        start = time.perf_counter()
        _setup_django(Path(tmp))
        call = store_call(applications, placements)
        setup = time.perf_counter() - start
        return measure(call, args.applications, args.repeat, setup)


def measure(call, count, repeat, setup):
    from django.db import connection
    from django.test import Client

    from evaluation.models import SubstantiveCard
    from evaluation.statistics import call_statistics

    client = Client(HTTP_HOST="localhost")
    url = f"{call.url}statystyki/"
    response = client.get(url)  # warm-up: the site, the settings and the templates
    assert response.status_code == 200, response.status_code
    queries, own = [], []

    def counter(into):
        def wrapper(execute, sql, params, many, context):
            into.append(sql)
            return execute(sql, params, many, context)

        return wrapper

    with connection.execute_wrapper(counter(queries)):
        response = client.get(url)
    with connection.execute_wrapper(counter(own)):
        stats = call_statistics(call)
    page, alone = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url)
        page.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        call_statistics(call)
        alone.append((time.perf_counter() - start) * 1000)
    body = response.content.decode()
    cards = SubstantiveCard.objects.count()
    print(
        f"{count} applications (+{REJECTED} formally rejected), {cards} cards, "
        f"{cards * len(MAX_POINTS)} card scores, 2 published versions of "
        f"{count} entries, {APPEALS} appeals; SQLite, a temporary file "
        f"(setup with migrate and bulk_create, not timed: {setup:.1f} s)"
    )
    print(
        f"submitted: {stats.submitted.text}; "
        + ", ".join(f"{f.label} {f.text}" for f in stats.evaluation)
        + "; by JST type: "
        + ", ".join(f"{f.label} {f.text}" for f in stats.by_jst_type)
        + f"; appeals: {', '.join(f'{f.label} {f.text}' for f in stats.appeals)}"
    )
    print(
        f"GET {url}: {len(response.content) / 1024:.0f} KiB, {body.count('<svg')} charts, "
        f"{body.count('<table')} tables, {len(queries)} SQL queries "
        f"(call_statistics alone: {len(own)})"
    )
    median = statistics.median(page)
    print(
        f"page, {repeat} requests: median {median:.1f} ms, best {min(page):.1f} ms, "
        f"worst {max(page):.1f} ms; call_statistics alone: median "
        f"{statistics.median(alone):.1f} ms"
    )
    met = median < TARGET_MS and len(queries) <= MAX_QUERIES
    print(
        f"target < {TARGET_MS} ms (median) and ≤ {MAX_QUERIES} queries: {'met' if met else 'NOT met'}"
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
