"""The authorization matrix: every named route of the project's apps, requested as each role of
the demo, against one table of what each role must get.

Walks Django's URL resolver and the sub-routes of the project's routable pages (`page_routes`:
a call's results and statistics, an event's registration, the feeds), so a new route of the
project (a view, an export, a file, an API, a Wagtail admin view of one of its models, a page's
sub-route) that is missing from ROUTES fails the test before anyone has decided who may open it. Each row fills the route's ids from the demo (`make demo`:
the evaluated Kraków call 1/2026/MP, whose applicant is `powiat.oswiecim`, and the open Opole
call 1/2026/OP, whose commission has not signed yet) and says, per role, in the order of ROLES:

    O  allowed: answered (2xx, a redirect within the area, or a form's own refusal)
    F  allowed, filtered: answered, and none of the row's markers (another partner's or an
       unsigned call's data) is in the answer
    D  denied: 403 or 404, or the admin's "no permission" redirect
    L  login: a redirect to a login page

A route answering GET with 405 is sent an empty POST. Where the row says `audited`, every D also
leaves an audit entry (access_denied, evaluation_access_denied, result_access_denied), but for
the roles in `unaudited` (a JST refused a change of its own application because of its state). `MATRIX_PRINT=1` prints the
table the application gives today, for review.
"""

import os

from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from wagtail.models import Page

import pytest

pytestmark = pytest.mark.django_db

ROLES = [
    ("anonim", None),
    ("jst", "powiat.oswiecim"),
    ("inna_jst", "gmina.opole"),
    ("oceniajacy", "oceniajacy1"),
    ("przewodn", "przewodniczacy"),
    ("organiz", "organizator"),
    ("redaktor", "redaktor"),
    ("operator", "operator"),
    ("oper_op", "operator.opole"),
    ("org_op", "organizator.opole"),
]
PROJECT_APPS = tuple(settings.PROJECT_APPS)
# Wagtail's own document admin: private documents live in the same listing.
WAGTAIL_ROUTES = ("wagtaildocs:", "wagtaildocs_chooser:")
PROJECT_MODELS = (
    "_recruitment_",
    "_evaluation_",
    "_events_",
    "_documents_",
    "_knowledge_",
    "_portal_",
)
LOGIN_PATHS = ("/konto/logowanie/", "/admin/login/")

# route name -> (ids, expected per role in the order of ROLES, options)
# ids name the demo objects (see `_ids`); options: markers=[...], audited=True, query="?..."
ROUTES = {}


def row(name, ids, expected, **options):
    """`name`, or `name@variant` for the same route with other ids."""
    expected = expected.split()
    assert len(expected) == len(ROLES), name
    ROUTES[name] = (ids, expected, options)


def project_routes():
    """(name, pattern) of every named route whose view is the project's (or a Wagtail admin view
    of one of the project's models)."""
    found = []

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                view = getattr(pattern.callback, "view_class", pattern.callback)
                module = view.__module__.split(".")[0]
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                if (
                    module in PROJECT_APPS
                    or any(m in name for m in PROJECT_MODELS)
                    or name.startswith(WAGTAIL_ROUTES)
                ):
                    found.append((name, pattern))

    walk(get_resolver().url_patterns)
    return found + page_routes()


def page_routes():
    """(name, pattern) of every sub-route of the project's routable pages (a call's results and
    statistics, an event's registration…), named `page:<app>.<Model>:<route>`: they are views
    too, served under a page's URL."""
    from django.apps import apps

    from wagtail.contrib.routable_page.models import RoutablePageMixin

    found = []
    for model in apps.get_models():
        if issubclass(model, RoutablePageMixin) and model._meta.app_label in PROJECT_APPS:
            for pattern in model.get_subpage_urls():
                # `index_route` is Wagtail's own route of the page itself (its URL), not a
                # sub-route: pages are public or restricted by Wagtail's view restrictions.
                if pattern.name != "index_route":
                    found.append((f"page:{model._meta.label}:{pattern.name}", pattern))
    return found


def test_every_route_of_the_project_is_in_the_matrix(db):
    names = {name for name, _pattern in project_routes()}
    rows = {key.split("@")[0] for key in ROUTES}
    missing = sorted(names - rows)
    stale = sorted(rows - names)
    assert not missing, f"routes missing from the authorization matrix: {missing}"
    assert not stale, f"rows of routes that are gone: {stale}"


