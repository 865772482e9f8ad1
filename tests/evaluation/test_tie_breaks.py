"""Ties explained (issue #25): for applications with equal final scores the ranking says which
rule decided their order — a tie-breaker criterion of the call, in order, then the earlier
submission (DOMAIN.md), and the application's id only as the last resort, said so. The pure rule
(`ranking.explain_ties`), the chair's results page and the public results page."""

import datetime
from datetime import UTC, timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.urls import reverse
from django.utils import formats, timezone, translation

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from core.choices import JSTType
from evaluation import publication, results
from evaluation.ranking import (
    Candidate,
    Placement,
    Status,
    TieBreak,
    TieReason,
    explain_ties,
    rank,
    tie_break_between,
)
from recruitment.models import Application, CallQuota

URBAN = JSTType.URBAN_MUNICIPALITY.value
START = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def _c(application_id, final, tie=(), minutes=0, passes=True, jst_type=URBAN):
    return Candidate(
        application_id=application_id,
        jst_type=jst_type,
        final_score=Decimal(final),
        tie_scores=tuple(Decimal(s) for s in tie),
        submitted_at=START + timedelta(minutes=minutes),
        passes=passes,
    )


def _explain(*candidates, quotas=None):
    return explain_ties(candidates, rank(candidates, quotas or {URBAN: 1}))


# --- the pure rule -------------------------------------------------------------------------------


def test_the_first_tie_breaker_that_differs_decides():
    ties = _explain(_c(1, "20", ("7.00", "9.00")), _c(2, "20", ("8.50", "3.00")))
    assert ties == {
        1: TieBreak(2, TieReason.CRITERION, 0, Decimal("8.50"), Decimal("7.00")),
    }
    ties = _explain(_c(1, "20", ("8.00", "6.50")), _c(2, "20", ("8.00", "7.00")))
    assert ties == {1: TieBreak(2, TieReason.CRITERION, 1, Decimal("7.00"), Decimal("6.50"))}


def test_equal_tie_breakers_leave_it_to_the_earlier_submission():
    ties = _explain(_c(1, "20", ("8.00",), minutes=5), _c(2, "20", ("8.00",), minutes=1))
    assert ties == {
        1: TieBreak(
            2,
            TieReason.SUBMISSION,
            above_value=START + timedelta(minutes=1),
            own_value=START + timedelta(minutes=5),
        )
    }


def test_the_application_id_only_when_everything_else_is_equal():
    ties = _explain(_c(9, "20", ("8.00",)), _c(4, "20", ("8.00",)))
    assert ties == {9: TieBreak(4, TieReason.APPLICATION_ID, above_value=4, own_value=9)}


def test_a_missed_minimum_with_an_equal_final_score():
    ties = _explain(_c(1, "20", passes=False), _c(2, "20"))
    assert ties == {1: TieBreak(2, TieReason.MINIMUM)}


def test_no_explanation_without_a_tie_between_neighbours():
    # Different scores, different JST types, and the first of a tied group: nothing to say.
    candidates = [
        _c(1, "21"),
        _c(2, "20", minutes=1),
        _c(3, "20", minutes=2),
        _c(4, "20", jst_type="powiat"),
    ]
    assert set(explain_ties(candidates, rank(candidates, {URBAN: 1}))) == {3}
    # The third of three equal ones is explained against the second, not the first.
    three = [_c(1, "20", ("9",)), _c(2, "20", ("8",)), _c(3, "20", ("8",), minutes=3)]
    ties = explain_ties(three, rank(three, {URBAN: 1}))
    assert ties[2].above_id == 1 and ties[2].reason == TieReason.CRITERION
    assert ties[3].above_id == 2 and ties[3].reason == TieReason.SUBMISSION


def test_an_order_the_data_contradicts_is_not_explained():
    # Frozen placements that the candidates' data would order the other way round.
    above, below = _c(1, "20", ("7",)), _c(2, "20", ("8",))
    assert tie_break_between(above, below) is None
    placements = [
        Placement(1, URBAN, 1, Status.SELECTED, None, Decimal("20")),
        Placement(2, URBAN, 2, Status.RESERVE, 1, Decimal("20")),
    ]
    assert explain_ties([above, below], placements) == {}
    assert explain_ties([above], placements) == {}  # a candidate missing


