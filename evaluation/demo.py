"""The demo commission and a closed, evaluated call.

`appoint_demo_commission` appoints the demo accounts of portal/accounts.py to a call.
`load_evaluated_call` builds the call 1/2026/MP of ROPS w Krakowie (małopolskie) as a commission
that finished its work leaves it: eight JST applied, one was called to supplement its form and
did, one was rejected formally with a written reason, the commission signed its declarations (one
evaluator declared a conflict of interest), the chair assigned the evaluators, they submitted
their cards with justifications, one divergence went to a third evaluator, every application was
scored, and the chair approved and published the ranking list.

Everything goes through the services that the portal's users go through (submission, formal
check, commission, assignment, cards, workflow, publication), so the demo data obeys the same
rules and has the same audit trail. The applications are submitted while the window is open (a
submitted version is immutable, its time too); the window then closes at once, so the call is
closed from the end of the first `make demo` on. Each stage finds what an earlier run
did and goes on from there, so `make demo` may run any number of times.

The JST are real gminy miejskie above 20 000 inhabitants and powiaty of małopolskie with their
TERYT codes; their REGON and NIP numbers are made up (valid check digits), the populations
approximate, the application texts and scores illustrative. The applicant accounts that submit
are one-off accounts deleted afterwards (as in recruitment/demo.py), except Powiat Oświęcimski's,
which is the demo account `powiat.oswiecim`: it can see its result and appeal.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from . import commission
from .models import CommissionMember, CommissionRole, ConflictDeclaration, Declaration

DEMO_CHAIR = "przewodniczacy"
DEMO_EVALUATORS = ("oceniajacy1", "oceniajacy2", "oceniajacy3")
DEMO_OPERATOR = "operator"


@transaction.atomic
def appoint_demo_commission(call, *, sign=False, by=None):
    """Appoint the demo chair and evaluators to `call` (idempotent); with `sign`, they also sign
    the declaration, so that the demo can show a commission at work. Missing accounts are
    skipped: `ensure_demo_accounts` makes them. With `by` (an operator) the appointment goes
    through `commission.appoint`, with its checks and audit entry."""
    users = get_user_model().objects.in_bulk([DEMO_CHAIR, *DEMO_EVALUATORS], field_name="username")
    members = []
    for username in (DEMO_CHAIR, *DEMO_EVALUATORS):
        user = users.get(username)
        if user is None:
            continue
        role = CommissionRole.CHAIR if username == DEMO_CHAIR else CommissionRole.EVALUATOR
        member = CommissionMember.objects.filter(call=call, user=user).first()
        if member is None and by is not None:
            member = commission.appoint(call, user, role, by=by)
        elif member is None:
            member = CommissionMember.objects.create(call=call, user=user, role=role)
        members.append(member)
        if sign and not Declaration.objects.filter(call=call, user=user).exists():
            commission.sign_declaration(call, user)
    return members


# --- the closed, evaluated call ------------------------------------------------------------------

CALL_SLUG = "1-2026-mp"
CALL_NUMBER = "1/2026/MP"
# The demo account of Powiat Oświęcimski (recruitment.demo.DEMO_MEMBERSHIPS).
POWIAT_OSWIECIM_ACCOUNT = "powiat.oswiecim"

ROPS_KRAKOW_CONTACT = (
    "Regionalny Ośrodek Polityki Społecznej w Krakowie\nul. Piastowska 32, 30-070 Kraków"
)


def _call_fields(now):
    from core.choices import JSTType, Voivodeship
    from core.partners import Partner
    from recruitment import demo as recruitment_demo
    from recruitment.models import CallQuota, CheckMode, FormalCriterion

    criteria = recruitment_demo._formal_criteria("małopolskiego") + [
        FormalCriterion(
            text="Ośrodek pomocy społecznej albo powiatowe centrum pomocy rodzinie wskazane "
            "w zgłoszeniu jest jednostką organizacyjną zgłaszającej się JST.",
            correctable=False,
            check_mode=CheckMode.MANUAL,
        )
    ]
    return {
        "title": "Nabór JST do wdrażania Modelu Kooperacje 3D – województwo małopolskie",
        "lead": "Gminy miejskie powyżej 20 tysięcy mieszkańców i powiaty z województwa "
        "małopolskiego zgłaszały się do wdrażania Modelu Kooperacje 3D. Nabór jest zamknięty, "
        "lista rankingowa została opublikowana.",
        "number": CALL_NUMBER,
        "partner": Partner.ROPS_KRAKOW,
        "voivodeship": Voivodeship.MALOPOLSKIE,
        # Open while the demo submits; `_submit_all` closes it after the last submission.
        "opens_at": now - datetime.timedelta(days=60),
        "closes_at": now + datetime.timedelta(days=1),
        "eligible_jst_types": [JSTType.URBAN_MUNICIPALITY, JSTType.COUNTY],
        "body": "<p>Nabór prowadził Regionalny Ośrodek Polityki Społecznej w Krakowie. "
        "Zgłoszenia przeszły ocenę formalną, a potem merytoryczną: każde oceniło dwóch członków "
        "komisji, a przy rozbieżnych ocenach także trzeci. Wyniki naboru są opublikowane na "
        "stronie wyników; od wyniku przysługuje odwołanie w terminie wskazanym w regulaminie.</p>",
        "contact": ROPS_KRAKOW_CONTACT,
        "rodo_clause": recruitment_demo.RODO,
        "declaration": recruitment_demo.DECLARATION,
        "formal_criteria": criteria,
        "substantive_criteria": recruitment_demo._substantive_criteria(),
        "quotas": [
            CallQuota(jst_type=JSTType.URBAN_MUNICIPALITY, places=2),
            CallQuota(jst_type=JSTType.COUNTY, places=1),
        ],
    }


def _institutions():
    from core.choices import JSTType
    from recruitment.demo import nip_with_check_digit as nip
    from recruitment.demo import regon_with_check_digit as regon
    from recruitment.models import CentreKind

    def jst(teryt, name, jst_type, regon8, nip9, street, postal, city, population, centre,
            centre_street, slug):  # fmt: skip
        county = jst_type == JSTType.COUNTY
        return {
            "teryt": teryt,
            "name": name,
            "jst_type": jst_type,
            "regon": regon(regon8),
            "nip": nip(nip9),
            "street_address": street,
            "postal_code": postal,
            "city": city,
            "population": population,
            "population_year": 2025,
            "centre_name": centre,
            "centre_kind": CentreKind.PCPR if county else CentreKind.OPS,
            "centre_street_address": centre_street,
            "centre_postal_code": postal,
            "centre_city": city,
            "centre_email": f"{slug}@kooperacje3d.local",
            "centre_phone": "18 000 00 00",
        }

    U, C = JSTType.URBAN_MUNICIPALITY, JSTType.COUNTY
    return [
        jst("1205011", "Gmina Miasto Gorlice", U, "49189300", "738100120", "Rynek 2", "38-300",
            "Gorlice", 27_000, "Miejski Ośrodek Pomocy Społecznej w Gorlicach", "ul. Legionów 14",
            "mops.gorlice"),
        jst("1211011", "Gmina Miasto Nowy Targ", U, "49189310", "735100130",
            "ul. Krzysztofa Szaflarskiego 3", "34-400", "Nowy Targ", 33_000,
            "Miejski Ośrodek Pomocy Społecznej w Nowym Targu", "ul. Szaflarska 51",
            "mops.nowytarg"),
        jst("1217011", "Gmina Miasto Zakopane", U, "49189320", "736100140",
            "ul. Tadeusza Kościuszki 13", "34-500", "Zakopane", 26_000,
            "Miejski Ośrodek Pomocy Społecznej w Zakopanem", "ul. Tadeusza Kościuszki 10",
            "mops.zakopane"),
        jst("1217", "Powiat Tatrzański", C, "49189330", "736100150", "ul. Chramcówki 15",
            "34-500", "Zakopane", 67_000, "Powiatowe Centrum Pomocy Rodzinie w Zakopanem",
            "ul. Chramcówki 15", "pcpr.zakopane"),
        jst("1205", "Powiat Gorlicki", C, "49189340", "738100160", "ul. Biecka 3", "38-300",
            "Gorlice", 108_000, "Powiatowe Centrum Pomocy Rodzinie w Gorlicach",
            "ul. Michalusa 18", "pcpr.gorlice"),
        jst("1218", "Powiat Wadowicki", C, "49189350", "551100170",
            "ul. Stefana Batorego 2", "34-100", "Wadowice", 159_000,
            "Powiatowe Centrum Pomocy Rodzinie w Wadowicach", "ul. Wojska Polskiego 2",
            "pcpr.wadowice"),
    ]  # fmt: skip


# What happened to each application, in the order of submission. Scores are per criterion
# (10, 10, 5 points) for the first and the second card, and the third where the first two
# diverge. "formal": "supplement" (called to supplement the signatures, then accepted),
# "reject" (rejected on the criterion that cannot be supplemented), or absent (accepted).
STORIES = [
    {"teryt": "1213011", "cards": [(9, 8, 5), (8, 8, 4)]},  # 21.00
    {"teryt": "1213", "cards": [(8, 5, 4), (7, 6, 3)]},  # 16.50
    {"teryt": "1205011", "cards": [(7, 6, 4), (8, 6, 3)]},  # 17.00
    {"teryt": "1211011", "cards": [(9, 8, 4), (5, 4, 3), (8, 7, 4)]},  # 21, 12, third 19: 20.00
    {"teryt": "1217011", "cards": [(5, 4, 2), (6, 3, 3)]},  # 11.50
    {"teryt": "1217", "formal": "supplement", "cards": [(9, 7, 4), (8, 7, 4)]},  # 19.50
    {"teryt": "1205", "cards": [(6, 5, 3), (5, 5, 3)]},  # 13.50
    {"teryt": "1218", "formal": "reject"},
]
# An evaluator who knows the JST well declares a conflict with it when signing.
CONFLICT = ("oceniajacy3", "1217011")
CONFLICT_NOTE = "Członek mojej rodziny pracuje w Urzędzie Miasta Zakopane."
SUPPLEMENT_DEFICIENCY = "Podpis starosty albo członka zarządu powiatu na formularzu zgłoszeniowym."
REJECTION_REASON = (
    "W zgłoszeniu jako jednostkę realizującą wskazano Miejski Ośrodek Pomocy Społecznej "
    "w Wadowicach, jednostkę organizacyjną gminy, a nie powiatowe centrum pomocy rodzinie. "
    "Kryterium nr 5 nie podlega uzupełnieniu (§ 6 ust. 3 regulaminu naboru), dlatego zgłoszenie "
    "odrzucono."
)

JUSTIFICATIONS = [
    # partnership readiness (max 10)
    {
        "high": "Wskazano partnerów z edukacji, policji i rynku pracy wraz z dotychczasowymi "
        "formami współpracy; zabrakło instytucji ochrony zdrowia i kuratorów sądowych.",
        "low": "Partnerzy z dwóch sektorów, bez opisu dotychczasowej współpracy i bez porozumień; "
        "brak wymiaru sprawiedliwości i ochrony zdrowia.",
    },
    # the centre's experience (max 10)
    {
        "high": "Opisano działający zespół interdyscyplinarny i wspólne przedsięwzięcia ze "
        "szkołami; mniej konkretów z ostatniego roku.",
        "low": "Doświadczenie opisane ogólnie, w formie deklaracji; jedno przedsięwzięcie "
        "z ostatnich trzech lat.",
    },
    # management's commitment (max 5)
    {
        "high": "Wyznaczono koordynatora, ale kierownictwo JST nie deklaruje udziału "
        "w spotkaniach PZK.",
        "low": "Nie wyznaczono koordynatora; zaangażowanie kierownictwa zadeklarowano ogólnie.",
    },
]


def _justification(index, points, max_points):
    if points >= max_points:
        return ""
    level = "high" if points >= max_points * 0.7 else "low"
    return JUSTIFICATIONS[index][level]


def _draft(institution, variant):
    """The application form as the JST's account fills it in."""
    county = institution.jst_type == "county"
    partners = [
        {"name": f"Komenda Powiatowa Policji ({institution.city})", "sector": "police"},
        {"name": f"Powiatowy Urząd Pracy ({institution.city})", "sector": "labour"},
        {"name": f"Zespół Szkół nr 1 w mieście {institution.city}", "sector": "education"},
    ]
    if variant % 2 == 0:
        partners.append({"name": "Sąd Rejonowy – zespół kuratorskiej służby sądowej",
                         "sector": "justice"})  # fmt: skip
    if variant % 3 == 0:
        partners.append({"name": "Stowarzyszenie „Wspólnie dla Rodziny”", "sector": "ngo"})
    return {
        "jst": {
            "contact_name": "Katarzyna Przykładowa",
            "contact_position": "Kierowniczka Wydziału Spraw Społecznych",
            "contact_email": f"spoleczne.{institution.teryt}@kooperacje3d.local",
            "contact_phone": "18 000 00 10",
        },
        "centre": {
            "centre_name": institution.centre_name,
            "centre_kind": "pcpr" if county else "ops",
            "centre_head": "Tomasz Przykładowy",
            "centre_street_address": institution.centre_street_address,
            "centre_postal_code": institution.centre_postal_code,
            "centre_city": institution.centre_city,
            "centre_email": institution.centre_email,
            "centre_phone": institution.centre_phone,
        },
        "partners": partners,
        "experience": {
            "experience": "Od 2015 r. działa zespół interdyscyplinarny; ośrodek prowadził wspólne "
            "projekty ze szkołami i urzędem pracy dla rodzin zagrożonych wykluczeniem."
        },
        "diagnosis": {
            "diagnosis": "Ubóstwo rodzin wielodzietnych, bezradność w sprawach opiekuńczo-"
            "wychowawczych, uzależnienia, samotność osób starszych."
        },
        "motivation": {
            "motivation": "Chcemy, by instytucje planowały pomoc dla rodzin wspólnie, a nie obok "
            "siebie.",
            "expected_results": "Partnerski Zespół Kooperacyjny i wspólne plany pomocy dla rodzin.",
        },
        "declarations": {"declarations_accepted": True},
        "rodo": {"rodo_acknowledged": True},
        "attachments": {"signed_by_proxy": False},
    }