def _ids(wanted):
    """The demo objects the rows name, by what the demo made them; an appeal is filed (by the
    JST, in the test's savepoint) only for the rows that name one."""
    from django.contrib.auth import get_user_model

    from wagtail.documents import get_document_model

    from evaluation import appeals
    from evaluation.models import SubstantiveCard
    from events.models import EventPage
    from knowledge.models import GlossaryTerm
    from recruitment.models import Application, AuditLogEntry, CallPage, FormalCheckCard

    User = get_user_model()
    mp = CallPage.objects.get(number="1/2026/MP")
    op = CallPage.objects.get(number="1/2026/OP")
    ours = Application.objects.get(number="1/2026/MP/002")  # powiat.oswiecim, reserve
    theirs = Application.objects.get(number="1/2026/OP/001")
    card = SubstantiveCard.objects.get(
        assignment__application=ours, assignment__evaluator__username="oceniajacy1"
    )
    appeal = None
    if "appeal" in wanted.values():
        applicant = User.objects.get(username="powiat.oswiecim")
        appeal = appeals.file(ours, applicant, "Odwołanie od wyniku.")
    documents = get_document_model().objects
    from events.models import EventIndexPage
    from knowledge.models import ModelPage
    from portal.models import NewsIndexPage

    return {
        "news_index": NewsIndexPage.objects.live().first(),
        "model_page": ModelPage.objects.live().first(),
        "event_index": EventIndexPage.objects.live().first(),
        "call": mp.pk,
        "call_op": op.pk,
        "application": ours.pk,
        "application_op": theirs.pk,
        "attachment": ours.attachments.order_by("pk").first().pk,
        # A card's pages are addressed by its assignment (evaluation.views).
        "assignment": card.assignment_id,
        "formal_round": FormalCheckCard.objects.filter(application=ours)
        .order_by("round")
        .first()
        .round,
        "appeal": appeal.pk if appeal else None,
        "institution": ours.institution_id,
        "audit": AuditLogEntry.objects.filter(application=ours).order_by("pk").first().pk,
        "glossary": GlossaryTerm.objects.order_by("pk").first().pk,
        "event": EventPage.objects.get(slug="regionalna-konferencja-edukacyjna-krakow").pk,
        "event_opole": EventPage.objects.get(slug="regionalna-konferencja-edukacyjna-opole").pk,
        "document": documents.exclude(collection__name="Dokumenty wewnętrzne")
        .order_by("pk")
        .first(),
        "private_document": documents.get(collection__name="Dokumenty wewnętrzne"),
    }


def _kwargs_of(ids, source):
    value = source(ids) if callable(source) else ids.get(source, source)
    return getattr(value, "pk", value)


def _kwargs(pattern, ids, wanted):
    """The route's URL kwargs from the row's ids ({"pk": "application"} -> the id)."""
    kwargs = {}
    # A path's converters, or a re_path's named groups.
    for key in pattern.pattern.converters or pattern.pattern.regex.groupindex:
        source = wanted.get(key)
        if source is None:
            raise AssertionError(f"no id for <{key}> in {pattern.pattern}")
        if callable(source):
            value = source(ids)
        elif isinstance(source, str) and source in ids:
            value = ids[source]
        else:
            value = source
        kwargs[key] = getattr(value, "pk", value)
    return kwargs


def _outcome(response, markers):
    status = response.status_code
    if status in (301, 302, 303):
        target = response.headers.get("Location", "")
        if any(target.startswith(path) or f"{path}?" in target for path in LOGIN_PATHS):
            return "L"
        if target.rstrip("/").endswith("/admin") and "next=" not in target:
            return "D"  # Wagtail's "no permission" redirect to the dashboard
        return "O"
    if status == 401:
        return "L"  # the autosave's JSON answer to an expired session
    if status in (403, 404):
        return "D"
    if status >= 500:
        return "500"
    if markers:
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if any(marker.encode() in body for marker in markers):
            return "O"
        return "F"
    return "O"


def _clients():
    from django.contrib.auth import get_user_model

    User = get_user_model()
    clients = {}
    for role, username in ROLES:
        client = Client()
        if username:
            client.force_login(User.objects.get(username=username))
        clients[role] = client
    return clients


def _request(client, path):
    response = client.get(path)
    if response.status_code == 405:
        response = client.post(path, {})
    return response


