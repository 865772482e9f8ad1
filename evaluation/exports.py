"""Exports of the substantive evaluation (DOMAIN.md: "Cards and lists export to PDF (for signing)
and to CSV/XLSX"):

- one substantive card as a PDF with the evaluator's signature line; a card not submitted is
  stamped as a draft;
- a call's ranking list as a PDF with the commission's signature lines: the current draft from
  `results.rank_call`, stamped as not approved, or with `?wersja=<n>` a frozen version
  (`ResultList` and its `ResultEntry` rows), stamped while it is approved but not published;
- every submitted card of a call as CSV and XLSX, one row per card: per criterion its points and
  the evaluator's justification, the card's total, when it was submitted, and the application's
  final score and status at the end of the row.

The CSV is for Excel in Poland: UTF-8 with a BOM (so that Excel reads the Polish letters), ';'
between cells (Excel with Polish regional settings splits on it), decimal comma in the scores.
Texts that a spreadsheet would read as a formula (starting with = + - @, a tab or a carriage
return) get a leading apostrophe (OWASP "CSV injection"), in both formats. Times are
Europe/Warsaw. In the XLSX the scores are numbers shown with two decimal places (number format
`0.00`: 21 is stored as a number and Excel with Polish settings shows „21,00”) and the times
are real date-times with a date format, never texts.

The scores are read in a fixed number of queries whatever the number of cards: the ranking
(`rank_call`, five), the criteria, the cards with their application, JST and evaluator, all their
scores as plain values, and the latest frozen entry of each application.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, IntegerField, Value, When
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import spreadsheets
from core.choices import JSTType
from core.spreadsheets import (
    DATETIME_FORMAT,
    neutralise,
)
from evaluation import scoring
from recruitment.models import ApplicationState

from . import assignment as assignment_service
from . import results
from .models import (
    KIND_ORDER,
    AssignmentKind,
    CardScore,
    CardStatus,
    CommissionRole,
    Declaration,
    ResultEntry,
    ResultList,
    SubstantiveCard,
)

S = ApplicationState
HEADER_TEXT_LIMIT = 60
SCORE_FORMAT = "0.00"

STATUS_LABELS = {
    "selected": gettext_lazy("wybrany"),
    "reserve": gettext_lazy("lista rezerwowa"),
    "not_selected": gettext_lazy("niewybrany"),
}


def _name(user):
    return user.get_full_name() or user.get_username()


def _safe(text):
    return str(text or "").replace("/", "-").replace(" ", "_")


def _short(text, limit=HEADER_TEXT_LIMIT):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _criteria(call):
    return list(call.substantive_criteria.order_by("sort_order", "pk"))


def _jst_type_label(value):
    try:
        return str(JSTType(value).label)
    except ValueError:
        return value


def status_label(status, reserve_position=None):
    label = str(STATUS_LABELS.get(str(status), status))
    if str(status) == "reserve" and reserve_position:
        label += f" ({reserve_position})"
    return label


# --- one substantive card -------------------------------------------------------------------------


def card_context(assignment):
    """What the card PDF shows; `assignment` comes with its application, call, JST, evaluator
    and card selected."""
    card = assignment.card
    application = assignment.application
    call = application.call
    scores = list(card.scores.select_related("criterion").order_by("criterion__sort_order", "pk"))
    declaration = (
        Declaration.objects.filter(call=call, user_id=assignment.evaluator_id)
        .only("signed_at", "text_version", "text_sha256")
        .first()
    )
    total = sum(s.points or 0 for s in scores)
    return {
        "assignment": assignment,
        "card": card,
        "application": application,
        "call": call,
        "institution": application.institution,
        "evaluator_name": _name(assignment.evaluator),
        "kind_label": assignment.get_kind_display(),
        "scores": scores,
        "total": card.total if card.is_submitted else total,
        "max_total": sum(s.criterion.max_points for s in scores),
        "is_draft": not card.is_submitted,
        "declaration": declaration,
        "generated_at": timezone.localtime(),
    }


def card_pdf(assignment):
    import weasyprint

    html = render_to_string("evaluation/pdf/card.html", card_context(assignment))
    return weasyprint.HTML(string=html).write_pdf()


def card_filename(assignment):
    number = _safe(assignment.application.number or assignment.application_id)
    return f"karta-oceny-merytorycznej-{number}-{assignment.kind}-{assignment.pk}.pdf"


# --- the ranking list -----------------------------------------------------------------------------


@dataclass
class ListRow:
    position: int
    institution: str
    jst_type: str
    final_score: object
    status: str
    number: str = ""
    # Why it stands below its neighbour of equal final score (`results.tie_break_text`), or "".
    tie_text: str = ""


def _quota_rows(call):
    quotas = {}
    for quota in call.quotas.all():
        quotas[quota.jst_type] = quotas.get(quota.jst_type, 0) + quota.places
    return [{"type": _jst_type_label(k), "places": v} for k, v in sorted(quotas.items())]


def _threshold(call):
    criteria = _criteria(call)
    max_total = sum(c.max_points for c in criteria)
    minimums = [c for c in criteria if c.min_points is not None]
    return {
        "max_total": max_total,
        "percent": call.threshold_percent,
        "points": scoring.threshold_points(max_total, call.threshold_percent),
        "minimums": [{"text": _short(c.text), "points": c.min_points} for c in minimums],
    }


def _signatories(call):
    members = assignment_service.call_members(call)
    chair = next((m for m in members if m.role == CommissionRole.CHAIR), None)
    return {
        "chair_name": _name(chair.user) if chair else "",
        "member_names": [_name(m.user) for m in members if m.role == CommissionRole.EVALUATOR],
    }


def _groups(rows):
    grouped = {}
    for row in rows:
        grouped.setdefault(row.jst_type, []).append(row)
    return [{"type": _jst_type_label(key), "rows": grouped[key]} for key in sorted(grouped)]


def live_rows(ranked_call):
    return [
        ListRow(
            position=row.position,
            institution=row.application.institution.name,
            jst_type=row.jst_type,
            final_score=row.score.final,
            status=status_label(row.status, row.reserve_position),
            number=row.application.number or "",
            tie_text=row.tie_text,
        )
        for row in ranked_call.ranked
    ]


def version_rows(result_list, call=None):
    entries = list(
        result_list.entries.select_related("application").order_by("jst_type", "position", "pk")
    )
    ties = results.frozen_tie_texts(call or result_list.call, result_list, entries)
    return [
        ListRow(
            position=entry.position,
            institution=entry.institution_name,
            jst_type=entry.jst_type,
            final_score=entry.final_score,
            status=status_label(entry.status, entry.reserve_position),
            number=entry.application.number or "",
            tie_text=ties.get(entry.application_id, ""),
        )
        for entry in entries
    ]


def choose_version(call, wanted):
    """The `ResultList` to print: version `wanted` (a str from the URL); None (the current draft
    from `rank_call`) when none is asked for. Raises LookupError for a version that does not
    exist."""
    if not wanted:
        return None
    if not wanted.isdigit() or len(wanted) > 5:
        raise LookupError(wanted)
    found = (
        ResultList.objects.filter(call=call, version=int(wanted))
        .select_related("approved_by", "published_by")
        .first()
    )
    if found is None:
        raise LookupError(wanted)
    return found


def ranking_context(call, result_list=None):
    context = {
        "call": call,
        "threshold": _threshold(call),
        "quotas": _quota_rows(call),
        "generated_at": timezone.localtime(),
        "result_list": result_list,
        **_signatories(call),
    }
    if result_list is None:
        ranked_call = results.rank_call(call)
        context.update(
            {
                "groups": _groups(live_rows(ranked_call)),
                "pending": [
                    {
                        "number": item.application.number or "",
                        "institution": item.application.institution.name,
                        "jst_type": _jst_type_label(item.application.institution.jst_type),
                        "reason": item.reason.label,
                        "totals": ", ".join(str(t) for t in item.score.totals),
                    }
                    for item in ranked_call.pending
                ],
                "stamp": _("PROJEKT LISTY – niezatwierdzona"),
            }
        )
    else:
        context.update(
            {
                "groups": _groups(version_rows(result_list, call)),
                "pending": [],
                "stamp": ""
                if result_list.is_published
                else _("LISTA ZATWIERDZONA – nieopublikowana"),
            }
        )
    return context


def ranking_pdf(call, result_list=None):
    import weasyprint

    html = render_to_string("evaluation/pdf/ranking.html", ranking_context(call, result_list))
    return weasyprint.HTML(string=html).write_pdf()


def ranking_filename(call, result_list=None):
    number = _safe(call.number or call.pk)
    suffix = f"wersja-{result_list.version}" if result_list else "projekt"
    return f"lista-rankingowa-{number}-{suffix}.pdf"


# --- the scores (CSV, XLSX) -----------------------------------------------------------------------


class Scores:
    """Every submitted card of a call as rows of cells, and each application's result."""

    def __init__(self, call):
        self.call = call
        self.criteria = _criteria(call)
        self._results = None
        self._ranked_call = None

    @property
    def ranked_call(self):
        if self._ranked_call is None:
            self._ranked_call = results.rank_call(self.call)
        return self._ranked_call

    def headers(self):
        return [
            _("Numer zgłoszenia"),
            _("JST"),
            _("Rodzaj JST"),
            _("Oceniający"),
            _("Rodzaj oceny"),
            *[
                header
                for n, c in enumerate(self.criteria, start=1)
                for header in (
                    _("K%(n)s (maks. %(max)s): %(text)s")
                    % {"n": n, "max": c.max_points, "text": _short(c.text)},
                    _("K%(n)s – uzasadnienie") % {"n": n},
                )
            ],
            _("Suma karty"),
            _("Złożono"),
            _("Ocena końcowa zgłoszenia"),
            _("Wynik zgłoszenia"),
        ]

    def results(self):
        """{application id: (final score or None, status label)}: the current ranking, the
        pending reasons, and for applications with a result already, their latest frozen entry."""
        if self._results is not None:
            return self._results
        found = {}
        ranked_call = self.ranked_call
        for row in ranked_call.ranked:
            found[row.application.pk] = (
                row.score.final,
                status_label(row.status, row.reserve_position),
            )
        for item in ranked_call.pending:
            found[item.application.pk] = (
                item.score.final,
                _("poza listą: %(reason)s") % {"reason": item.reason.label},
            )
        entries = (
            ResultEntry.objects.filter(result_list__call=self.call)
            .order_by("application_id", "-result_list__version")
            .values_list("application_id", "final_score", "status", "reserve_position")
        )
        for application_id, final, status, reserve in entries:
            if application_id not in found:
                found[application_id] = (final, status_label(status, reserve))
        self._results = found
        return found

    def _cards(self):
        kind_order = Case(
            *[When(assignment__kind=kind, then=Value(order)) for kind, order in KIND_ORDER.items()],
            default=Value(9),
            output_field=IntegerField(),
        )
        return (
            SubstantiveCard.objects.filter(
                assignment__application__call=self.call,
                assignment__cancelled_at__isnull=True,
                status=CardStatus.SUBMITTED,
            )
            .annotate(kind_order=kind_order)
            .select_related(
                "assignment__application__institution",
                "assignment__evaluator",
            )
            .only(
                "pk",
                "total",
                "submitted_at",
                "assignment__kind",
                "assignment__application__number",
                "assignment__application__state",
                "assignment__application__submitted_at",
                "assignment__application__institution__name",
                "assignment__application__institution__jst_type",
                "assignment__evaluator__username",
                "assignment__evaluator__first_name",
                "assignment__evaluator__last_name",
            )
            .order_by(
                "assignment__application__submitted_at",
                "assignment__application_id",
                "kind_order",
                "pk",
            )
        )

    def score_columns(self):
        """The 0-based indexes of the columns that hold scores (each criterion's points, the
        card's total, the application's final score): numbers with two decimals in the XLSX."""
        first = 5
        points = [first + 2 * index for index in range(len(self.criteria))]
        total = first + 2 * len(self.criteria)
        return [*points, total, total + 2]

    def _points(self):
        """{card id: {criterion id: (points, justification)}}."""
        points = {}
        for card_id, criterion_id, value, justification in CardScore.objects.filter(
            card__assignment__application__call=self.call,
            card__assignment__cancelled_at__isnull=True,
            card__status=CardStatus.SUBMITTED,
        ).values_list("card_id", "criterion_id", "points", "justification"):
            points.setdefault(card_id, {})[criterion_id] = (value, justification)
        return points

    def rows(self):
        """Lists of cell values (str, int, Decimal, naive datetime or None), one per card."""
        outcome = self.results()
        points = self._points()
        for card in self._cards().iterator(chunk_size=500):
            assignment = card.assignment
            application = assignment.application
            final, status = outcome.get(
                application.pk, (None, str(ApplicationState(application.state).label))
            )
            own = points.get(card.pk, {})
            cells = []
            for criterion in self.criteria:
                value, justification = own.get(criterion.pk, (None, ""))
                cells += [value, justification or ""]
            yield [
                application.number or "",
                application.institution.name,
                _jst_type_label(application.institution.jst_type),
                _name(assignment.evaluator),
                str(AssignmentKind(assignment.kind).label),
                *cells,
                card.total,
                spreadsheets.local(card.submitted_at),
                final,
                status,
            ]


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime(DATETIME_FORMAT)
    if isinstance(value, (int, float, Decimal)):
        # Excel with Polish settings reads "71,50" as a number, "71.50" as a text.
        return str(value).replace(".", ",")
    return neutralise(str(value))


