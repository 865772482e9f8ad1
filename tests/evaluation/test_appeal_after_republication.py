"""The appeal right after a republication (issue #25): a JST whose result a new version of the list
worsens because of another JST's upheld appeal (selected → reserve or not selected, reserve → not
selected, a lower reserve place) is told why, by e-mail and on its pages, in Polish, and gets
its own appeal window of the call's `appeal_days` from that notice, even when it was final or
had appealed an earlier version; an application that improved or kept its result gets none."""

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from evaluation import appeals, cards, republication, result_notices
from evaluation.errors import EvaluationError
from evaluation.models import Appeal, Assignment, AssignmentKind, ResultEntry
from recruitment import workflow
from recruitment.models import Application, ApplicationState, AuditLogEntry, CallQuota
from tests.evaluation.conftest import fill, member
from tests.evaluation.test_appeals import applicant_of, publish_three, scored

pytestmark = pytest.mark.django_db
S = ApplicationState
K = AssignmentKind


def stored(application):
    return Application.objects.select_related("call").get(pk=application.pk)


def text_of(response):
    return BeautifulSoup(response.content.decode(), "html.parser").get_text(" ", strip=True)


def at(monkeypatch, moment):
    """The server's clock stops at `moment` (the way tests/evaluation/test_appeals.py does)."""
    monkeypatch.setattr(timezone, "now", lambda: moment)


def file(application, text="Nowa wersja listy przesunęła nas niżej bez nowej oceny."):
    return appeals.file(application, applicant_of(application), text, ip_address="10.1.1.2")


def upheld_and_rescored(application, chair, evaluator, points):
    """The application's latest appeal upheld and re-scored by `evaluator` with `points`."""
    appeal = application.appeals.latest("filed_at")
    appeals.uphold(appeal, chair, evaluator)
    held = Assignment.objects.filter(application=application, kind=K.APPEAL).latest("pk")
    cards.submit(held.card, fill(held.card, points), user=evaluator)
    return appeal


def mail_to(application):
    return [m for m in mail.outbox if m.to == [applicant_of(application).email]]


def result_page(client, application):
    client.force_login(applicant_of(application))
    return client.get(reverse("evaluation_account:result", args=[application.pk]))


@pytest.fixture
def published(call, chair_user, evaluators, django_capture_on_commit_callbacks):
    return publish_three(call, chair_user, evaluators, django_capture_on_commit_callbacks)