def pytest_generate_tests(metafunc):
    # The table is at the end of the module: parametrize once it is read.
    if "name" in metafunc.fixturenames:
        metafunc.parametrize("name", sorted(ROUTES))


def test_the_matrix(name, demo_with_accounts):
    from recruitment.models import AuditLogEntry

    pattern = dict(project_routes())[name.split("@")[0]]
    wanted, expected, options = ROUTES[name]
    ids = _ids(wanted)
    if name.startswith("page:"):
        # A page's sub-route: the page (the row's "page" id) and the route's own kwargs.
        page = Page.objects.get(pk=_kwargs_of(ids, wanted["page"])).specific
        kwargs = _kwargs(pattern, ids, {k: v for k, v in wanted.items() if k != "page"})
        path = page.url + page.reverse_subpage(pattern.name, kwargs=kwargs)
    else:
        path = reverse(name.split("@")[0], kwargs=_kwargs(pattern, ids, wanted))
    path += options.get("query", "")
    if options.get("query_ids"):
        path += "?" + "&".join(f"id={getattr(ids[k], 'pk', ids[k])}" for k in options["query_ids"])
    markers = options.get("markers", [])
    got = []
    for (role, _username), client in zip(ROLES, _clients().values(), strict=True):
        denied_before = AuditLogEntry.objects.filter(action__endswith="access_denied").count()
        outcome = _outcome(_request(client, path), markers)
        if markers and outcome == "O" and expected[len(got)] == "F":
            outcome = "O!"  # answered with data it must not show
        got.append(outcome)
        audited = options.get("audited") and role not in options.get("unaudited", ())
        if audited and outcome == "D" and role != "anonim":
            denied_after = AuditLogEntry.objects.filter(action__endswith="access_denied").count()
            assert denied_after > denied_before, f"{name} refused {role} without an audit entry"
    if os.environ.get("MATRIX_PRINT"):
        print(f'\nMATRIX row("{name}", {wanted!r}, "{" ".join(got)}")')
        return
    assert got == expected, (
        f"{name} {path}\n  roles    {' '.join(r for r, _ in ROLES)}\n"
        f"  expected {' '.join(expected)}\n  got      {' '.join(got)}"
    )


# --- the table -------------------------------------------------------------------------------------
# Roles:                                 anonim jst inna_jst oceniajacy przewodn organiz redaktor
#                                          operator oper_op org_op

# accounts
row("accounts:accept_invitation", {"token": "niewazny-token"}, "O O O O O O O O O O")
row("accounts:confirm", {"token": "niewazny-token"}, "O O O O O O O O O O")
row("accounts:login", {}, "O O O O O O O O O O")
row("accounts:logout", {}, "O O O O O O O O O O")
row("accounts:password_change", {}, "L O O O O O O O O O")
row("accounts:password_change_done", {}, "L O O O O O O O O O")
row("accounts:password_reset", {}, "O O O O O O O O O O")
row("accounts:password_reset_complete", {}, "O O O O O O O O O O")
row(
    "accounts:password_reset_confirm",
    {"uidb64": "MQ", "token": "niewazny-token"},
    "O O O O O O O O O O",
)
row("accounts:password_reset_done", {}, "O O O O O O O O O O")
row("accounts:register", {}, "O O O O O O O O O O")
row("accounts:register_done", {}, "O O O O O O O O O O")
row("accounts:resend_confirmation", {}, "O O O O O O O O O O")
row("accounts:revoke_invitation", {"pk": 999999}, "L D D D D D D D D D")
row("accounts:team", {}, "L O O D D D D D D D")

# api_search
row("api_search", {}, "O O O O O O O O O O")

# api_search_suggest
row("api_search_suggest", {}, "O O O O O O O O O O")

# documents
row(
    "documents:detail",
    {"document_id": "document", "slug": lambda ids: ids["document"].slug},
    "O O O O O O O O O O",
)
row(
    "documents:detail@private",
    {"document_id": "private_document", "slug": lambda ids: ids["private_document"].slug},
    "D D D O O D D O O D",
)
row(
    "documents:download",
    {"document_id": "document", "filename": lambda ids: ids["document"].filename},
    "O O O O O O O O O O",
)
row(
    "documents:download@private",
    {"document_id": "private_document", "filename": lambda ids: ids["private_document"].filename},
    "D D D O O D D O O D",
)
row("documents:index", {}, "O O O O O O O O O O")

