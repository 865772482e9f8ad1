"""The substantive evaluation of a call: its commission, the declarations of impartiality and of
conflicts, the assignments of evaluators and their substantive cards (DOMAIN.md, "Substantive
evaluation").

The rules that change these rows live in `evaluation.commission`, `evaluation.assignment` and
`evaluation.cards`; the models hold the data and the constraints that keep it consistent.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Immutable(Exception):
    """Raised on any attempt to change or delete a signed declaration."""


_REFUSAL = "A signed declaration is kept as it was signed: it is never changed or deleted."


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise Immutable(_REFUSAL)

    def delete(self):
        raise Immutable(_REFUSAL)

    def bulk_update(self, objs, fields, batch_size=None):
        raise Immutable(_REFUSAL)

    def update_or_create(self, *args, **kwargs):
        raise Immutable(_REFUSAL)


class ImmutableModel(models.Model):
    """Inserted once, never updated or deleted (a signed statement is evidence)."""

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise Immutable(_REFUSAL)
        kwargs["force_insert"] = True
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Immutable(_REFUSAL)


# --- the commission ---------------------------------------------------------------------------


class CommissionRole(models.TextChoices):
    EVALUATOR = "evaluator", _("oceniający")
    CHAIR = "chair", _("przewodniczący komisji")


class CommissionMember(models.Model):
    """A member of a call's evaluation commission (KOP), appointed by an operator."""

    # Not content: nothing for Wagtail's reference index to learn, and updating it costs writes.
    wagtail_reference_index_ignore = True

    call = models.ForeignKey(
        "recruitment.CallPage",
        verbose_name=_("nabór"),
        on_delete=models.CASCADE,
        related_name="commission_members",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("konto"),
        on_delete=models.PROTECT,
        related_name="commission_memberships",
    )
    role = models.CharField(
        _("funkcja"),
        max_length=20,
        choices=CommissionRole.choices,
        default=CommissionRole.EVALUATOR,
    )
    employer = models.ForeignKey(
        "recruitment.Institution",
        verbose_name=_("zatrudniony w JST"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "Jeśli członek komisji pracuje w JST (urzędzie lub jej ośrodku), wskaż ją: "
            "nie dostanie do oceny zgłoszenia tej JST."
        ),
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("powołał(a)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    appointed_at = models.DateTimeField(_("powołano"), auto_now_add=True)

    class Meta:
        ordering = ["call", "role", "user__last_name", "user__username"]
        verbose_name = _("członek komisji oceny")
        verbose_name_plural = _("członkowie komisji oceny")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "user"],
                name="evaluation_one_membership_per_call",
                violation_error_message=_("Ta osoba jest już w komisji tego naboru."),
            ),
            models.UniqueConstraint(
                fields=["call"],
                condition=Q(role="chair"),
                name="evaluation_one_chair_per_call",
                violation_error_message=_("Ten nabór ma już przewodniczącego komisji."),
            ),
        ]

    def __str__(self):
        return (
            f"{self.user.get_full_name() or self.user.get_username()} ({self.get_role_display()})"
        )


class Declaration(ImmutableModel):
    """The declaration of impartiality and confidentiality a member signs before opening anything
    of the call: the very text shown, its version and checksum, when and from where."""

    wagtail_reference_index_ignore = True

    call = models.ForeignKey(
        "recruitment.CallPage",
        verbose_name=_("nabór"),
        on_delete=models.PROTECT,
        related_name="evaluator_declarations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("konto"),
        on_delete=models.PROTECT,
        related_name="evaluator_declarations",
    )
    text = models.TextField(_("treść podpisanej deklaracji"))
    text_version = models.CharField(_("wersja treści"), max_length=40)
    text_sha256 = models.CharField(_("suma SHA-256 treści"), max_length=64)
    signed_at = models.DateTimeField(_("podpisano"))
    ip_address = models.GenericIPAddressField(_("adres IP"), null=True, blank=True)

    class Meta:
        ordering = ["call", "signed_at", "pk"]
        verbose_name = _("deklaracja bezstronności i poufności")
        verbose_name_plural = _("deklaracje bezstronności i poufności")
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(
                fields=["call", "user"],
                name="evaluation_one_declaration_per_call",
                violation_error_message=_("Deklaracja w tym naborze została już podpisana."),
            )
        ]

    def __str__(self):
        return _("Deklaracja: %(user)s, %(call)s") % {"user": self.user, "call": self.call}


