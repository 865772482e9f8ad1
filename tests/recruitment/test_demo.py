"""The recruitment demo: /nabory/ with an open, an upcoming and a closed call; idempotent."""

import io

from django.utils import timezone

from recruitment import demo
from recruitment.models import (
    CallDocument,
    CallPage,
    CallStatus,
    FormalCriterion,
    Institution,
    SubstantiveCriterion,
)


def _snapshot():
    return {
        "calls": sorted(CallPage.objects.values_list("number", "opens_at", "closes_at")),
        "formal": FormalCriterion.objects.count(),
        "substantive": SubstantiveCriterion.objects.count(),
        "documents": CallDocument.objects.count(),
        "institutions": sorted(Institution.objects.values_list("teryt", "regon", "nip")),
    }


def test_demo_has_one_call_of_each_status_at_nabory(recruitment_demo):
    calls = {c.number: c for c in CallPage.objects.live()}
    now = timezone.now()
    assert {n: c.status_at(now) for n, c in calls.items()} == {
        "1/2026/OP": CallStatus.OPEN,
        "1/2027/SL": CallStatus.UPCOMING,
        "1/2018/OP": CallStatus.CLOSED,
    }
    assert calls["1/2026/OP"].url == "/nabory/1-2026-op/"
    historic = calls["1/2018/OP"]
    closes = timezone.localtime(historic.closes_at)
    assert (closes.year, closes.month, closes.day, closes.hour, closes.minute) == (
        2018,
        6,
        20,
        23,
        59,
    )
    assert historic.call_documents.count() == 7
    assert historic.max_total_points == 25


def test_demo_institutions_pass_their_own_validation(recruitment_demo):
    institutions = {i.teryt: i for i in Institution.objects.all()}
    assert set(institutions) == {"1661011", "1603011", "1213011", "1213"}
    for institution in institutions.values():
        institution.full_clean()  # TERYT structure and type, REGON and NIP check digits


def test_loading_the_demo_twice_changes_nothing(recruitment_demo):
    before = _snapshot()
    demo.load(io.StringIO())
    assert _snapshot() == before