# evaluation
row("evaluation:appeal_reassign", {"call_pk": "call", "pk": "appeal"}, "L L L D O D D D D D")
row("evaluation:appeal_reject", {"call_pk": "call", "pk": "appeal"}, "L L L D O D D D D D")
row("evaluation:appeal_uphold", {"call_pk": "call", "pk": "appeal"}, "L L L D O D D D D D")
row("evaluation:appeals", {"call_pk": "call"}, "L L L D O D D O D D")
row("evaluation:appeals_republish", {"call_pk": "call"}, "L L L D O D D D D D")
row("evaluation:application", {"pk": "application"}, "L L L O O D D O D D", audited=True)
row("evaluation:assign", {"call_pk": "call"}, "L L L D O D D D D D")
row("evaluation:assign_auto", {"call_pk": "call"}, "L L L D O D D D D D")
row("evaluation:cancel", {"call_pk": "call"}, "L L L D O D D D D D")
row("evaluation:card", {"pk": "assignment"}, "L L L O O D D O D D", audited=True)
row("evaluation:card_pdf", {"pk": "assignment"}, "L L L O O D D O D D", audited=True)
row("evaluation:card_return", {"pk": "assignment"}, "L L L D O D D D D D", audited=True)
row("evaluation:chair", {"call_pk": "call"}, "L L L D O D D O D D")
row("evaluation:chair@op", {"call_pk": "call_op"}, "L L L D O D D O O D")
row("evaluation:commission", {"call_pk": "call"}, "L L L D D D D O D D")
row("evaluation:conflict", {"call_pk": "call"}, "L L L O O D D D D D")
row("evaluation:declaration", {"call_pk": "call"}, "L L L O O D D D D D")
row("evaluation:dismiss", {"call_pk": "call"}, "L L L D D D D O D D")
row("evaluation:evaluator", {"call_pk": "call"}, "L L L O O D D O O D")
row("evaluation:finish", {"call_pk": "call"}, "L L L D O D D D D D")
row("evaluation:home", {}, "L L L O O D D O F D", markers=["1/2026/MP"])
row("evaluation:ranking_pdf", {"call_pk": "call"}, "L L L D O D D O D D", audited=True)
# The chair's calibration of the evaluators (evaluation/views/calibration.py).
# As the chair's dashboard: the call's chair after signing and operators of the call's partner;
# the chair appointed to the Opole call but not signed yet is sent to the declaration (O).
# Every refusal goes through evaluation.views.base.deny (evaluation_access_denied).
row("evaluation:calibration", {"call_pk": "call"}, "L L L D O D D O D D", audited=True)
row("evaluation:calibration@op", {"call_pk": "call_op"}, "L L L D O D D O O D", audited=True)
row("evaluation:results", {"call_pk": "call"}, "L L L D O D D O D D")
row("evaluation:results_approve", {"call_pk": "call"}, "L L L D O D D D D D")
row("evaluation:results_discard", {"call_pk": "call"}, "L L L D O D D D D D")
row("evaluation:results_publish", {"call_pk": "call"}, "L L L D O D D O D D")
row("evaluation:scores_csv", {"call_pk": "call"}, "L L L D O D D O D D", audited=True)
row("evaluation:scores_xlsx", {"call_pk": "call"}, "L L L D O D D O D D", audited=True)

# evaluation_account
row("evaluation_account:appeal", {"pk": "application"}, "L O D D D D D D D D", audited=True)
row("evaluation_account:result", {"pk": "application"}, "L O D D D D D D D D", audited=True)

# events_admin
row("events_admin:attendance", {"event_pk": "event"}, "L L L D D O D D D D")
row("events_admin:close", {"event_pk": "event"}, "L L L D D O D D D D")
row("events_admin:csv", {"event_pk": "event"}, "L L L D D O D D D D")
row("events_admin:event", {"event_pk": "event"}, "L L L D D O D D D D")
row("events_admin:event@opole", {"event_pk": "event_opole"}, "L L L D D O D D D O")
row(
    "events_admin:index",
    {},
    "L L L D D O D D D F",
    markers=["Regionalna konferencja edukacyjna – Kraków"],
)
row(
    "events_admin:index_results",
    {},
    "L L L D D O D D D F",
    markers=["Regionalna konferencja edukacyjna – Kraków"],
)
row("events_admin:pdf", {"event_pk": "event"}, "L L L D D O D D D D")
row("events_admin:reopen", {"event_pk": "event"}, "L L L D D O D D D D")
row("events_admin:xlsx", {"event_pk": "event"}, "L L L D D O D D D D")

