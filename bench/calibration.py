"""Benchmark of the chair's calibration page of a call of 1,000 applications (issue #25).

    .venv/bin/python bench/calibration.py [--applications 1000] [--repeat 10]

On a temporary SQLite database (settings k3d.settings.dev, migrated) a call is stored through the
real models (not timed): five criteria (50 points), 1,000 scored applications, twelve evaluators
with a bias each (from about −4 to +4 points in total), two submitted cards per application by a
rotating pair and a third one where `scoring.needs_third_evaluator` says the pair diverged, with
their scores (bulk_create), and the call's chair, who signed the declaration. Then the chair's
browser asks for /admin/ocena/<call>/kalibracja/ through Django's test client: the script prints
the SQL query count of one request, and the median, best and worst of `--repeat` requests (the
whole page: session, permissions, `evaluation.calibration.load`, the chart and the admin shell),
and of `calibration.load` alone. Target: the page's median under 300 ms; the queries ≤ 20.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import timedelta  # noqa: E402

from bench.ranking import _setup_django, new_call, new_institution  # noqa: E402

TARGET_MS = 300
MAX_QUERIES = 20
MAX_POINTS = [10, 15, 10, 5, 10]
EVALUATORS = 12


def generate(count, seed):
    """[(application number, [points of the first, second and a possible third card], (first,
    second, third evaluator))]: each application has a quality, each evaluator a bias."""
    rnd = random.Random(seed)
    biases = [rnd.uniform(-0.08, 0.08) for _ in range(EVALUATORS)]
    rows = []
    for number in range(1, count + 1):
        quality = rnd.uniform(0.3, 0.95)
        first, second, third = rnd.sample(range(EVALUATORS), 3)
        cards = [
            [
                min(top, max(0, round(top * (quality + biases[e] + rnd.gauss(0, 0.08)))))
                for top in MAX_POINTS
            ]
            for e in (first, second, third)
        ]
        rows.append((number, cards, (first, second, third)))
    return rows


def store_call(rows):
    """The call stored through the real models: (call, chair)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from wagtail.models import Page

    from core.roles import CHAIRS
    from core.roles import EVALUATORS as EVALUATOR_GROUP
    from evaluation import commission, scoring
    from evaluation.models import (
        Assignment,
        AssignmentKind,
        CardScore,
        CardStatus,
        CommissionMember,
        CommissionRole,
        SubstantiveCard,
    )
    from portal.accounts import ensure_role_groups
    from recruitment.models import (
        Application,
        ApplicationState,
        CallIndexPage,
        Institution,
    )

    ensure_role_groups()
    now = timezone.now()
    index = Page.get_first_root_node().add_child(
        instance=CallIndexPage(title="Nabory", slug="nabory-bench")
    )
    call = new_call(
        index,
        title="Nabór do kalibracji (bench)",
        slug="nabor-kalibracja",
        number="98/2026/OP",
        max_points=MAX_POINTS,
        minimums=[None] * len(MAX_POINTS),
        tie_breaker_orders=[None] * len(MAX_POINTS),
        types={"gmina_miejska": (1.0, 0)},
        quotas=False,
    )
    criteria = list(call.substantive_criteria.order_by("sort_order", "pk"))
    User = get_user_model()
    chair = User.objects.create_user(
        username="przewodniczacy", email="przewodniczacy@example.pl", password=None
    )
    chair.groups.add(Group.objects.get(name=CHAIRS))
    CommissionMember.objects.create(call=call, user=chair, role=CommissionRole.CHAIR)
    commission.sign_declaration(call, chair, ip_address="127.0.0.1")
    evaluators = [
        User.objects.create_user(
            username=f"oceniajacy{n}",
            email=f"oceniajacy{n}@example.pl",
            first_name="Oceniający",
            last_name=f"Numer {n + 1:02d}",
            password=None,
        )
        for n in range(EVALUATORS)
    ]
    Group.objects.get(name=EVALUATOR_GROUP).user_set.add(*evaluators)
    CommissionMember.objects.bulk_create(
        CommissionMember(call=call, user=user, role=CommissionRole.EVALUATOR) for user in evaluators
    )
    institutions = Institution.objects.bulk_create(
        new_institution(number, "gmina_miejska") for number, _cards, _who in rows
    )
    applications = Application.objects.bulk_create(
        Application(
            call=call,
            institution=institution,
            state=ApplicationState.SCORED,
            number=f"98/2026/OP/{number:04d}",
            submitted_at=now - timedelta(days=40, minutes=number),
            version=1,
        )
        for institution, (number, _cards, _who) in zip(institutions, rows, strict=True)
    )
    max_total = sum(MAX_POINTS)
    threshold = scoring.threshold_points(max_total)
    kinds = [AssignmentKind.FIRST, AssignmentKind.SECOND, AssignmentKind.THIRD]
    planned = []  # (application, evaluator, kind, points)
    for application, (_number, cards, who) in zip(applications, rows, strict=True):
        third = scoring.needs_third_evaluator(sum(cards[0]), sum(cards[1]), max_total, threshold)
        for index in range(3 if third else 2):
            planned.append((application, evaluators[who[index]], kinds[index], cards[index]))
    assignments = Assignment.objects.bulk_create(
        Assignment(application=application, evaluator=evaluator, kind=kind, due_date=now.date())
        for application, evaluator, kind, _points in planned
    )
    cards = SubstantiveCard.objects.bulk_create(
        SubstantiveCard(
            assignment=held,
            status=CardStatus.DRAFT,
            total=sum(points),
            saved_at=now,
            submitted_at=now,
        )  # fmt: skip
        for held, (*_rest, points) in zip(assignments, planned, strict=True)
    )
    CardScore.objects.bulk_create(
        (
            CardScore(card=card, criterion=criterion, points=value, justification="Uzasadnienie.")
            for card, (*_rest, points) in zip(cards, planned, strict=True)
            for criterion, value in zip(criteria, points, strict=True)
        ),
        batch_size=500,
    )
    # Scores go in while the cards are drafts: the database refuses them on a submitted card.
    SubstantiveCard.objects.filter(pk__in=[card.pk for card in cards]).update(
        status=CardStatus.SUBMITTED
    )
    return (
        call,
        chair,
        len(cards),
        sum(kind == AssignmentKind.THIRD for _a, _e, kind, _p in planned),
    )