def _signed_form(application, user, title):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from documents.generation import pdf_bytes
    from recruitment import submission

    scan = pdf_bytes(title, ("Skan podpisanego formularza (dokument demonstracyjny).",))
    submission.add_attachment(
        application,
        user,
        "signed_form",
        SimpleUploadedFile("formularz-podpisany.pdf", scan),
        "application/pdf",
        scan,
    )


def _applicant(institution):
    """The account that submits for this JST: the demo account of Powiat Oświęcimski, or a
    one-off account (deleted by `_delete_one_off_accounts`)."""
    from django.contrib.auth.models import Group

    from core.roles import APPLICANTS
    from recruitment.models import InstitutionMembership

    membership = (
        InstitutionMembership.objects.filter(institution=institution)
        .select_related("user")
        .filter(user__username=POWIAT_OSWIECIM_ACCOUNT)
        .first()
    )
    if membership is not None:
        return membership.user
    user, created = get_user_model().objects.get_or_create(
        username=f"demo.{institution.teryt}",
        defaults={
            "first_name": "Katarzyna",
            "last_name": "Przykładowa",
            "email": f"demo.{institution.teryt}@kooperacje3d.local",
        },
    )
    if created:
        user.set_unusable_password()
        user.save()
    user.groups.add(Group.objects.get_or_create(name=APPLICANTS)[0])
    if not InstitutionMembership.objects.filter(user=user).exists():
        primary = not institution.memberships.filter(is_primary=True).exists()
        InstitutionMembership.objects.create(user=user, institution=institution, is_primary=primary)
    return user