def test_a_jst_pushed_out_by_anothers_appeal_is_told_why_and_may_appeal_within_its_own_window(
    client,
    published,
    chair_user,
    evaluators,
    monkeypatch,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    a, b, c = published["top"], published["reserve"], published["low"]
    c_result_at = stored(c).result_at
    # Version 1: A selected (20.50), B reserve (18.00), C not selected (13.00). B appeals and is
    # upheld; the new evaluator scores it 25.
    file(b)
    upheld_and_rescored(b, chair_user, evaluators[2], [10, 10, 5])

    # Version 2 is published a day later: B takes the place, A drops to the reserve list.
    notice = timezone.now() + datetime.timedelta(days=1)
    at(monkeypatch, notice)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        second = republication.republish(call := a.call, chair_user, ip_address="10.0.0.9")
    entries = {e.application_id: e for e in second.entries.all()}
    assert [entries[x.pk].status for x in (a, b, c)] == ["reserve", "selected", "not_selected"]

    # A: the result given anew, its notice the publication of version 2, not final.
    a = stored(a)
    assert a.state == S.RESERVE and a.result_at == notice
    deadline = notice + datetime.timedelta(days=call.appeal_days)
    assert call.appeal_days == 7 and workflow.appeal_deadline(a) == deadline
    log = AuditLogEntry.objects.get(application=a, action="worsen_to_reserve")
    assert log.username == "system" and "Paula" in log.details["reason"]
    worsened = AuditLogEntry.objects.get(application=a, action="result_worsened")
    assert worsened.details["from"] == "selected" and worsened.details["to"] == "reserve"
    assert worsened.details["version"] == 2 and worsened.details["previous_version"] == 1
    assert worsened.ip_address == "10.0.0.9"

    # A's e-mail: exactly one, in Polish, with the reason and the new deadline.
    [message] = mail_to(a)
    assert "Zmiana wyniku zgłoszenia" in message.subject and a.number in message.subject
    body = " ".join(message.body.split())
    assert "wersję 2 listy rankingowej" in body
    assert "względem wersji 1: wybrany → na liście rezerwowej (miejsce 1)" in body
    assert "odwołania innej JST" in body
    assert f"upływa {result_notices.when(deadline)} (czas polski)" in body
    assert "także jeśli wnieśli Państwo odwołanie od wcześniejszej wersji" in body
    sent = AuditLogEntry.objects.filter(
        action="result_notice_sent", details__application=a.pk, details__version=2
    )
    assert sent.get().details["worsened_from"] == "selected"

    # B improved by its own appeal: final, told of the decision, no window.
    assert stored(b).state == S.FINAL
    assert not any("Zmiana wyniku" in m.subject for m in mail_to(b))
    with pytest.raises(EvaluationError):
        file(stored(b))
    # C did not change: no e-mail, its first notice and window stand.
    assert mail_to(c) == []
    assert stored(c).state == S.NOT_SELECTED and stored(c).result_at == c_result_at
    assert result_notices.worsening_of(stored(c)) is None

    # A's result page: the reason, the new deadline and the way to appeal; the worsening costs
    # two queries more than the page of version 1 (its appeals, its earlier entry; 16 in
    # tests/evaluation/test_results_views.py).
    client.force_login(applicant_of(a))
    client.get(reverse("evaluation_account:result", args=[a.pk]))  # the site shell cached
    with django_assert_max_num_queries(18):
        page = client.get(reverse("evaluation_account:result", args=[a.pk]))
    text = text_of(page)
    assert "Zmiana wyniku na nowej wersji listy" in text
    assert "względem wersji 1: wybrany → na liście rezerwowej (miejsce 1)" in text
    assert f"Termin na odwołanie {result_notices.when(deadline)} (czas polski)" in text
    soup = BeautifulSoup(page.content.decode(), "html.parser")
    appeal_path = reverse("evaluation_account:appeal", args=[a.pk])
    assert soup.select(f'a[href="{appeal_path}"]')
    # C's page says nothing of a change.
    assert "Zmiana wyniku" not in text_of(result_page(client, c))

    # A's status page: the window and, in the history, why.
    client.force_login(applicant_of(a))
    status = text_of(client.get(reverse("recruitment:status", args=[a.pk])))
    assert f"Termin na odwołanie: {result_notices.when(deadline)}" in status
    assert "Wnieś odwołanie od wyniku" in status
    assert "zmiana wyniku na nowej wersji listy: lista rezerwowa" in status
    assert "wybrany → na liście rezerwowej (miejsce 1)" in status
    appeal_page = text_of(client.get(appeal_path))
    assert "Zmiana wyniku na nowej wersji listy" in appeal_page

    # The last moment of the window is in time: the appeal is against version 2.
    at(monkeypatch, deadline)
    appeal = file(a)
    assert appeal.result_list == second and stored(a).state == S.APPEAL


def test_after_the_new_window_the_appeal_is_refused_and_the_result_stands(
    client, published, chair_user, evaluators, monkeypatch, django_capture_on_commit_callbacks
):
    a, b = published["top"], published["reserve"]
    file(b)
    upheld_and_rescored(b, chair_user, evaluators[2], [10, 10, 5])
    notice = timezone.now() + datetime.timedelta(days=1)
    at(monkeypatch, notice)
    # The chair publishes through the appeals page and is told who got a new window.
    client.force_login(chair_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("evaluation:appeals_republish", args=[a.call.pk]), follow=True
        )
    told = text_of(response)
    assert "Opublikowano wersję 2" in told
    assert f"Nowa wersja pogorszyła wynik zgłoszeń: {a.number}." in told
    assert stored(a).result_at == notice
    at(monkeypatch, notice + datetime.timedelta(days=7, seconds=1))
    with pytest.raises(EvaluationError, match="Termin na odwołanie minął"):
        file(stored(a))
    assert stored(a).state == S.RESERVE
    assert not Appeal.objects.filter(application=a).exists()


def test_a_lower_reserve_place_worsens_and_a_final_jst_that_appealed_before_may_appeal_again(
    call, chair_user, evaluators, django_capture_on_commit_callbacks, monkeypatch
):
    """Four urban JSTs, one place. R1 appealed version 1 and was rejected (final); C's upheld
    appeal makes version 2, where R1 and R2 each drop one reserve place: both get a new window.
    R1 appeals version 2, is upheld and re-scored: version 3 moves A down a second time."""
    CallQuota.objects.create(call=call, jst_type="gmina_miejska", places=1)
    e = evaluators
    a = scored(call, chair_user, e, "Gmina Miejska Nysa", [9, 8, 4], [8, 8, 4])  # 20.50
    r1 = scored(call, chair_user, e, "Gmina Miejska Brzeg", [8, 6, 4], [7, 7, 4])  # 18.00
    r2 = scored(call, chair_user, e, "Gmina Miejska Opole", [7, 6, 4], [7, 6, 3])  # 16.50
    c = scored(call, chair_user, e, "Gmina Miejska Prudnik", [5, 5, 3], [6, 5, 2])  # 13.00
    from evaluation import publication

    with django_capture_on_commit_callbacks(execute=True):
        first = publication.approve(call, chair_user)
        publication.publish(first, chair_user)
    v1 = {x.application_id: x for x in first.entries.all()}
    assert (v1[r1.pk].reserve_position, v1[r2.pk].reserve_position) == (1, 2)

    earlier = file(stored(r1), "Pierwsze odwołanie.")
    appeals.reject(earlier, chair_user, "Bez podstaw.")
    assert stored(r1).state == S.FINAL
    file(stored(c))
    upheld_and_rescored(c, chair_user, e[2], [10, 10, 5])

    notice = timezone.now() + datetime.timedelta(hours=5)
    at(monkeypatch, notice)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        second = republication.republish(call, chair_user)
    v2 = {x.application_id: x for x in second.entries.all()}
    assert [(v2[x.pk].status, v2[x.pk].reserve_position) for x in (c, a, r1, r2)] == [
        ("selected", None),
        ("reserve", 1),
        ("reserve", 2),
        ("reserve", 3),
    ]
    # A lower reserve place is a worsening: the final R1 and the reserve R2 get it anew.
    for moved in (r1, r2):
        moved = stored(moved)
        assert moved.state == S.RESERVE and moved.result_at == notice
        [message] = mail_to(moved)  # one e-mail though neither status nor score changed
        body = " ".join(message.body.split())
        assert "Zmiana wyniku zgłoszenia" in message.subject
        old, new = v1[moved.pk].reserve_position, v2[moved.pk].reserve_position
        assert (
            f"na liście rezerwowej (miejsce {old}) → na liście rezerwowej (miejsce {new})" in body
        )
        assert result_notices.when(notice + datetime.timedelta(days=7)) in body
    assert len(mail_to(a)) == 1  # selected → reserve: the publication's e-mail, not a second

    # R1 appealed version 1 already; it may appeal version 2 all the same, once.
    standing = appeals.standing(stored(r1), applicant_of(r1))
    assert standing.may_file and standing.earlier_appeals == [earlier]
    assert standing.worsening is not None and standing.worsening.version == 2
    again = file(stored(r1), "Drugie odwołanie, od wersji 2.")
    assert again.result_list == second
    assert list(Appeal.objects.filter(application=r1).order_by("filed_at")) == [earlier, again]
    with pytest.raises(EvaluationError, match="wniesiono już odwołanie"):
        file(stored(r1), "Trzecie.")

    # Upheld: a new evaluator re-scores it 24; version 3 puts it first on the reserve list and
    # moves A down again (reserve 1 → 2), with a new window from version 3.
    fourth = member(call, username="czwarty_oceniajacy")
    upheld_and_rescored(stored(r1), chair_user, fourth, [10, 9, 5])
    later = notice + datetime.timedelta(days=2)
    at(monkeypatch, later)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        third = republication.republish(call, chair_user)
    assert third.version == 3
    v3 = {x.application_id: x for x in ResultEntry.objects.filter(result_list=third)}
    assert (v3[r1.pk].status, v3[r1.pk].reserve_position) == ("reserve", 1)
    assert stored(r1).state == S.FINAL  # its own appeal's result: final
    a = stored(a)
    assert (v3[a.pk].reserve_position, a.state, a.result_at) == (2, S.RESERVE, later)
    [message] = mail_to(a)
    assert (
        "względem wersji 2: na liście rezerwowej (miejsce 1) → na liście rezerwowej (miejsce 2)"
        in (" ".join(message.body.split()))
    )
    # R2 kept its third place: nothing new for it, its window from version 2 stands.
    assert v3[r2.pk].reserve_position == 3 and stored(r2).result_at == notice
    assert mail_to(r2) == []


def test_an_improved_place_gives_no_new_window_and_the_appellant_keeps_its_appeals_result(
    call, chair_user, evaluators, django_capture_on_commit_callbacks, monkeypatch
):
    """R1's upheld appeal ends below the threshold: R2 moves up the reserve list (improved:
    nothing new for it), R1 is final with its own appeal's result, not a new window."""
    from evaluation import publication

    CallQuota.objects.create(call=call, jst_type="gmina_miejska", places=1)
    e = evaluators
    scored(call, chair_user, e, "Gmina Miejska Nysa", [9, 8, 4], [8, 8, 4])  # 20.50
    r1 = scored(call, chair_user, e, "Gmina Miejska Brzeg", [8, 6, 4], [7, 7, 4])  # 18.00
    r2 = scored(call, chair_user, e, "Gmina Miejska Opole", [7, 6, 4], [7, 6, 3])  # 16.50
    with django_capture_on_commit_callbacks(execute=True):
        first = publication.approve(call, chair_user)
        publication.publish(first, chair_user)
    r2_notice = stored(r2).result_at
    file(stored(r1))
    upheld_and_rescored(r1, chair_user, e[2], [3, 3, 2])
    at(monkeypatch, timezone.now() + datetime.timedelta(days=1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        second = republication.republish(call, chair_user)
    v2 = {x.application_id: x for x in second.entries.all()}
    assert (v2[r1.pk].status, v2[r2.pk].status, v2[r2.pk].reserve_position) == (
        "not_selected",
        "reserve",
        1,
    )
    assert stored(r2).state == S.RESERVE and stored(r2).result_at == r2_notice
    assert mail_to(r2) == [] and result_notices.worsening_of(stored(r2)) is None
    assert stored(r1).state == S.FINAL
    assert not any("Zmiana wyniku" in m.subject for m in mail_to(r1))
    assert not AuditLogEntry.objects.filter(action="result_worsened").exists()


def test_a_second_appeal_waits_for_its_own_re_scoring_not_the_earlier_appeals_card(
    call, chair_user, evaluators, published, django_capture_on_commit_callbacks, monkeypatch
):
    """B's first appeal was re-scored (a submitted appeal card); after a later version pushes B
    down it appeals again and is upheld, and its new evaluator's assignment is cancelled. The
    ranking must wait for a new re-scoring, not count the first appeal's card again."""
    from evaluation import assignment, results

    a, b = published["top"], published["reserve"]
    fourth = member(call, username="oceniajacy4", first_name="Ocena", last_name="Numer4")
    clock = timezone.now()

    def later():
        nonlocal clock
        clock += datetime.timedelta(days=1)
        at(monkeypatch, clock)

    # Version 2: B's appeal re-scored to 22.00 puts B above A (20.50).
    file(b)
    upheld_and_rescored(b, chair_user, evaluators[2], [9, 8, 5])
    later()
    with django_capture_on_commit_callbacks(execute=True):
        republication.republish(call, chair_user)
    # Version 3: A's appeal re-scored to 25.00 puts A back above B, who is worsened.
    later()
    file(stored(a))
    upheld_and_rescored(stored(a), chair_user, fourth, [10, 10, 5])
    later()
    with django_capture_on_commit_callbacks(execute=True):
        third = republication.republish(call, chair_user)
    assert third.entries.get(application=b).status == "reserve"
    assert stored(b).state == S.RESERVE

    # B appeals version 3, is upheld, and its new evaluator's assignment is cancelled.
    later()
    file(stored(b))
    appeals.uphold(stored(b).appeals.latest("filed_at"), chair_user, fourth)
    held = Assignment.objects.current().get(application=b, kind=K.APPEAL, evaluator=fourth)
    later()
    assignment.cancel(held, by=chair_user, reason="Zgłoszony konflikt interesów.")

    ranked = results.rank_call(call)
    [waiting] = [p for p in ranked.pending if p.application.pk == b.pk]
    assert waiting.reason == results.Pending.RE_EVALUATION_IN_PROGRESS
    assert b.pk not in {r.application.pk for r in ranked.ranked}
    with pytest.raises(EvaluationError, match="Ponowna ocena po odwołaniu nie została zakończona"):
        republication.republish(call, chair_user)


# --- the new version after an upheld appeal goes through the appeals page only -----------------


def test_the_results_page_refuses_a_new_version_while_an_upheld_appeal_waits_for_it(
    client, published, chair_user, evaluators, django_capture_on_commit_callbacks
):
    """Approving version 2 on the results page after B's upheld, re-scored appeal would skip
    what the republication does (A pushed down keeps "selected" without a notice, B stays in
    re-evaluation): it is refused with the way to do it, and the republication still works."""
    from evaluation.models import ResultList

    a, b = published["top"], published["reserve"]
    call = a.call
    file(b)
    upheld_and_rescored(b, chair_user, evaluators[2], [10, 10, 5])
    client.force_login(chair_user)
    results_url = reverse("evaluation:results", args=[call.pk])
    appeals_url = reverse("evaluation:appeals", args=[call.pk])

    page = BeautifulSoup(client.get(results_url).content.decode(), "html.parser")
    approve_url = reverse("evaluation:results_approve", args=[call.pk])
    assert not page.select(f'form[action="{approve_url}"]')
    assert page.select(f'a[href="{appeals_url}#nowa-wersja"]')
    assert "„Zatwierdź i opublikuj nową wersję listy”" in page.get_text(" ", strip=True)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(approve_url, {"reason": "Uwzględniono odwołanie B."}, follow=True)
    told = text_of(response)
    assert "Po uwzględnionym odwołaniu nowej wersji listy nie zatwierdza się tutaj" in told
    assert "„Zatwierdź i opublikuj nową wersję listy” na stronie odwołań naboru" in told
    assert list(ResultList.objects.filter(call=call).values_list("version", flat=True)) == [1]
    assert (stored(a).state, stored(b).state) == (S.SELECTED, S.RE_EVALUATION)

    with django_capture_on_commit_callbacks(execute=True):
        second = republication.republish(call, chair_user)
    assert second.version == 2 and second.is_published
    assert (stored(a).state, stored(b).state) == (S.RESERVE, S.FINAL)
    # Nothing waits any more: the results page approves again.
    page = BeautifulSoup(client.get(results_url).content.decode(), "html.parser")
    assert page.select(f'form[action="{approve_url}"]')


def test_a_version_approved_before_the_appeal_was_upheld_is_not_published_past_it(
    client, published, chair_user, evaluators, django_capture_on_commit_callbacks
):
    from evaluation import publication

    a, b = published["top"], published["reserve"]
    file(b)
    waiting = publication.approve(a.call, chair_user, reason="Poprawka przed odwołaniem.")
    # The new evaluator gives B the same 18.00: the ranking is what was approved, and only the
    # pending republication stops this version (it would leave B in re-evaluation).
    upheld_and_rescored(b, chair_user, evaluators[2], [8, 6, 4])
    client.force_login(chair_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("evaluation:results_publish", args=[a.call.pk]),
            {"list": waiting.pk},
            follow=True,
        )
    told = text_of(response)
    assert "Tę zatwierdzoną wersję odrzuć, zanim opublikujesz nową." in told
    waiting.refresh_from_db()
    assert waiting.published_at is None and stored(b).state == S.RE_EVALUATION
    # Discarded, the republication publishes version 2 and resolves B's appeal.
    publication.discard(waiting, chair_user)
    with django_capture_on_commit_callbacks(execute=True):
        second = republication.republish(a.call, chair_user)
    assert second.version == 2 and stored(b).state == S.FINAL


# --- an appeal rejected after a later version worsened the result -----------------------------


def _two_reserves(call, chair_user, evaluators, django_capture_on_commit_callbacks):
    """Version 1 of an urban list with one place: A 20.50 selected, R1 18.00 reserve 1, R2 16.50
    reserve 2."""
    from evaluation import publication

    CallQuota.objects.create(call=call, jst_type="gmina_miejska", places=1)
    e = evaluators
    a = scored(call, chair_user, e, "Gmina Miejska Nysa", [9, 8, 4], [8, 8, 4])  # 20.50
    r1 = scored(call, chair_user, e, "Gmina Miejska Brzeg", [8, 6, 4], [7, 7, 4])  # 18.00
    r2 = scored(call, chair_user, e, "Gmina Miejska Opole", [7, 6, 4], [7, 6, 3])  # 16.50
    with django_capture_on_commit_callbacks(execute=True):
        first = publication.approve(call, chair_user)
        publication.publish(first, chair_user)
    v1 = {x.application_id: x for x in first.entries.all()}
    assert (v1[r1.pk].reserve_position, v1[r2.pk].reserve_position) == (1, 2)
    return a, r1, r2


def test_an_appeal_rejected_after_a_later_version_worsened_it_gives_the_new_result_and_window(
    call, chair_user, evaluators, django_capture_on_commit_callbacks, monkeypatch
):
    """R1 appeals version 1 (reserve 1). R2's appeal is upheld and re-scored 19.00: version 2
    puts R2 first on the reserve list and R1 second, while R1's appeal is undecided. The chair
    rejects R1's appeal: R1 is not final with version 1's result, it gets version 2's anew,
    is told so in both e-mails, and may appeal version 2 within its own window."""
    _, r1, r2 = _two_reserves(call, chair_user, evaluators, django_capture_on_commit_callbacks)
    r1_appeal = file(stored(r1), "Pierwsze odwołanie R1.")
    file(stored(r2), "Odwołanie R2.")
    upheld_and_rescored(stored(r2), chair_user, evaluators[2], [8, 7, 4])  # 19.00
    published_at = timezone.now() + datetime.timedelta(days=1)
    at(monkeypatch, published_at)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        second = republication.republish(call, chair_user)
    v2 = {x.application_id: x for x in second.entries.all()}
    assert [(v2[x.pk].status, v2[x.pk].reserve_position) for x in (r2, r1)] == [
        ("reserve", 1),
        ("reserve", 2),
    ]
    assert stored(r1).state == S.APPEAL and mail_to(r1) == []  # the appeal's, left

    rejected_at = published_at + datetime.timedelta(days=3)
    at(monkeypatch, rejected_at)
    with django_capture_on_commit_callbacks(execute=True):
        appeals.reject(r1_appeal, chair_user, "Ocena kryterium 2 była zgodna z regulaminem.")

    r1 = stored(r1)
    deadline = rejected_at + datetime.timedelta(days=call.appeal_days)
    assert (r1.state, r1.result_at) == (S.RESERVE, rejected_at)
    assert workflow.appeal_deadline(r1) == deadline
    assert Appeal.objects.get(pk=r1_appeal.pk).decision == "rejected"
    assert not AuditLogEntry.objects.filter(application=r1, action="finalise").exists()
    assert AuditLogEntry.objects.get(application=r1, action="worsen_to_reserve").username == (
        "system"
    )
    worsened = AuditLogEntry.objects.get(application=r1, action="result_worsened")
    assert (worsened.details["version"], worsened.details["previous_version"]) == (2, 1)
    assert (worsened.details["from_reserve_position"], worsened.details["to_reserve_position"]) == (
        1,
        2,
    )

    # Two e-mails: the rejection, which no longer says the result is final, and the new result.
    rejection, result = sorted(mail_to(r1), key=lambda m: "odrzucone" not in m.subject)
    assert "zostało odrzucone" in rejection.subject
    body = " ".join(rejection.body.split())
    assert "Wynik zgłoszenia jest ostateczny" not in body
    assert "od wersji 1 listy rankingowej, zostało odrzucone" in body
    assert "opublikowano wersję 2 listy" in body
    assert "na liście rezerwowej (miejsce 1) → na liście rezerwowej (miejsce 2)" in body
    assert f"upływa {workflow.warsaw_when(deadline)}" in body
    assert "Ocena kryterium 2 była zgodna z regulaminem." in body
    assert "Zmiana wyniku zgłoszenia" in result.subject
    body = " ".join(result.body.split())
    assert "względem wersji 1: na liście rezerwowej (miejsce 1) → na liście rezerwowej" in body
    assert f"upływa {result_notices.when(deadline)} (czas polski)" in body

    # R1 may appeal version 2, within the new window.
    at(monkeypatch, deadline)
    standing = appeals.standing(stored(r1), applicant_of(r1))
    assert standing.may_file and standing.deadline == deadline
    again = file(stored(r1), "Odwołanie od wersji 2.")
    assert again.result_list == second and stored(r1).state == S.APPEAL


def test_an_appeal_rejected_after_a_later_version_that_did_not_worsen_it_is_final(
    call, chair_user, evaluators, django_capture_on_commit_callbacks, monkeypatch
):
    """R2's upheld appeal re-scored 17.00 leaves R1 where it was on version 2: the rejection
    makes R1 final, with the usual e-mail."""
    _, r1, r2 = _two_reserves(call, chair_user, evaluators, django_capture_on_commit_callbacks)
    r1_appeal = file(stored(r1), "Pierwsze odwołanie R1.")
    file(stored(r2), "Odwołanie R2.")
    upheld_and_rescored(stored(r2), chair_user, evaluators[2], [8, 6, 3])  # 17.00
    at(monkeypatch, timezone.now() + datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        second = republication.republish(call, chair_user)
    assert second.entries.get(application=r1).reserve_position == 1
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        appeals.reject(r1_appeal, chair_user, "Bez podstaw.")
    assert stored(r1).state == S.FINAL
    [message] = mail_to(r1)
    body = " ".join(message.body.split())
    assert (
        "zostało odrzucone przez przewodniczącego komisji oceny. Wynik zgłoszenia jest ostateczny."
        in body
    )
    assert "wersję 2" not in body
    assert not AuditLogEntry.objects.filter(application=r1, action="result_worsened").exists()
    with pytest.raises(EvaluationError):
        file(stored(r1))