def measure(call, chair, repeat):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from evaluation import calibration

    client = Client(HTTP_HOST="localhost")
    client.force_login(chair)
    url = reverse("evaluation:calibration", args=[call.pk])
    response = client.get(url)  # warm-up: the templates, the admin's menus
    assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    # Counted now: the next requests empty the log the context reads.
    query_count = len(queries)
    page, alone = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url)
        page.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        result = calibration.load(call)
        alone.append((time.perf_counter() - start) * 1000)
    return response, query_count, page, alone, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", 10)))
    parser.add_argument("--seed", type=int, default=25)
    args = parser.parse_args()

    rows = generate(args.applications, args.seed)
    with tempfile.TemporaryDirectory(prefix="k3d-bench-calibration-") as tmp:
        start = time.perf_counter()
        _setup_django(Path(tmp))
        call, chair, card_count, thirds = store_call(rows)
        setup = time.perf_counter() - start
        response, query_count, page, alone, result = measure(call, chair, args.repeat)

    body = response.content.decode()
    charts, tables = body.count('class="k3d-chart"'), body.count("<table")
    print(
        f"{args.applications} applications, {card_count} submitted cards ({thirds} of a third "
        f"evaluator), {card_count * len(MAX_POINTS)} card scores, {EVALUATORS} evaluators; "
        f"SQLite, a temporary file (setup with migrate and bulk_create, not timed: {setup:.1f} s)"
    )
    print(f"pairs compared: {result.pairs}; per evaluator (mean total difference, third share):")
    for row in result.evaluators:
        print(
            f"  {row.name:<24} {row.pair_cards:>4} pair cards  {row.total_difference_text:>7}  "
            f"third {row.third_count:>3} ({row.third_share_text})"
        )
    print(
        f"\nGET calibration page: {len(response.content) / 1024:.0f} KiB, "
        f"{charts} chart, {tables} tables, "
        f"{query_count} SQL queries; {args.repeat} requests: "
        f"median {statistics.median(page):.1f} ms, best {min(page):.1f} ms, "
        f"worst {max(page):.1f} ms"
    )
    print(
        f"calibration.load alone: median {statistics.median(alone):.1f} ms, "
        f"best {min(alone):.1f} ms, worst {max(alone):.1f} ms"
    )
    met = statistics.median(page) < TARGET_MS and query_count <= MAX_QUERIES
    print(
        f"target: median < {TARGET_MS} ms and ≤ {MAX_QUERIES} SQL queries: "
        f"{'met' if met else 'NOT met'}"
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