def csv_lines(scores):
    """The scores as CSV lines: UTF-8 with a BOM, ';' between cells, decimal comma."""
    return spreadsheets.csv_lines(scores.headers(), scores.rows(), _csv_cell)


def xlsx_bytes(scores):
    """Two sheets: "Karty" (one row per submitted card) and "Wyniki" (one row per application
    of the current list, with its place). Bold frozen headers with a filter; real dates."""
    ranked_call = scores.ranked_call
    result_rows = [
        [
            _jst_type_label(row.jst_type),
            row.position,
            row.application.number or "",
            row.application.institution.name,
            row.score.final,
            status_label(row.status, row.reserve_position),
        ]
        for row in ranked_call.ranked
    ] + [
        [
            _jst_type_label(item.application.institution.jst_type),
            None,
            item.application.number or "",
            item.application.institution.name,
            item.score.final,
            _("poza listą: %(reason)s") % {"reason": item.reason.label},
        ]
        for item in ranked_call.pending
    ]
    results_header = [
        _("Rodzaj JST"),
        _("Miejsce"),
        _("Numer zgłoszenia"),
        _("JST"),
        _("Ocena końcowa"),
        _("Wynik"),
    ]
    return _workbook_bytes(
        [
            (_("Karty"), scores.headers(), scores.rows(), scores.score_columns()),
            (_("Wyniki"), results_header, result_rows, [4]),
        ]
    )


def _workbook_bytes(sheets):
    """`core.spreadsheets.workbook_bytes` with the score columns (0-based indexes) of each
    sheet shown with two decimal places; the values stay numbers."""
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows, score_columns in sheets:
        sheet = workbook.create_sheet(str(title))
        spreadsheets.write_sheet(sheet, header, rows)
        for row in sheet.iter_rows(min_row=2):
            for index in score_columns:
                cell = row[index]
                if isinstance(cell.value, (int, float, Decimal)):
                    cell.number_format = SCORE_FORMAT
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def scores_filename(call, extension):
    number = _safe(call.number or call.pk)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return f"oceny-{number}-{stamp}.{extension}"