class ConflictDeclaration(ImmutableModel):
    """A member's declared conflict of interest with a named JST: never assigned to it."""

    wagtail_reference_index_ignore = True

    call = models.ForeignKey(
        "recruitment.CallPage",
        verbose_name=_("nabór"),
        on_delete=models.PROTECT,
        related_name="conflict_declarations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("konto"),
        on_delete=models.PROTECT,
        related_name="conflict_declarations",
    )
    institution = models.ForeignKey(
        "recruitment.Institution",
        verbose_name=_("JST"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("opis powiązania"), max_length=500, blank=True)
    declared_at = models.DateTimeField(_("zgłoszono"))
    ip_address = models.GenericIPAddressField(_("adres IP"), null=True, blank=True)

    class Meta:
        ordering = ["call", "declared_at", "pk"]
        verbose_name = _("zgłoszony konflikt interesów")
        verbose_name_plural = _("zgłoszone konflikty interesów")
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(
                fields=["call", "user", "institution"],
                name="evaluation_one_conflict_per_jst",
                violation_error_message=_("Ten konflikt interesów został już zgłoszony."),
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.institution}"


# --- assignments and cards --------------------------------------------------------------------


class AssignmentKind(models.TextChoices):
    FIRST = "first", _("pierwszy oceniający")
    SECOND = "second", _("drugi oceniający")
    THIRD = "third", _("trzeci oceniający")
    APPEAL = "appeal", _("oceniający po odwołaniu")


# The order in which cards are handed to scoring.score_application: the two first, then the third.
KIND_ORDER = {
    AssignmentKind.FIRST: 1,
    AssignmentKind.SECOND: 2,
    AssignmentKind.THIRD: 3,
    AssignmentKind.APPEAL: 4,
}


class AssignmentQuerySet(models.QuerySet):
    def current(self):
        """Assignments in force: not cancelled by the chair."""
        return self.filter(cancelled_at__isnull=True)


class Assignment(models.Model):
    """An evaluator assigned to score one application. Cancelled ones stay for the record."""

    wagtail_reference_index_ignore = True

    application = models.ForeignKey(
        "recruitment.Application",
        verbose_name=_("zgłoszenie"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oceniający"),
        on_delete=models.PROTECT,
        related_name="evaluation_assignments",
    )
    kind = models.CharField(_("rodzaj przydziału"), max_length=10, choices=AssignmentKind.choices)
    due_date = models.DateField(_("termin oceny"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("przydzielił(a)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("przydzielono"), auto_now_add=True)
    automatic = models.BooleanField(_("przydział automatyczny"), default=False)
    cancelled_at = models.DateTimeField(_("cofnięto"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cofnął(a)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancel_reason = models.CharField(_("powód cofnięcia"), max_length=500, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["application", "created_at", "pk"]
        verbose_name = _("przydział do oceny")
        verbose_name_plural = _("przydziały do oceny")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind"],
                condition=Q(cancelled_at__isnull=True) & ~Q(kind="appeal"),
                name="evaluation_one_current_assignment_per_kind",
                violation_error_message=_("To zgłoszenie ma już oceniającego w tej roli."),
            ),
            models.UniqueConstraint(
                fields=["application", "evaluator"],
                condition=Q(cancelled_at__isnull=True),
                name="evaluation_one_current_assignment_per_evaluator",
                violation_error_message=_("Ten oceniający ma już przydzielone to zgłoszenie."),
            ),
        ]

    def __str__(self):
        return f"{self.application} – {self.evaluator} ({self.get_kind_display()})"

    @property
    def is_current(self):
        return self.cancelled_at is None


class CardStatus(models.TextChoices):
    DRAFT = "draft", _("wersja robocza")
    SUBMITTED = "submitted", _("złożona")
    RETURNED = "returned", _("zwrócona do poprawy")


class SubstantiveCard(models.Model):
    """One evaluator's substantive card (karta oceny merytorycznej) of one application. Submitting
    locks it; only the chair's return reopens it, with a note (DOMAIN.md)."""

    wagtail_reference_index_ignore = True

    assignment = models.OneToOneField(
        Assignment,
        verbose_name=_("przydział"),
        on_delete=models.PROTECT,
        related_name="card",
    )
    status = models.CharField(
        _("stan karty"),
        max_length=10,
        choices=CardStatus.choices,
        default=CardStatus.DRAFT,
        db_index=True,
    )
    total = models.PositiveIntegerField(
        _("suma punktów"), null=True, blank=True, help_text=_("Ustalana przy złożeniu karty.")
    )
    saved_at = models.DateTimeField(_("ostatni zapis"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("złożono"), null=True, blank=True)
    return_note = models.TextField(_("uwagi przewodniczącego"), blank=True)
    returned_at = models.DateTimeField(_("zwrócono"), null=True, blank=True)

    class Meta:
        ordering = ["assignment"]
        verbose_name = _("karta oceny merytorycznej")
        verbose_name_plural = _("karty oceny merytorycznej")

    def __str__(self):
        return _("Karta: %(assignment)s") % {"assignment": self.assignment}

    @property
    def is_submitted(self):
        return self.status == CardStatus.SUBMITTED


class CardScore(models.Model):
    """The score of one criterion on one card: an integer 0..max, justified below the maximum."""

    wagtail_reference_index_ignore = True

    card = models.ForeignKey(
        SubstantiveCard,
        verbose_name=_("karta"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    criterion = models.ForeignKey(
        "recruitment.SubstantiveCriterion",
        verbose_name=_("kryterium"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    points = models.PositiveSmallIntegerField(_("punkty"), null=True, blank=True)
    justification = models.TextField(_("uzasadnienie"), blank=True)

    class Meta:
        ordering = ["card", "criterion__sort_order", "criterion_id"]
        verbose_name = _("ocena kryterium")
        verbose_name_plural = _("oceny kryteriów")
        constraints = [
            models.UniqueConstraint(
                fields=["card", "criterion"], name="evaluation_one_score_per_criterion"
            )
        ]

    def __str__(self):
        return f"{self.criterion}: {self.points if self.points is not None else '–'}"


# --- results and appeals ----------------------------------------------------------------------


class ResultList(models.Model):
    """One version of a call's ranking list (DOMAIN.md, "The chair approves the list; publishing
    it puts it on the portal"). The chair approves it, which freezes its entries; publishing sets
    `published_at` once. A list is never changed after publication: an upheld appeal leads to a
    new version, and the earlier ones are kept. The rules live in `evaluation.publication`."""

    wagtail_reference_index_ignore = True

    call = models.ForeignKey(
        "recruitment.CallPage",
        verbose_name=_("nabór"),
        on_delete=models.PROTECT,
        related_name="result_lists",
    )
    version = models.PositiveSmallIntegerField(_("wersja listy"))
    reason = models.TextField(
        _("powód nowej wersji"),
        blank=True,
        help_text=_("Dla wersji po odwołaniu: które odwołanie uwzględniono i dlaczego."),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("zatwierdził(a)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("zatwierdzono"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opublikował(a)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("opublikowano"), null=True, blank=True)

    class Meta:
        ordering = ["call", "-version"]
        verbose_name = _("lista rankingowa")
        verbose_name_plural = _("listy rankingowe")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "version"],
                name="evaluation_one_result_list_per_version",
                violation_error_message=_("Ta wersja listy tego naboru już istnieje."),
            ),
        ]

    def __str__(self):
        return f"{self.call} – wersja {self.version}"

    @property
    def is_published(self):
        return self.published_at is not None


class ResultEntry(ImmutableModel):
    """One row of a list version, frozen at approval: what the public page and the PDF show."""

    wagtail_reference_index_ignore = True

    result_list = models.ForeignKey(
        ResultList,
        verbose_name=_("lista rankingowa"),
        on_delete=models.CASCADE,
        related_name="entries",
    )
    application = models.ForeignKey(
        "recruitment.Application",
        verbose_name=_("zgłoszenie"),
        on_delete=models.PROTECT,
        related_name="result_entries",
    )
    institution_name = models.CharField(_("JST"), max_length=255)
    jst_type = models.CharField(_("rodzaj JST"), max_length=30)
    final_score = models.DecimalField(_("ocena końcowa"), max_digits=7, decimal_places=2)
    status = models.CharField(
        _("wynik"),
        max_length=20,
        choices=[
            ("selected", _("wybrany")),
            ("reserve", _("na liście rezerwowej")),
            ("not_selected", _("niewybrany")),
        ],
    )
    position = models.PositiveIntegerField(_("miejsce w rodzaju JST"))
    reserve_position = models.PositiveIntegerField(
        _("miejsce na liście rezerwowej"), null=True, blank=True
    )

    class Meta:
        ordering = ["result_list", "jst_type", "position"]
        verbose_name = _("pozycja listy rankingowej")
        verbose_name_plural = _("pozycje listy rankingowej")
        constraints = [
            models.UniqueConstraint(
                fields=["result_list", "application"],
                name="evaluation_one_entry_per_application",
            ),
        ]

    def __str__(self):
        return f"{self.institution_name}: {self.final_score}"


class AppealDecision(models.TextChoices):
    UPHELD = "upheld", _("uwzględnione")
    REJECTED = "rejected", _("odrzucone")


class Appeal(models.Model):
    """An applicant's appeal against a published list (DOMAIN.md: within N days of the
    notification; the chair upholds it, and a new evaluator re-scores, or rejects it with a
    reason). One per application. The rules live in `evaluation.appeals`."""

    wagtail_reference_index_ignore = True

    application = models.OneToOneField(
        "recruitment.Application",
        verbose_name=_("zgłoszenie"),
        on_delete=models.PROTECT,
        related_name="appeal",
        error_messages={"unique": _("Od wyniku tego zgłoszenia wniesiono już odwołanie.")},
    )
    result_list = models.ForeignKey(
        ResultList,
        verbose_name=_("lista, od której wniesiono odwołanie"),
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    text = models.TextField(_("uzasadnienie odwołania"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("wniósł(a)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    filed_at = models.DateTimeField(_("wniesiono"))
    ip_address = models.GenericIPAddressField(_("adres IP"), null=True, blank=True)
    decision = models.CharField(
        _("rozstrzygnięcie"), max_length=10, choices=AppealDecision.choices, blank=True
    )
    decision_reason = models.TextField(_("uzasadnienie rozstrzygnięcia"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rozstrzygnął(a)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("rozstrzygnięto"), null=True, blank=True)
    republished_list = models.ForeignKey(
        ResultList,
        verbose_name=_("wersja listy po ponownej ocenie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["filed_at", "pk"]
        verbose_name = _("odwołanie")
        verbose_name_plural = _("odwołania")

    def __str__(self):
        return f"{self.application}"