def _delete_one_off_accounts():
    get_user_model().objects.filter(username__regex=r"^demo\.[0-9]+$").delete()


def _ensure_institutions():
    from recruitment.models import Institution

    for data in _institutions():
        data = dict(data)
        teryt = data.pop("teryt")
        if Institution.objects.filter(teryt=teryt).exists():
            continue
        institution = Institution(teryt=teryt, **data)
        institution.full_clean()
        institution.save()


def _submit_all(call):
    """Every JST of the stories submits while the window is open; then the window closes."""
    from recruitment import submission
    from recruitment.models import Institution

    institutions = Institution.objects.in_bulk([s["teryt"] for s in STORIES], field_name="teryt")
    for variant, story in enumerate(STORIES):
        institution = institutions[story["teryt"]]
        user = _applicant(institution)
        application, _created = submission.start(call, user)
        submission.save_draft(application, user, _draft(institution, variant))
        _signed_form(application, user, f"Formularz zgłoszeniowy – {institution.name}")
        submission.submit(application, user)
    # The window closes right after the last submission: versions are immutable, so their
    # times stay as they were, inside the window.
    call.closes_at = timezone.now()
    call.save_revision().publish()


def _formal_check(call, operator):
    """The operator's formal check of every submitted application, as the stories say."""
    from recruitment import formal_check, submission, submission_check
    from recruitment.models import Application, ApplicationState, FormalResult

    stories = {s["teryt"]: s for s in STORIES}
    waiting = (
        Application.objects.filter(
            call=call, state__in=[ApplicationState.SUBMITTED, ApplicationState.SUPPLEMENTED]
        )
        .select_related("call", "institution")
        .order_by("submitted_at", "pk")
    )
    for application in waiting:
        story = stories.get(application.institution.teryt, {})
        card = formal_check.start(application, operator)
        answers = {row.pk: ("yes", "") for row in card.answers.all()}
        by_position = {row.position: row.pk for row in card.answers.all()}
        if story.get("formal") == "reject":
            answers[by_position[5]] = ("no", "Wskazano MOPS w Wadowicach zamiast PCPR.")
            formal_check.decide(
                card, operator, FormalResult.REJECTED, answers, reason=REJECTION_REASON
            )
        elif story.get("formal") == "supplement" and card.round == 1:
            answers[by_position[4]] = ("no", "Brak podpisu osoby reprezentującej powiat.")
            formal_check.decide(
                card,
                operator,
                FormalResult.TO_SUPPLEMENT,
                answers,
                deficiencies=SUPPLEMENT_DEFICIENCY,
            )
            # The JST sends the form signed by the starosta within the deadline.
            user = _applicant(application.institution)
            application.refresh_from_db()
            submission.prepare_supplement_draft(application)
            for old in submission_check.draft_attachments(application):
                submission.remove_attachment(application, user, old.pk)
            _signed_form(
                application, user, f"Formularz zgłoszeniowy – {application.institution.name} (2)"
            )
            submission.submit(application, user)
            application.refresh_from_db()
            card = formal_check.start(application, operator)
            answers = {row.pk: ("yes", "") for row in card.answers.all()}
            formal_check.decide(card, operator, FormalResult.ACCEPTED, answers)
        else:
            formal_check.decide(card, operator, FormalResult.ACCEPTED, answers)