def _independent_reason(above, below):
    """DOMAIN.md's order of rules, written apart from `evaluation.ranking`."""
    if above.passes != below.passes:
        return (TieReason.MINIMUM,)
    for index in range(len(above.tie_scores)):
        if above.tie_scores[index] != below.tie_scores[index]:
            assert above.tie_scores[index] > below.tie_scores[index]
            return (TieReason.CRITERION, index)
    if above.submitted_at != below.submitted_at:
        assert above.submitted_at < below.submitted_at
        return (TieReason.SUBMISSION,)
    assert above.application_id < below.application_id
    return (TieReason.APPLICATION_ID,)


@st.composite
def tied_candidates(draw):
    count = draw(st.integers(min_value=2, max_value=12))
    ties = draw(st.integers(min_value=0, max_value=2))
    ids = draw(st.lists(st.integers(1, 500), min_size=count, max_size=count, unique=True))
    return [
        _c(
            application_id,
            draw(st.sampled_from(["18", "19", "20"])),
            tuple(draw(st.sampled_from(["7", "8"])) for _ in range(ties)),
            minutes=draw(st.integers(0, 2)),
            passes=draw(st.booleans()),
            jst_type=draw(st.sampled_from([URBAN, "powiat"])),
        )
        for application_id in ids
    ]


@settings(deadline=None, max_examples=300)
@given(tied_candidates())
def test_every_tied_neighbour_is_explained_by_the_first_rule_that_tells_them_apart(candidates):
    placements = rank(candidates, {URBAN: 2, "powiat": 1})
    ties = explain_ties(candidates, placements)
    by_id = {c.application_id: c for c in candidates}
    expected = set()
    for above, below in zip(placements, placements[1:], strict=False):
        if above.jst_type != below.jst_type or above.final_score != below.final_score:
            continue
        expected.add(below.application_id)
        tie = ties[below.application_id]
        reason = _independent_reason(by_id[above.application_id], by_id[below.application_id])
        assert tie.above_id == above.application_id
        assert (tie.reason, tie.tie_index)[: len(reason)] == reason
    assert set(ties) == expected


# --- the pages ------------------------------------------------------------------------------------


@pytest.fixture(autouse=False)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def ties(db, _fresh_cache, call, chair_user, evaluators):
    """Urban municipalities (the call's tie-breakers: criterion 1, then 2) in pairs of equal
    final scores: decided by criterion 1, by criterion 2, by the submission, by the id."""
    from tests.evaluation.test_publication import scored

    CallQuota.objects.create(call=call, jst_type=URBAN, places=1)
    e = evaluators

    def pair(name, points):
        return scored(call, chair_user, e, URBAN, name, points, points)

    made = {
        "a": pair("Gmina Miejska Alfa", [9, 7, 4]),  # 20, K1 9
        "b": pair("Gmina Miejska Beta", [7, 9, 4]),  # 20, K1 7
        "c": pair("Gmina Miejska Gamma", [8, 8, 2]),  # 18, K1 8, K2 8
        "d": pair("Gmina Miejska Delta", [8, 7, 3]),  # 18, K1 8, K2 7
        "e": pair("Gmina Miejska Epsilon", [6, 6, 4]),  # 16, submitted earlier
        "f": pair("Gmina Miejska Zeta", [6, 6, 4]),  # 16, submitted later
        "g": pair("Gmina Miejska Eta", [5, 6, 4]),  # 15, the same moment as "h"
        "h": pair("Gmina Miejska Theta", [5, 6, 4]),
    }
    same = made["g"].submitted_at
    Application.objects.filter(pk=made["h"].pk).update(submitted_at=same)
    return made


EXPECTED = {
    "b": "Przy równej ocenie końcowej z miejscem 1 o kolejności zdecydowało kryterium 1 "
    "„Gotowość do partnerstwa.” (9,00 wobec 7,00).",
    "d": "Przy równej ocenie końcowej z miejscem 3 o kolejności zdecydowało kryterium 2 "
    "„Doświadczenie ośrodka.” (8,00 wobec 7,00).",
}


