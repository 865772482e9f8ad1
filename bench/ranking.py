"""Benchmark of scoring and ranking a call: 1,000 applications with three substantive cards each.

    make bench-ranking            # or: .venv/bin/python bench/ranking.py [--applications 1000]

Issue 7, "Speed": ranking a call of 1,000 applications with three cards each in under one second.
The call is generated with a seeded generator (five criteria, 50 points, a per-criterion minimum,
two tie-breaker criteria, three JST types with quotas); each repetition runs
`scoring.score_application` for every application, builds the candidates and runs
`ranking.rank`, as the results will. The functions are pure: no database, no services, no Django
setup (nothing in them needs settings).

Then the same call "from the database": on a temporary SQLite database (settings
k3d.settings.dev, migrated) the generated call is stored through the real models (the call page
with its criteria and quotas, 1,000 JST and scored applications, three evaluators, three submitted
cards per application with their scores; bulk_create, not timed), and each repetition times
`evaluation.results.rank_call(call)`: the queries, the model rows, scoring and ranking. Its list
must equal the pure one. Skip it with --pure-only.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evaluation import ranking, scoring  # noqa: E402

TARGET_MS = 1000
MAX_POINTS = [10, 15, 10, 5, 10]
MINIMUMS = [None, 5, None, None, None]
TIE_BREAKER_ORDERS = [None, 1, None, 2, None]
# JST type: (share of the applications, places)
TYPES = {"gmina_miejska": (0.6, 40), "powiat": (0.3, 20), "miasto_na_prawach_powiatu": (0.1, 10)}


def generate(count, seed):
    """Applications as (id, JST type, submitted_at, [card, card, card]): each application has a
    quality and each evaluator scores around it, sometimes far off, so that there are
    divergences, halfway thirds, ties and applications below the threshold or a minimum."""
    rnd = random.Random(seed)
    opens = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    types = list(TYPES)
    weights = [share for share, _ in TYPES.values()]
    applications = []
    for application_id in range(1, count + 1):
        quality = rnd.uniform(0.3, 0.95)
        cards = []
        for _ in range(3):
            bias = rnd.gauss(0, 0.25 if rnd.random() < 0.15 else 0.08)
            cards.append(
                [
                    min(top, max(0, round(top * (quality + bias + rnd.gauss(0, 0.05)))))
                    for top in MAX_POINTS
                ]
            )
        applications.append(
            (
                application_id,
                rnd.choices(types, weights)[0],
                opens + timedelta(seconds=rnd.randrange(14 * 24 * 3600)),
                cards,
            )
        )
    return applications


def score_and_rank(applications, quotas, tie_indices):
    candidates = []
    for application_id, jst_type, submitted_at, cards in applications:
        score = scoring.score_application(cards, MAX_POINTS, MINIMUMS)
        candidates.append(
            ranking.candidate(application_id, jst_type, score, submitted_at, tie_indices)
        )
    return ranking.rank(candidates, quotas)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", 20)))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat-db", type=int, default=int(os.environ.get("BENCH_REPEAT_DB", 10)))
    parser.add_argument("--pure-only", action="store_true", help="skip the database part")
    args = parser.parse_args()

    applications = generate(args.applications, args.seed)
    quotas = {jst_type: places for jst_type, (_, places) in TYPES.items()}
    tie_indices = ranking.tie_breaker_indices(TIE_BREAKER_ORDERS)

    placements = score_and_rank(applications, quotas, tie_indices)  # warm-up, and the figures
    timings, scoring_only = [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        score_and_rank(applications, quotas, tie_indices)
        timings.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        for _, _, _, cards in applications:
            scoring.score_application(cards, MAX_POINTS, MINIMUMS)
        scoring_only.append((time.perf_counter() - start) * 1000)

    tracemalloc.start()
    score_and_rank(applications, quotas, tie_indices)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    scores = [scoring.score_application(cards, MAX_POINTS, MINIMUMS) for *_, cards in applications]
    third = sum(s.needs_third for s in scores)
    halfway = sum(
        abs(s.totals[2] - s.totals[0]) == abs(s.totals[2] - s.totals[1])
        and s.totals[0] != s.totals[1]
        for s in scores
    )
    print(
        f"{args.applications} applications, 3 cards each, {len(MAX_POINTS)} criteria "
        f"(max {sum(MAX_POINTS)}, threshold {scores[0].threshold}); the rule called a third "
        f"evaluator for {third}, the third was halfway for {halfway}"
    )
    for jst_type in TYPES:
        rows = [p for p in placements if p.jst_type == jst_type]
        counts = {s.value: sum(p.status == s for p in rows) for s in ranking.Status}
        print(
            f"  {jst_type:<26} {len(rows):>4} applications, quota {quotas[jst_type]:>3}: {counts}"
        )
    median = statistics.median(timings)
    print(
        f"\nscoring + ranking, {args.repeat} repetitions: median {median:.1f} ms, "
        f"best {min(timings):.1f} ms, worst {max(timings):.1f} ms "
        f"(scoring alone: median {statistics.median(scoring_only):.1f} ms)"
    )
    print(f"peak memory (tracemalloc, one pass): {peak / 2**20:.2f} MiB")
    met = max(timings) < TARGET_MS
    print(f"target < 1 s (the worst repetition): {'met' if met else 'NOT met'}")
    if not args.pure_only:
        with tempfile.TemporaryDirectory(prefix="k3d-bench-ranking-") as tmp:
            met = from_database(Path(tmp), applications, placements, args.repeat_db) and met
    return 0 if met else 1


# --- from the database ----------------------------------------------------------------------------


def _setup_django(workdir):
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "k3d.settings.dev"
    os.environ["DEBUG"] = "false"
    os.environ["TASKS_BACKEND"] = "database"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def new_institution(number, jst_type, teryt=None):
    """An unsaved JST of the benches (for `bulk_create`): number `number`, its TERYT `teryt`
    (by default the number itself on seven digits)."""
    from recruitment.models import CentreKind, Institution

    return Institution(
        name=f"JST testowa {number}",
        jst_type=jst_type,
        teryt=teryt or f"{number:07d}",
        regon=f"{number:09d}",
        nip=f"{number:010d}",
        street_address="ul. Rynek 1",
        postal_code="45-015",
        city="Opole",
        population=45_000,
        population_year=2017,
        centre_name="Ośrodek Pomocy Społecznej",
        centre_kind=CentreKind.PCPR if jst_type == "powiat" else CentreKind.OPS,
        centre_street_address="ul. Rynek 2",
        centre_postal_code="45-015",
        centre_city="Opole",
        centre_email="ops@example.pl",
        centre_phone="77 000 00 00",
    )


def submit_scores(cards, points, criteria, **submitted):
    """Store each draft card's points (a justification below the maximum), then submit the
    cards (`submitted`: more fields to set, e.g. `submitted_at`). Scores go in while the cards
    are drafts: the database refuses them on a submitted card."""
    from evaluation.models import CardScore, CardStatus, SubstantiveCard

    CardScore.objects.bulk_create(
        (
            CardScore(
                card=card,
                criterion=criterion,
                points=value,
                justification="" if value == criterion.max_points else "Uzasadnienie.",
            )
            for card, values in zip(cards, points, strict=True)
            for criterion, value in zip(criteria, values, strict=True)
        ),
        batch_size=500,
    )
    SubstantiveCard.objects.filter(pk__in=[card.pk for card in cards]).update(
        status=CardStatus.SUBMITTED, **submitted
    )


def new_call(
    parent,
    *,
    title="Nabór do oceny (bench)",
    slug="nabor-bench",
    number="99/2026/OP",
    max_points=MAX_POINTS,
    minimums=MINIMUMS,
    tie_breaker_orders=TIE_BREAKER_ORDERS,
    types=TYPES,
    quotas=True,
):
    """A closed call of the Opole partner under `parent`, with one formal criterion, the given
    substantive criteria and (unless not `quotas`) a quota per JST type of `types` ({type:
    (share, places)}); the
    benches of the ranking, the statistics and the calibration build their calls with it."""
    from django.utils import timezone

    from core.choices import Voivodeship
    from recruitment.models import CallPage, CallQuota, FormalCriterion, SubstantiveCriterion

    now = timezone.now()
    return parent.add_child(
        instance=CallPage(
            title=title,
            slug=slug,
            number=number,
            partner="rops-opole",
            voivodeship=Voivodeship.OPOLSKIE,
            opens_at=now - timedelta(days=60),
            closes_at=now - timedelta(days=30),
            eligible_jst_types=list(types),
            formal_criteria=[FormalCriterion(text="Zgłoszenie złożono w terminie.")],
            substantive_criteria=[
                SubstantiveCriterion(
                    text=f"Kryterium {n + 1}.",
                    max_points=top,
                    min_points=minimum,
                    tie_breaker_order=order,
                    sort_order=n,
                )
                for n, (top, minimum, order) in enumerate(
                    zip(max_points, minimums, tie_breaker_orders, strict=True)
                )
            ],
            quotas=[
                CallQuota(jst_type=jst_type, places=places)
                for jst_type, (_, places) in types.items()
            ]
            if quotas
            else [],
        )
    )


def _store_call(applications):
    """The generated call stored through the real models: (call, {pk: generated id})."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from wagtail.models import Page

    from evaluation.models import Assignment, AssignmentKind, CardStatus, SubstantiveCard
    from recruitment.models import (
        Application,
        ApplicationState,
        CallIndexPage,
        Institution,
    )

    now = timezone.now()
    index = Page.get_first_root_node().add_child(
        instance=CallIndexPage(title="Nabory", slug="nabory-bench")
    )
    call = new_call(index)
    criteria = list(call.substantive_criteria.order_by("sort_order", "pk"))
    User = get_user_model()
    evaluators = [
        User.objects.create_user(
            username=f"oceniajacy{n}", email=f"oceniajacy{n}@example.pl", password=None
        )
        for n in (1, 2, 3)
    ]
    institutions = Institution.objects.bulk_create(
        new_institution(application_id, jst_type) for application_id, jst_type, _, _ in applications
    )
    stored = Application.objects.bulk_create(
        Application(
            call=call,
            institution=institution,
            state=ApplicationState.SCORED,
            number=f"99/2026/OP/{application_id:04d}",
            submitted_at=submitted_at,
            version=1,
        )
        for institution, (application_id, _, submitted_at, _) in zip(
            institutions, applications, strict=True
        )
    )
    kinds = [AssignmentKind.FIRST, AssignmentKind.SECOND, AssignmentKind.THIRD]
    assignments = Assignment.objects.bulk_create(
        Assignment(application=application, evaluator=evaluator, kind=kind, due_date=now.date())
        for application in stored
        for evaluator, kind in zip(evaluators, kinds, strict=True)
    )
    points = [card for *_, cards in applications for card in cards]
    cards = SubstantiveCard.objects.bulk_create(
        SubstantiveCard(
            assignment=held,
            status=CardStatus.DRAFT,
            total=sum(card),
            saved_at=now,
            submitted_at=now,
        )
        for held, card in zip(assignments, points, strict=True)
    )
    submit_scores(cards, points, criteria)
    generated = {
        application.pk: application_id
        for application, (application_id, *_) in zip(stored, applications, strict=True)
    }
    return call, generated