# health
row("health", {}, "O O O O O O O O O O")

# opendata: /dane/, public open data, the same answer for everyone
row("opendata:catalogue", {}, "O O O O O O O O O O")
row("opendata:csv", {"slug": lambda ids: "dokumenty"}, "O O O O O O O O O O")
row(
    "opendata:csv@call",
    {"slug": lambda ids: "wyniki-naborow"},
    "O O O O O O O O O O",
    query="?nabor=1/2026/MP",
)
row("opendata:index", {}, "O O O O O O O O O O")
row("opendata:json", {"slug": lambda ids: "wydarzenia"}, "O O O O O O O O O O")
row(
    "opendata:json@call",
    {"slug": lambda ids: "statystyki-naborow"},
    "O O O O O O O O O O",
    query="?nabor=1/2026/MP",
)
row("opendata:metadata", {"slug": lambda ids: "wyniki-naborow"}, "O O O O O O O O O O")

# recruitment
row("recruitment:application", {"pk": "application"}, "L O D O O D D O D D", audited=True)
row(
    "recruitment:attachment",
    {"pk": "application", "attachment_pk": "attachment"},
    "L O D O O D D O D D",
    audited=True,
)
row(
    "recruitment:autosave",
    {"pk": "application"},
    "L D D D D D D D D D",
    audited=True,
    unaudited=["jst"],
)
row("recruitment:dashboard", {}, "L O O O O O O O O O")
row("recruitment:receipt", {"pk": "application"}, "L O D O O D D O D D", audited=True)
row("recruitment:receipt_json", {"pk": "application"}, "L O D O O D D O D D", audited=True)
row("recruitment:receipt_pdf", {"pk": "application"}, "L O D O O D D O D D", audited=True)
row("recruitment:start", {"call_pk": "call"}, "L O O O O O O O O O")
row("recruitment:status", {"pk": "application"}, "L O D O O D D O D D", audited=True)
row("recruitment:submit", {"pk": "application"}, "L O D D D D D D D D", audited=True)
row("recruitment:withdraw", {"pk": "application"}, "L O D D D D D D D D", audited=True)

# recruitment_bulk_refused
row(
    "recruitment_bulk_refused",
    {"model_name": "auditlogentry", "action": "delete"},
    "D D D D D D D D D D",
    query="?id=1&id=2&id=3",
)
row(
    "recruitment_bulk_refused@application",
    {"model_name": "application", "action": "delete"},
    "D D D D D D D D D D",
    query="?id=1&id=2&id=3",
)

# recruitment_operator
row("recruitment_operator:calls", {}, "L L L D O D D O F D", markers=["1/2026/MP"])
row("recruitment_operator:calls@op", {}, "L L L D F D D O O D", markers=["1/2026/OP"])
row(
    "recruitment_operator:detail",
    {"call_pk": "call", "pk": "application"},
    "L L L D O D D O D D",
    audited=True,
)
row(
    "recruitment_operator:detail@op",
    {"call_pk": "call_op", "pk": "application_op"},
    "L L L D D D D O O D",
    audited=True,
)
row(
    "recruitment_operator:diff",
    {"call_pk": "call", "pk": "application"},
    "L L L D O D D O D D",
    audited=True,
)
row("recruitment_operator:export_csv", {"call_pk": "call"}, "L L L D O D D O D D", audited=True)
row(
    "recruitment_operator:export_csv@op",
    {"call_pk": "call_op"},
    "L L L D D D D O O D",
    audited=True,
)
row("recruitment_operator:export_xlsx", {"call_pk": "call"}, "L L L D O D D O D D", audited=True)
row(
    "recruitment_operator:formal_card",
    {"call_pk": "call", "pk": "application"},
    "L L L D O D D O D D",
    audited=True,
)
row(
    "recruitment_operator:formal_card_pdf",
    {"call_pk": "call", "pk": "application", "round": "formal_round"},
    "L L L D O D D O D D",
    audited=True,
)
row("recruitment_operator:index", {"call_pk": "call"}, "L L L D O D D O D D", audited=True)
row("recruitment_operator:index@op", {"call_pk": "call_op"}, "L L L D D D D O O D", audited=True)
row(
    "recruitment_operator:transition",
    {"call_pk": "call", "pk": "application"},
    "L L L D O D D O D D",
    audited=True,
)

