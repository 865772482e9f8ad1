"""Benchmark of scoring and ranking a call: 1,000 applications with three substantive cards each.

    make bench-ranking            # or: .venv/bin/python bench/ranking.py [--applications 1000]

Issue 7, "Speed": ranking a call of 1,000 applications with three cards each in under one second.
The call is generated with a seeded generator (five criteria, 50 points, a per-criterion minimum,
two tie-breaker criteria, three JST types with quotas); each repetition runs
`scoring.score_application` for every application, builds the candidates and runs
`ranking.rank`, as the results will. The functions are pure: no database, no services, no Django
setup (nothing in them needs settings).
"""

import argparse
import os
import random
import statistics
import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from recruitment import ranking, scoring  # noqa: E402

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
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
