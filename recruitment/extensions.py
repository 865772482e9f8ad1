"""Where the apps above the recruitment add to it: Wagtail hooks, so that the recruitment never
imports them (the layers of README, „Architecture”).

The substantive evaluation (`evaluation/wagtail_hooks.py`) registers:

- ``recruitment_call_chair`` — ``fn(user, call) -> bool``: the user chairs the call's commission
  and signed its declaration, so they review its applications beside the operators;
- ``recruitment_chaired_call_ids`` — ``fn(user) -> iterable of call ids``: the same, for every
  call at once (listings, exports, the audit log);
- ``recruitment_application_viewer`` — ``fn(user, application) -> bool``: someone else who may
  open the application and its files (an evaluator assigned to it after signing);
- ``recruitment_call_results`` — ``fn(call) -> str``: the URL of the call's published results,
  or "";
- ``recruitment_call_results_page`` — ``fn(call, request, version) -> response``: the page of
  the results at the call's ``wyniki/`` routes;
- ``recruitment_call_statistics_page`` — ``fn(call, request) -> response``: the public
  statistics of the call at its ``statystyki/`` route.

With nothing registered, no one but the operators and the JST's own accounts sees applications
and a call has no results page (404).
"""

from django.http import Http404, HttpRequest, HttpResponse

from wagtail import hooks

from core.roles import Account

CALL_CHAIR = "recruitment_call_chair"
CHAIRED_CALL_IDS = "recruitment_chaired_call_ids"
APPLICATION_VIEWER = "recruitment_application_viewer"
CALL_RESULTS = "recruitment_call_results"
CALL_RESULTS_PAGE = "recruitment_call_results_page"
CALL_STATISTICS_PAGE = "recruitment_call_statistics_page"


# The call and the application are only handed on to the hooks: any object (the models import
# this module, so their classes are not imported here).


def chairs(user: Account, call: object) -> bool:
    return any(check(user, call) for check in hooks.get_hooks(CALL_CHAIR))


def chaired_call_ids(user: Account) -> set[int]:
    ids: set[int] = set()
    for found in hooks.get_hooks(CHAIRED_CALL_IDS):
        ids |= set(found(user))
    return ids


def may_view_application(user: Account, application: object) -> bool:
    return any(check(user, application) for check in hooks.get_hooks(APPLICATION_VIEWER))


def results_link(call: object) -> str:
    for link in hooks.get_hooks(CALL_RESULTS):
        url: str = link(call)
        if url:
            return url
    return ""


def serve_results(call: object, request: HttpRequest, version: int | None = None) -> HttpResponse:
    for serve in hooks.get_hooks(CALL_RESULTS_PAGE):
        response: HttpResponse = serve(call, request, version)
        return response
    raise Http404


def serve_statistics(call: object, request: HttpRequest) -> HttpResponse:
    for serve in hooks.get_hooks(CALL_STATISTICS_PAGE):
        response: HttpResponse = serve(call, request)
        return response
    raise Http404