# rejestr-dokumentow
_private = ["Instrukcja dla członków komisji"]
row("rejestr-dokumentow:index", {}, "L L L D D D F O O D", markers=_private)
row("rejestr-dokumentow:index_results", {}, "L L L D D D F O O D", markers=_private)

# rejestr-dokumentow (the registry's own views; a private document is out of an editor's reach)
row("rejestr-dokumentow:add", {}, "L L L D D D O O O D")
# An editor neither edits nor deletes a published document (README of documents, "Moderation").
for _view in ("delete", "edit", "history", "history_results", "inspect", "usage"):
    _editor = "D" if _view in ("delete", "edit") else "O"
    row(f"rejestr-dokumentow:{_view}", {"pk": "document"}, f"L L L D D D {_editor} O O D")
    row(f"rejestr-dokumentow:{_view}@private", {"pk": "private_document"}, "L L L D D D D O O D")

# The review page of a document's moderation: seen by whoever works with the document; its
# decisions (POST) only by moderators and operators (tests/documents/test_moderation.py).
row("rejestr-dokumentow:moderate", {"pk": "document"}, "L L L D D D O O O D")
row("rejestr-dokumentow:moderate@private", {"pk": "private_document"}, "L L L D D D D O O D")

# wagtaildocs (Wagtail's document admin)
row("wagtaildocs:index", {}, "L L L D D D F O O D", markers=_private, query="?q=Instrukcja")
row("wagtaildocs:index_results", {}, "L L L D D D F O O D", markers=_private, query="?q=Instrukcja")
row("wagtaildocs:add", {}, "L L L D D D F O O D", markers=_private)
row("wagtaildocs:add_multiple", {}, "L L L D D D O O O D")
row(
    "wagtaildocs:create_multiple_from_uploaded_document",
    {"uploaded_file_id": 999999},
    "L L L D D D D D D D",
)
row("wagtaildocs:delete_upload_multiple", {"uploaded_file_id": 999999}, "L L L D D D D D D D")
for _view, _key in (
    ("edit", "document_id"),
    ("delete", "document_id"),
    ("document_usage", "document_id"),
    ("edit_multiple", "doc_id"),
):
    # The form's links to other documents do not offer the private one to the editor.
    if _view == "edit":
        row("wagtaildocs:edit", {_key: "document"}, "L L L D D D D O O D", markers=_private)
    else:  # the published document is not an editor's to change (Wagtail asks "change")
        row(f"wagtaildocs:{_view}", {_key: "document"}, "L L L D D D D O O D")
    row(f"wagtaildocs:{_view}@private", {_key: "private_document"}, "L L L D D D D O O D")

# POST only; an unknown id, so that no role deletes the demo's document for the next one (an
# editor's POST on a private document: tests/documents/test_private_admin.py)
row("wagtaildocs:delete_multiple", {"doc_id": 999999}, "L L L D D D D D D D")

# wagtaildocs_chooser
_private = ["Instrukcja dla cz"]  # ASCII: the chooser answers JSON, with \u escapes
row(
    "wagtaildocs_chooser:choose", {}, "L L L F F F F O O F", markers=_private, query="?q=Instrukcja"
)
row(
    "wagtaildocs_chooser:choose_results",
    {},
    "L L L F F F F O O F",
    markers=_private,
    query="?q=Instrukcja",
)
row("wagtaildocs_chooser:chosen", {"pk": "document"}, "L L L D D D O O O D")
row("wagtaildocs_chooser:chosen@private", {"pk": "private_document"}, "L L L D D D D O O D")
row(
    "wagtaildocs_chooser:chosen_multiple",
    {},
    "L L L F F F F O O F",
    markers=_private,
    query_ids=["private_document"],
)
row("wagtaildocs_chooser:create", {}, "L L L D D D O O O D")

# guarded_bulk_action (ids checked before Wagtail's confirmation page names them)
row(
    "guarded_bulk_action",
    {"app_label": "documents", "model_name": "registrydocument", "action": "delete"},
    "L L L D D D O O O D",
    query_ids=["document"],
)
row(
    "guarded_bulk_action@private",
    {"app_label": "documents", "model_name": "registrydocument", "action": "delete"},
    "L L L D D D D O O D",
    query_ids=["document", "private_document"],
    markers=["Instrukcja dla członków komisji"],
)
row(
    "guarded_bulk_action@not_a_number",
    {"app_label": "documents", "model_name": "registrydocument", "action": "delete"},
    "L L L D D D D D D D",
    query="?id=abc",
)
row(
    "guarded_bulk_action@page",
    {"app_label": "wagtailcore", "model_name": "page", "action": "delete"},
    "L L L D D D O O D D",
    query_ids=["event"],
)