def _commission(call, operator):
    from recruitment.models import Institution

    appoint_demo_commission(call, by=operator)
    users = get_user_model().objects.in_bulk([DEMO_CHAIR, *DEMO_EVALUATORS], field_name="username")
    for user in users.values():
        if not Declaration.objects.filter(call=call, user=user).exists():
            commission.sign_declaration(call, user)
    conflicted, teryt = CONFLICT
    institution = Institution.objects.filter(teryt=teryt).first()
    user = users.get(conflicted)
    if (
        user is not None
        and institution is not None
        and not ConflictDeclaration.objects.filter(
            call=call, user=user, institution=institution
        ).exists()
    ):
        commission.declare_conflict(call, user, institution, note=CONFLICT_NOTE)
    return users.get(DEMO_CHAIR)


def _card_data(card, points):
    from . import cards

    data = {}
    scores = card.scores.select_related("criterion").order_by("criterion__sort_order", "pk")
    for index, (score, value) in enumerate(zip(scores, points, strict=True)):
        data[cards.points_field(score.criterion_id)] = str(value)
        data[cards.justification_field(score.criterion_id)] = _justification(
            index, value, score.criterion.max_points
        )
    return data


def _evaluate(call, chair):
    """The chair assigns automatically (first and second, then the third where the totals
    diverge); each evaluator submits their cards; the chair closes every complete evaluation."""
    from recruitment import workflow
    from recruitment.models import Application, ApplicationState

    from . import assignment, cards
    from .models import KIND_ORDER, Assignment, AssignmentKind, CardStatus

    stories = {s["teryt"]: s for s in STORIES}
    for _round in range(2):  # first and second places, then the awaited third ones
        assignment.assign_automatically(call, by=chair)
        pending = (
            Assignment.objects.current()
            # The demo's own places only: an appeal's card (someone trying the demo) is theirs.
            .filter(
                application__call=call,
                card__status=CardStatus.DRAFT,
                kind__in=[AssignmentKind.FIRST, AssignmentKind.SECOND, AssignmentKind.THIRD],
            )
            .select_related("card", "evaluator", "application__institution")
        )
        for held in pending:
            story = stories[held.application.institution.teryt]
            points = story["cards"][KIND_ORDER[held.kind] - 1]
            cards.submit(held.card, _card_data(held.card, points), user=held.evaluator)
    for application in Application.objects.filter(
        call=call, state=ApplicationState.SUBSTANTIVE_EVALUATION
    ):
        current = list(
            Assignment.objects.current().filter(application=application).select_related("card")
        )
        if cards.is_complete(application, current):
            workflow.fire(application, "mark_scored", chair)


