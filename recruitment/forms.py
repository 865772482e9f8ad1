"""The admin form of a call: criteria, quotas and tie-breakers checked across the inline rows."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm

from core.roles import limited_partners
from recruitment import criteria


def _rows(formset):
    """Cleaned data of the rows that will be stored, in the order the operator set."""
    if not formset.is_valid():
        return None
    if formset.can_order:  # InlinePanel rows always are
        forms = formset.ordered_forms
    else:
        forms = [
            form
            for form in formset.forms
            if form not in formset.deleted_forms and (form.has_changed() or form.instance.pk)
        ]
    return [form.cleaned_data for form in forms]


class CallPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        formal = _rows(self.formsets["formal_criteria"])
        substantive = _rows(self.formsets["substantive_criteria"])
        quotas = _rows(self.formsets["quotas"])

        if formal is not None and substantive is not None:
            # Saving a draft defers this; publishing or sending to moderation does not.
            if not self.is_deferred_validation and (not formal or not substantive):
                self.add_error(None, criteria.MISSING_MESSAGE)
            first_submitted = self.instance.first_submission_at()
            if first_submitted is not None:
                posted = (
                    criteria.signature(formal, criteria.FORMAL_FIELDS),
                    criteria.signature(substantive, criteria.SUBSTANTIVE_FIELDS),
                )
                if posted != criteria.stored_signatures(self.instance):
                    self.add_error(None, criteria.locked_error(first_submitted))
            orders = [row["tie_breaker_order"] for row in substantive if row["tie_breaker_order"]]
            if len(orders) != len(set(orders)):
                self.add_error(
                    None,
                    _("Każde kryterium rozstrzygające remis musi mieć inny numer kolejności."),
                )

        self._check_rules(cleaned_data)
        self._check_partner(cleaned_data)

        if quotas is not None:
            types = [row["jst_type"] for row in quotas]
            if len(types) != len(set(types)):
                self.add_error(None, _("Limit miejsc dla danego rodzaju JST podaj tylko raz."))
            eligible = set(cleaned_data.get("eligible_jst_types") or [])
            if any(jst_type not in eligible for jst_type in types):
                self.add_error(
                    None,
                    _("Limit miejsc można ustalić tylko dla rodzajów JST uprawnionych w naborze."),
                )
        return cleaned_data

    def _check_rules(self, cleaned_data):
        """The call's scoring rules (`criteria.LOCKED_CALL_FIELDS`) are locked like its criteria
        from the first submission on; the message stands next to the field."""
        posted = {f: cleaned_data[f] for f in criteria.LOCKED_CALL_FIELDS if f in cleaned_data}
        differing = criteria.changed_rules(self.instance, posted)
        if differing:
            first_submitted = self.instance.first_submission_at()
            for field, stored_value in differing.items():
                self.add_error(
                    field, criteria.rules_locked_error(field, first_submitted, stored_value)
                )

    def _check_partner(self, cleaned_data):
        """An operator limited to partners writes calls of those partners only; a call's partner
        never changes once a JST has applied (its applications, files and audit entries follow
        the partner: recruitment.permissions.can_review_call)."""
        partner = cleaned_data.get("partner")
        user = getattr(self, "for_user", None)
        limited = limited_partners(user)
        if limited and partner and partner not in limited:
            self.add_error(
                "partner",
                _("Możesz prowadzić tylko nabory swojego partnera."),
            )
        instance = self.instance
        if instance.pk and partner and partner != instance.partner:
            if instance.applications.exists():
                self.add_error(
                    "partner",
                    _(
                        "W naborze są już zgłoszenia: partnera prowadzącego nie można zmienić "
                        "(od niego zależy, kto widzi zgłoszenia)."
                    ),
                )