# robots_txt
row("robots_txt", {}, "O O O O O O O O O O")

# search
row("search", {}, "O O O O O O O O O O")

# search_health
row("search_health", {}, "O O O O O O O O O O")

# wagtailsnippetchoosers_knowledge_glossaryterm
row("wagtailsnippetchoosers_knowledge_glossaryterm:choose", {}, "L L L O O O O O O O")
row("wagtailsnippetchoosers_knowledge_glossaryterm:choose_results", {}, "L L L O O O O O O O")
row(
    "wagtailsnippetchoosers_knowledge_glossaryterm:chosen",
    {"pk": "glossary"},
    "L L L O O O O O O O",
)
row("wagtailsnippetchoosers_knowledge_glossaryterm:chosen_multiple", {}, "L L L O O O O O O O")
row("wagtailsnippetchoosers_knowledge_glossaryterm:create", {}, "L L L D D D D D D D")

# wagtailsnippets_knowledge_glossaryterm
row("wagtailsnippets_knowledge_glossaryterm:add", {}, "L L L D D D D D D D")
row("wagtailsnippets_knowledge_glossaryterm:delete", {"pk": "glossary"}, "L L L D D D D D D D")
row("wagtailsnippets_knowledge_glossaryterm:edit", {"pk": "glossary"}, "L L L D D D D D D D")
row("wagtailsnippets_knowledge_glossaryterm:history", {"pk": "glossary"}, "L L L D D D D D D D")
row(
    "wagtailsnippets_knowledge_glossaryterm:history_results",
    {"pk": "glossary"},
    "L L L D D D D D D D",
)
row("wagtailsnippets_knowledge_glossaryterm:list", {}, "L L L D D D D D D D")
row("wagtailsnippets_knowledge_glossaryterm:list_results", {}, "L L L D D D D D D D")
row("wagtailsnippets_knowledge_glossaryterm:usage", {"pk": "glossary"}, "L L L D D D D D D D")

# wagtailsnippets_recruitment_application
row("wagtailsnippets_recruitment_application:add", {}, "L L L D D D D D D D")
row("wagtailsnippets_recruitment_application:delete", {"pk": "application"}, "L L L D D D D D D D")
row("wagtailsnippets_recruitment_application:edit", {"pk": "application"}, "L L L D D D D D D D")
row("wagtailsnippets_recruitment_application:history", {"pk": "application"}, "L L L D D D D D D D")
row(
    "wagtailsnippets_recruitment_application:history_results",
    {"pk": "application"},
    "L L L D D D D D D D",
)
row(
    "wagtailsnippets_recruitment_application:inspect",
    {"pk": "application"},
    "L L L D O D D O D D",
    audited=True,
)
row(
    "wagtailsnippets_recruitment_application:list",
    {},
    "L L L D O D D O F D",
    markers=["1/2026/MP/"],
)
row(
    "wagtailsnippets_recruitment_application:list@op",
    {},
    "L L L D F D D O O D",
    markers=["1/2026/OP/001"],
)
row(
    "wagtailsnippets_recruitment_application:list_results",
    {},
    "L L L D O D D O F D",
    markers=["1/2026/MP/"],
)
row("wagtailsnippets_recruitment_application:usage", {"pk": "application"}, "L L L D D D D D D D")

