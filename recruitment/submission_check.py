"""The check before submission (`SubmissionCheck`): the form of the stored draft, the partners,
the eligibility of the JST, the required files and the RODO clause acknowledged under the words
in force; each problem with its Polish message, by section."""

import logging
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from recruitment import application_forms as af
from recruitment import eligibility
from recruitment.application_clause import CLAUSE_CHANGED_MESSAGE, clause_changed
from recruitment.models import (
    Application,
    ApplicationAttachment,
    ApplicationState,
    AttachmentKind,
)

if TYPE_CHECKING:
    pass

logger = logging.getLogger(__name__)
S = ApplicationState


def draft_attachments(application: Application) -> list[ApplicationAttachment]:
    return [a for a in application.attachments.all() if a.version_id is None]


class SubmissionCheck:
    """The full check of a stored draft: form fields, institutions, files and eligibility.
    `summary` lists (anchor, message) for the error summary, in the order of the form."""

    def __init__(
        self, application: Application, attachments: list[ApplicationAttachment] | None = None
    ) -> None:
        data = application.data or {}
        self.clause_changed = clause_changed(application)
        if self.clause_changed:
            data = {**data, "rodo": {**(data.get("rodo") or {}), "rodo_acknowledged": False}}
        self.form = af.ApplicationForm(data=af.flatten(data))
        self.formset = af.PartnerFormSet(
            data=af.partner_formset_data(data.get("partners")), prefix=af.PARTNERS_PREFIX
        )
        self.attachments = (
            attachments if attachments is not None else draft_attachments(application)
        )
        # (anchor, message); a message is as Django's forms hold it (a string or a lazy one).
        self.summary: list[tuple[str, object]] = []
        self.attachment_errors: dict[str, str] = {}
        self.eligibility_problems = eligibility.problems(application.call, application.institution)
        self._run(data)

    def _run(self, data: dict[str, Any]) -> None:
        """Errors in the order of the form's sections; eligibility last."""
        errors: dict[str, Iterable[object]] = {} if self.form.is_valid() else dict(self.form.errors)
        if self.clause_changed:
            # Shown at the box and in the summary instead of „Zaznacz, że…”. (django-stubs: an
            # ErrorList holds lazy strings too, but its constructor is typed for str only.)
            self.form.errors["rodo_acknowledged"] = self.form.error_class(
                [CLAUSE_CHANGED_MESSAGE]  # type: ignore[list-item]
            )
            errors["rodo_acknowledged"] = [CLAUSE_CHANGED_MESSAGE]
        self.formset.is_valid()
        for key, _heading, _anchor in af.SECTIONS:
            if key == "partners":
                self._add_partner_errors()
                continue
            for name, section in af.FIELD_SECTIONS.items():
                if section == key and name in errors:
                    self._add_field_errors(name, errors)
            if key == "attachments":
                self._check_attachments(data)
        for problem in self.eligibility_problems:
            self.summary.append(("uprawnienie", problem))

    def _add_partner_errors(self) -> None:
        for index, form in enumerate(self.formset.forms):
            for name, messages in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                for message in messages:
                    self.summary.append(
                        (
                            f"id_{af.PARTNERS_PREFIX}-{index}-{name}",
                            _("Instytucja nr %(n)s – %(label)s: %(message)s")
                            % {"n": index + 1, "label": label, "message": message},
                        )
                    )
        for message in self.formset.non_form_errors():
            self.summary.append((f"id_{af.PARTNERS_PREFIX}-0-name", message))

    def _check_attachments(self, data: dict[str, Any]) -> None:
        kinds = {a.kind for a in self.attachments}
        if AttachmentKind.SIGNED_FORM not in kinds:
            self._attachment_error(
                "signed_form", _("Dołącz skan podpisanego formularza (PDF, JPG lub PNG).")
            )
        signed_by_proxy = bool(data.get("attachments", {}).get("signed_by_proxy"))
        if signed_by_proxy and AttachmentKind.POWER_OF_ATTORNEY not in kinds:
            self._attachment_error(
                "power_of_attorney",
                _("Formularz podpisuje pełnomocnik: dołącz pełnomocnictwo."),
            )

    def _add_field_errors(self, name: str, errors: Mapping[str, Iterable[object]]) -> None:
        label = self.form.fields[name].label
        for message in errors[name]:
            self.summary.append((f"id_{name}", f"{label}: {message}"))

    def _attachment_error(self, name: str, message: str) -> None:
        self.attachment_errors[name] = message
        self.summary.append((f"id_{name}", message))

    @property
    def is_valid(self) -> bool:
        return not self.summary
