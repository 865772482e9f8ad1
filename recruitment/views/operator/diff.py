"""The comparison of two versions of one application (`recruitment.version_content`)."""

import logging

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from recruitment import (
    version_content,
)

from .base import ApplicationMixin, BaseOperatorView, url

logger = logging.getLogger(__name__)


class VersionDiffView(ApplicationMixin, BaseOperatorView):
    template_name = "recruitment/admin/application_diff.html"

    def get_page_title(self):
        return _("Porównanie wersji zgłoszenia %(label)s") % {"label": self.application_label()}

    def get_breadcrumbs_items(self):
        return [
            *self.application_breadcrumbs(),
            {
                "url": url("detail", self.call.pk, self.application.pk),
                "label": self.application_label(),
            },
            {"url": "", "label": _("Porównanie wersji")},
        ]

    def _number(self, name, default):
        raw = self.request.GET.get(name)
        if raw in (None, ""):
            return default
        try:
            return int(raw)
        except ValueError:
            return None

    def get(self, request, *args, **kwargs):
        detail = url("detail", self.call.pk, self.application.pk)
        by_number = {v.number: v for v in self.versions}
        if not by_number:
            messages.warning(request, _("Zgłoszenie nie ma jeszcze złożonej wersji."))
            return redirect(detail)
        numbers = sorted(by_number)
        new_number = self._number("to", numbers[-1])
        old_default = max((n for n in numbers if new_number and n < new_number), default=numbers[0])
        old_number = self._number("from", old_default)
        missing = [str(n) for n in (old_number, new_number) if n not in by_number]
        if missing or None in (old_number, new_number):
            messages.error(
                request,
                _("Nie ma takiej wersji tego zgłoszenia. Wersje: %(numbers)s.")
                % {"numbers": ", ".join(str(n) for n in numbers)},
            )
            return redirect(detail)
        self.old, self.new = by_number[old_number], by_number[new_number]
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sections = version_content.compare(self.old.content, self.new.content)
        context.update(
            {
                "call": self.call,
                "application": self.application,
                "old": self.old,
                "new": self.new,
                "versions": self.versions,
                "sections": sections,
                "changed_count": sum(len(s.changed) for s in sections),
                "unchanged_count": sum(len(s.unchanged) for s in sections),
                "detail_url": url("detail", self.call.pk, self.application.pk),
                "same_hash": self.old.content_sha256 == self.new.content_sha256,
                "show_unchanged": self.request.GET.get("bez_zmian") == "1",
            }
        )
        return context