# wagtailsnippets_recruitment_auditlogentry
row("wagtailsnippets_recruitment_auditlogentry:add", {}, "L L L D D D D D D D")
row("wagtailsnippets_recruitment_auditlogentry:delete", {"pk": "audit"}, "L L L D D D D D D D")
row("wagtailsnippets_recruitment_auditlogentry:edit", {"pk": "audit"}, "L L L D D D D D D D")
row("wagtailsnippets_recruitment_auditlogentry:history", {"pk": "audit"}, "L L L D D D D D D D")
row(
    "wagtailsnippets_recruitment_auditlogentry:history_results",
    {"pk": "audit"},
    "L L L D D D D D D D",
)
row(
    "wagtailsnippets_recruitment_auditlogentry:inspect",
    {"pk": "audit"},
    "L L L D O D D O D D",
    audited=True,
)
row(
    "wagtailsnippets_recruitment_auditlogentry:list",
    {},
    "L L L D O D D O F D",
    markers=["<td >\n    1/2026/MP/002\n</td>"],
    query="?application__number=1%2F2026%2FMP%2F002",
)
row(
    "wagtailsnippets_recruitment_auditlogentry:list@op",
    {},
    "L L L D F D D O O D",
    markers=["<td >\n    1/2026/OP/001\n</td>"],
    query="?application__number=1%2F2026%2FOP%2F001",
)
row(
    "wagtailsnippets_recruitment_auditlogentry:list_results",
    {},
    "L L L D O D D O F D",
    markers=["<td >\n    1/2026/MP/002\n</td>"],
    query="?application__number=1%2F2026%2FMP%2F002",
)
row("wagtailsnippets_recruitment_auditlogentry:usage", {"pk": "audit"}, "L L L D D D D D D D")

# wagtailsnippets_recruitment_institution
# The registry is shared by the partners: an operator limited to one partner only reads it.
row("wagtailsnippets_recruitment_institution:add", {}, "L L L D D D D O D D")
row("wagtailsnippets_recruitment_institution:delete", {"pk": "institution"}, "L L L D D D D D D D")
row("wagtailsnippets_recruitment_institution:edit", {"pk": "institution"}, "L L L D D D D O D D")
row("wagtailsnippets_recruitment_institution:history", {"pk": "institution"}, "L L L D D D D O D D")
row(
    "wagtailsnippets_recruitment_institution:history_results",
    {"pk": "institution"},
    "L L L D D D D O D D",
)
row("wagtailsnippets_recruitment_institution:inspect", {"pk": "institution"}, "L L L D D D D O O D")
row("wagtailsnippets_recruitment_institution:list", {}, "L L L D D D D O O D")
row("wagtailsnippets_recruitment_institution:list_results", {}, "L L L D D D D O O D")
row("wagtailsnippets_recruitment_institution:usage", {"pk": "institution"}, "L L L D D D D O D D")

# Sub-routes of the project's pages (`page_routes`): the page is the row's "page" id.
row("page:portal.NewsIndexPage:index", {"page": "news_index"}, "O O O O O O O O O O")
row(
    "page:portal.NewsIndexPage:archive", {"page": "news_index", "year": 2019}, "O O O O O O O O O O"
)
row(
    "page:portal.NewsIndexPage:tagged",
    {"page": "news_index", "tag": "kamien-milowy"},
    "O O O O O O O O O O",
)
row("page:portal.NewsIndexPage:feed", {"page": "news_index"}, "O O O O O O O O O O")
row(
    "page:knowledge.ModelPage:level",
    {"page": "model_page", "level_slug": "instytucji"},
    "O O O O O O O O O O",
)
# The demo's Model has no PDF edition: 404 for everyone (tests/knowledge for one with a PDF).
row("page:knowledge.ModelPage:pdf", {"page": "model_page"}, "D D D D D D D D D D")
row("page:recruitment.CallPage:results", {"page": "call"}, "O O O O O O O O O O")
row(
    "page:recruitment.CallPage:results_version",
    {"page": "call", "version": 1},
    "O O O O O O O O O O",
)
row("page:recruitment.CallPage:statistics", {"page": "call"}, "O O O O O O O O O O")
# Before the first published list a call has no statistics: 404 for everyone.
row("page:recruitment.CallPage:statistics@op", {"page": "call_op"}, "D D D D D D D D D D")
row("page:events.EventIndexPage:listing", {"page": "event_index"}, "O O O O O O O O O O")
row("page:events.EventIndexPage:feed", {"page": "event_index"}, "O O O O O O O O O O")
row("page:events.EventPage:register", {"page": "event"}, "O O O O O O O O O O")
# Only right after one's own registration (its session): 404 otherwise.
row("page:events.EventPage:registered", {"page": "event"}, "D D D D D D D D D D")
# An unknown cancellation token: 404 for everyone (tests/events for a valid one).
row(
    "page:events.EventPage:cancel",
    {"page": "event", "token": "niewazny-token"},
    "D D D D D D D D D D",
)
row("page:events.EventPage:ical", {"page": "event"}, "O O O O O O O O O O")