def from_database(workdir, applications, pure_placements, repeat):
    start = time.perf_counter()
    _setup_django(workdir)
    call, generated = _store_call(applications)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from evaluation.results import rank_call

    print(
        f"\nfrom the database (SQLite, a temporary file; setup with migrate and bulk_create, "
        f"not timed: {time.perf_counter() - start:.1f} s)"
    )
    with CaptureQueriesContext(connection) as queries:
        ranked = rank_call(call)  # warm-up, the queries and the check
    rows = [
        (
            generated[row.application.pk],
            row.jst_type,
            row.position,
            row.status,
            row.reserve_position,
            row.score.final,
        )
        for row in ranked
    ]
    expected = [
        (p.application_id, p.jst_type, p.position, p.status, p.reserve_position, p.final_score)
        for p in pure_placements
    ]
    same = rows == expected and not ranked.pending
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        rank_call(call)
        timings.append((time.perf_counter() - start) * 1000)
    print(
        f"rank_call(call), {len(applications)} applications, {3 * len(applications)} cards, "
        f"{3 * len(applications) * len(MAX_POINTS)} card scores: {len(queries)} SQL queries; "
        f"{repeat} repetitions: median {statistics.median(timings):.1f} ms, "
        f"best {min(timings):.1f} ms, worst {max(timings):.1f} ms"
    )
    print(f"the list equals the pure one: {'yes' if same else 'NO'}")
    met = max(timings) < TARGET_MS
    print(f"target < 1 s (the worst repetition, from the database): {'met' if met else 'NOT met'}")
    return met and same


if __name__ == "__main__":
    sys.exit(main())
