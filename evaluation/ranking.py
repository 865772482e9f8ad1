"""The ranking list of a call: order per JST type, selected within the quota, reserve, not selected.

Pure functions (no ORM), implementing DOMAIN.md, "Recruitment of JST", "Ranking"; the scores come
from `evaluation.scoring`.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from evaluation.scoring import ApplicationScore


class Status(StrEnum):
    """The result of an application on the list; the values are those of ApplicationState
    (a StrEnum: a str and an Enum, so `str(Status.RESERVE)` is "reserve")."""

    SELECTED = "selected"
    RESERVE = "reserve"
    NOT_SELECTED = "not_selected"


@dataclass(frozen=True)
class Candidate:
    """One scored application as the ranking sees it."""

    application_id: int
    jst_type: str
    final_score: Decimal
    # The criterion scores of the call's tie-breaker criteria, in tie-breaker order.
    tie_scores: tuple[Decimal, ...]
    submitted_at: datetime
    passes: bool


@dataclass(frozen=True)
class Placement:
    """One row of the ranking list."""

    application_id: int
    jst_type: str
    position: int  # 1-based within its JST type, over all its candidates
    status: Status
    reserve_position: int | None  # 1-based on the reserve list of its JST type
    final_score: Decimal


def tie_breaker_indices(tie_breaker_orders: Sequence[int | None]) -> list[int]:
    """The indexes of the tie-breaker criteria, ordered by their `tie_breaker_order`
    (SubstantiveCriterion); criteria without one are skipped. Two criteria with the same order
    keep the order of the card."""
    return [
        index
        for order, index in sorted(
            (order, index) for index, order in enumerate(tie_breaker_orders) if order is not None
        )
    ]


def candidate(
    application_id: int,
    jst_type: str,
    score: ApplicationScore,
    submitted_at: datetime,
    tie_indices: Sequence[int],
) -> Candidate:
    """A Candidate from an application's complete score and the call's `tie_breaker_indices`."""
    if score.final is None or score.passes is None:
        raise ValueError(f"application {application_id!r} is not fully scored yet")
    return Candidate(
        application_id=application_id,
        jst_type=jst_type,
        final_score=score.final,
        tie_scores=tuple(score.criterion_scores[i] for i in tie_indices),
        submitted_at=submitted_at,
        passes=score.passes,
    )


def _order_key(c: Candidate) -> tuple[bool, Decimal, tuple[Decimal, ...], datetime, int]:
    # DOMAIN.md: final score descending, then the tie-breaker criteria in order (descending), then
    # the earlier submission; the application id last so that the list never depends on the order
    # the candidates came in. Passing applications come first: one that misses a per-criterion
    # minimum stays below every passing one even with a higher total.
    return (
        not c.passes,
        -c.final_score,
        tuple(-s for s in c.tie_scores),
        c.submitted_at,
        c.application_id,
    )


def rank(candidates: Iterable[Candidate], quotas: Mapping[str, int]) -> list[Placement]:
    """The ranking list, sorted by JST type and position.

    Per JST type, passing applications within the quota are selected, the passing ones beyond it
    go to the reserve list in order, the others are not selected (DOMAIN.md). A JST type without
    an entry in `quotas` has no places: all its passing applications go to the reserve list, in
    order, so that nobody is selected by an omission and the order is there if places are added.
    """
    by_type: dict[str, list[Candidate]] = defaultdict(list)
    seen: set[int] = set()
    for c in candidates:
        if c.application_id in seen:
            raise ValueError(f"application {c.application_id!r} is ranked twice")
        seen.add(c.application_id)
        by_type[c.jst_type].append(c)
    for jst_type, quota in quotas.items():
        if isinstance(quota, bool) or not isinstance(quota, int) or quota < 0:
            raise ValueError(f"the quota of {jst_type!r} must be an int >= 0, not {quota!r}")

    placements: list[Placement] = []
    for jst_type in sorted(by_type):
        group = by_type[jst_type]
        if len({len(c.tie_scores) for c in group}) != 1:
            raise ValueError(f"candidates of {jst_type!r} have different numbers of tie scores")
        group.sort(key=_order_key)
        quota = quotas.get(jst_type, 0)
        selected = reserve = 0
        for position, c in enumerate(group, start=1):
            reserve_position = None
            if not c.passes:
                status = Status.NOT_SELECTED
            elif selected < quota:
                selected += 1
                status = Status.SELECTED
            else:
                reserve += 1
                status = Status.RESERVE
                reserve_position = reserve
            placements.append(
                Placement(
                    application_id=c.application_id,
                    jst_type=jst_type,
                    position=position,
                    status=status,
                    reserve_position=reserve_position,
                    final_score=c.final_score,
                )
            )
    return placements


# --- why neighbours with equal final scores stand in their order ----------------------------------


class TieReason(StrEnum):
    """Which rule of `_order_key` put an application below its neighbour of equal final score."""

    MINIMUM = "minimum"  # the one below misses a per-criterion minimum, the one above does not
    CRITERION = "criterion"  # a tie-breaker criterion, in the call's order
    SUBMISSION = "submission"  # the earlier submission
    APPLICATION_ID = "application_id"  # the last resort: everything else is equal


@dataclass(frozen=True)
class TieBreak:
    """Why an application stands right below `above_id`, which has the same final score.

    For `CRITERION`, `tie_index` is the index of the deciding criterion in `Candidate.tie_scores`
    (`tie_breaker_indices` maps it to the criterion) and the values are the two applications'
    scores in it; for `SUBMISSION` they are the submission times; for `APPLICATION_ID` the ids."""

    above_id: int
    reason: TieReason
    tie_index: int | None = None
    above_value: Decimal | datetime | int | None = None
    own_value: Decimal | datetime | int | None = None


def tie_break_between(above: Candidate, below: Candidate) -> TieBreak | None:
    """Why `above` comes before `below` when their final scores are equal: the first rule of the
    ranking's order (`_order_key`) that tells them apart. None when the final scores differ, or
    when that rule would put them the other way round (the candidates are not the ones ranked)."""
    if above.final_score != below.final_score:
        return None
    if above.passes != below.passes:
        return TieBreak(above.application_id, TieReason.MINIMUM) if above.passes else None
    for index, (mine, theirs) in enumerate(zip(above.tie_scores, below.tie_scores, strict=True)):
        if mine != theirs:
            if mine < theirs:
                return None
            return TieBreak(above.application_id, TieReason.CRITERION, index, mine, theirs)
    if above.submitted_at != below.submitted_at:
        if above.submitted_at > below.submitted_at:
            return None
        return TieBreak(
            above.application_id,
            TieReason.SUBMISSION,
            above_value=above.submitted_at,
            own_value=below.submitted_at,
        )
    if above.application_id >= below.application_id:
        return None
    return TieBreak(
        above.application_id,
        TieReason.APPLICATION_ID,
        above_value=above.application_id,
        own_value=below.application_id,
    )


def explain_ties(
    candidates: Iterable[Candidate], placements: Iterable[Placement]
) -> dict[int, TieBreak]:
    """{application id: TieBreak} for every application placed right below one of its JST type
    with the same final score (DOMAIN.md: ties broken by the tie-breaker criteria in order, then
    by the earlier submission; the application id is the ranking's last resort).

    `placements` are those of `rank` or frozen ones; a pair whose candidates are missing, or
    whose candidates' data would order them the other way, is left out."""
    by_id = {c.application_id: c for c in candidates}
    ordered = sorted(placements, key=lambda p: (p.jst_type, p.position))
    explained: dict[int, TieBreak] = {}
    for above, below in zip(ordered, ordered[1:], strict=False):
        if above.jst_type != below.jst_type or above.final_score != below.final_score:
            continue
        first, second = by_id.get(above.application_id), by_id.get(below.application_id)
        if first is None or second is None:
            continue
        tie = tie_break_between(first, second)
        if tie is not None:
            explained[below.application_id] = tie
    return explained
