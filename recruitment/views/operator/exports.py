"""A call's applications as CSV and XLSX (`recruitment.application_export`), logged."""

import logging

from django.http import HttpResponse, StreamingHttpResponse
from django.views import View

from core.http import client_ip
from recruitment import (
    application_export,
    audit,
)

from .applications import ApplicationFilterSet, call_applications
from .base import CallMixin, ReviewerRequiredMixin

logger = logging.getLogger(__name__)


# --- exports ----------------------------------------------------------------------------------


class ExportMixin(CallMixin, ReviewerRequiredMixin):
    def applications(self):
        filterset = ApplicationFilterSet(
            self.request.GET or None, queryset=call_applications(self.call)
        )
        queryset = filterset.qs.order_by("submitted_at", "pk")
        return application_export.with_export_data(queryset)

    def record(self, request, kind):
        audit.record(
            "export",
            user=request.user,
            obj=self.call,
            details={
                "format": kind,
                "call": self.call.number,
                "query": request.GET.urlencode()[:500],
            },
            ip_address=client_ip(request),
        )


class ExportCSVView(ExportMixin, View):
    def get(self, request, call_pk):
        self.record(request, "csv")
        response = StreamingHttpResponse(
            application_export.csv_lines(self.applications()),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{application_export.filename(self.call, "csv")}"'
        )
        response["Cache-Control"] = "private, no-store"
        return response


class ExportXLSXView(ExportMixin, View):
    def get(self, request, call_pk):
        self.record(request, "xlsx")
        payload = application_export.xlsx_bytes(
            self.applications(), self.call.number or self.call.title
        )
        response = HttpResponse(
            payload,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{application_export.filename(self.call, "xlsx")}"'
        )
        response["Cache-Control"] = "private, no-store"
        return response