def _publish(call, chair):
    from recruitment.models import ApplicationState

    from . import publication
    from .models import ResultList

    if ResultList.objects.filter(call=call).exists():
        return
    if call.applications.filter(state=ApplicationState.SUBSTANTIVE_EVALUATION).exists():
        return
    result_list = publication.approve(call, chair)
    publication.publish(result_list, chair)


def load_evaluated_call(stdout=None):
    """Build (or finish building) the closed call 1/2026/MP; needs the demo accounts (the
    operator, the chair, the evaluators). Returns the call, or None without the accounts."""
    from wagtail.models import Page

    from core.demo_utils import upsert_page
    from recruitment.models import CallIndexPage, CallPage

    users = get_user_model().objects.in_bulk(
        [DEMO_OPERATOR, DEMO_CHAIR, *DEMO_EVALUATORS], field_name="username"
    )
    index = CallIndexPage.objects.filter(slug="nabory").first()
    if len(users) < 2 + len(DEMO_EVALUATORS) or index is None:
        return None
    operator = users[DEMO_OPERATOR]
    existing = Page.objects.child_of(index).filter(slug=CALL_SLUG).first()
    if existing is not None:
        call = existing.specific
    else:
        call, _created = upsert_page(index, CallPage, CALL_SLUG, **_call_fields(timezone.now()))
    with transaction.atomic():
        _ensure_institutions()
        if not call.applications.exists():
            _submit_all(call)
        _formal_check(call, operator)
        _delete_one_off_accounts()
        chair = _commission(call, operator)
        _evaluate(call, chair)
        _publish(call, chair)
    if stdout is not None:
        stdout.write(f"  nabór zamknięty {call.number}: {call.applications.count()} zgłoszeń")
    return call