def _table_texts(html):
    """{JST name: the text of its row's last cell} of the ranking tables."""
    soup = BeautifulSoup(html, "html.parser")
    found = {}
    for row in soup.select("main tbody tr"):
        name = row.find("th")
        cells = row.find_all("td")
        if name and cells:
            found[name.get_text(" ", strip=True)] = cells[-1].get_text(" ", strip=True)
    return found


def _check(found, made):
    def text(key):
        return next(v for k, v in found.items() if made[key].institution.name in k)

    for key in ("a", "c", "e", "g"):
        assert text(key) == "", key
    assert text("b") == EXPECTED["b"]
    assert text("d") == EXPECTED["d"]
    with translation.override("pl"):
        earlier, later = (
            formats.date_format(timezone.localtime(made[k].submitted_at), "j E Y, H:i:s")
            for k in ("e", "f")
        )
    assert text("f") == (
        "Przy równej ocenie końcowej z miejscem 5 o kolejności zdecydowało wcześniejsze "
        f"złożenie zgłoszenia ({earlier} wobec {later})."
    )
    assert made["e"].submitted_at < made["f"].submitted_at
    # "g" and "h" were submitted at the same moment: the id, the last resort, said so.
    first, second = sorted([made["g"].pk, made["h"].pk])
    assert text("h" if made["h"].pk == second else "g") == (
        "Przy równej ocenie końcowej z miejscem 7 o kolejności zdecydował numer zgłoszenia "
        f"w systemie ({first} przed {second}) – ostatnie kryterium, stosowane tylko wtedy, "
        "gdy wszystkie inne są równe."
    )


@pytest.mark.django_db
def test_the_chairs_ranking_says_what_decided_each_tie(client, call, chair_user, ties):
    client.force_login(chair_user)
    response = client.get(reverse("evaluation:results", args=[call.pk]))
    assert response.status_code == 200
    _check(_table_texts(response.content.decode()), ties)


@pytest.mark.django_db
def test_the_public_page_says_it_from_the_published_version(
    client, call, chair_user, ties, django_capture_on_commit_callbacks
):
    result_list = publication.approve(call, chair_user)
    with django_capture_on_commit_callbacks(execute=True):
        publication.publish(result_list, chair_user)
    url = call.get_url() + call.reverse_subpage("results")
    response = client.get(url)
    assert response.status_code == 200
    found = _table_texts(response.content.decode())
    _check(found, ties)
    # The same from the frozen entries as from the live ranking.
    live = {row.application.institution.name: row.tie_text for row in results.rank_call(call)}
    assert {name: found[name] for name in live} == live


@pytest.mark.django_db
def test_cards_that_did_not_count_then_give_no_reason(call, chair_user, ties):
    result_list = publication.approve(call, chair_user)
    entries = list(result_list.entries.all())
    # As if the version had been approved before any card was submitted: the cards then do not
    # give the frozen scores, so only the equality is stated.
    before = SimpleNamespace(approved_at=START - timedelta(days=365))
    texts = results.frozen_tie_texts(call, before, entries)
    assert texts[ties["b"].pk] == "Równa ocena końcowa z miejscem 1."
    assert texts[ties["d"].pk] == "Równa ocena końcowa z miejscem 3."
    assert ties["a"].pk not in texts
    # The real approval time gives the reasons.
    texts = results.frozen_tie_texts(call, result_list, entries)
    assert texts[ties["b"].pk] == EXPECTED["b"]


@pytest.mark.django_db
def test_the_ranking_pdf_for_signing_says_it_too_draft_and_approved_version(
    client, call, chair_user, ties
):
    """The list the commission signs explains its ties as the pages do: the draft from the live
    ranking, an approved version from its frozen entries."""
    from tests.evaluation.test_exports import pdf_text

    client.force_login(chair_user)
    path = reverse("evaluation:ranking_pdf", args=[call.pk])
    draft = pdf_text(client.get(path))
    publication.approve(call, chair_user)
    approved = pdf_text(client.get(path + "?wersja=1"))
    for text in (draft, approved):
        assert EXPECTED["b"] in text
        assert EXPECTED["d"] in text
        assert "ostatnie kryterium, stosowane tylko wtedy, gdy wszystkie inne są równe." in text
