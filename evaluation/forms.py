"""Forms of the evaluation views. Every choice is limited to the call of the URL, so an id of
another call's application, member or assignment is an invalid choice with a Polish message."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.roles import CHAIRS, EVALUATORS
from recruitment.models import Application, ApplicationState, Institution

from . import permissions
from .models import Assignment, AssignmentKind, CommissionMember, CommissionRole

NOT_IN_CALL = _("Wybierz pozycję z tego naboru; wybrana nie należy do niego.")


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def applied_institutions(call):
    """The JST that submitted an application to the call (drafts are nobody's business)."""
    return Institution.objects.filter(
        applications__call=call, applications__submitted_at__isnull=False
    ).distinct()


class InstitutionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_jst_type_display()}, TERYT {obj.teryt})"


class InstitutionMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_jst_type_display()}, TERYT {obj.teryt})"


class DeclarationForm(forms.Form):
    accept = forms.BooleanField(
        label=_("Oświadczam, że zapoznałem(-am) się z treścią deklaracji i ją podpisuję."),
        error_messages={"required": _("Zaznacz oświadczenie, aby podpisać deklarację.")},
    )
    conflicts = InstitutionMultipleChoiceField(
        label=_("Konflikt interesów zgłaszam z JST"),
        queryset=Institution.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Zaznacz JST, z którymi łączy Cię powiązanie mogące budzić wątpliwości co do "
            "bezstronności; nie dostaniesz ich zgłoszeń do oceny."
        ),
        error_messages={"invalid_choice": NOT_IN_CALL, "invalid_pk_value": NOT_IN_CALL},
    )

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conflicts"].queryset = applied_institutions(call).order_by("name")


class ConflictForm(forms.Form):
    institution = InstitutionChoiceField(
        label=_("JST"),
        queryset=Institution.objects.none(),
        empty_label=_("— wybierz JST —"),
        error_messages={
            "required": _("Wybierz JST, z którą masz konflikt interesów."),
            "invalid_choice": NOT_IN_CALL,
        },
    )
    note = forms.CharField(
        label=_("Na czym polega powiązanie (nieobowiązkowo)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = applied_institutions(call).order_by("name")


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        full = obj.get_full_name()
        return f"{full} ({obj.get_username()})" if full else obj.get_username()


class AppointForm(forms.Form):
    user = UserChoiceField(
        label=_("Osoba"),
        queryset=get_user_model().objects.none(),
        empty_label=_("— wybierz konto —"),
        help_text=_("Konta z grup „Oceniający” i „Przewodniczący komisji”."),
        error_messages={
            "required": _("Wybierz osobę."),
            "invalid_choice": _("Wybierz konto z listy."),
        },
    )
    role = forms.ChoiceField(
        label=_("Funkcja"),
        choices=CommissionRole.choices,
        error_messages={"invalid_choice": _("Wybierz funkcję z listy.")},
    )
    employer = InstitutionChoiceField(
        label=_("Zatrudniony(-a) w JST"),
        queryset=Institution.objects.order_by("name"),
        required=False,
        empty_label=_("— nie pracuje w żadnej JST —"),
        help_text=_("Nie dostanie do oceny zgłoszenia tej JST."),
        error_messages={"invalid_choice": _("Wybierz JST z rejestru.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(groups__name=EVALUATORS) | Q(groups__name=CHAIRS))
            .distinct()
            .order_by("last_name", "first_name", "username")
        )


class AssignForm(forms.Form):
    application = forms.ModelChoiceField(
        queryset=Application.objects.none(),
        error_messages={"required": NOT_IN_CALL, "invalid_choice": NOT_IN_CALL},
    )
    evaluator = UserChoiceField(
        label=_("Oceniający"),
        queryset=get_user_model().objects.none(),
        empty_label=_("— wybierz oceniającego —"),
        error_messages={
            "required": _("Wybierz oceniającego."),
            "invalid_choice": _("Ta osoba nie jest oceniającym w komisji tego naboru."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Rola"),
        required=False,
        choices=[("", _("następna wolna"))]
        + [(k.value, k.label) for k in AssignmentKind if k != AssignmentKind.APPEAL],
        error_messages={"invalid_choice": _("Wybierz rolę z listy.")},
    )
    due_date = forms.DateField(
        label=_("Termin oceny"),
        required=False,
        widget=_date_widget(),
        error_messages={"invalid": _("Podaj datę w formacie RRRR-MM-DD.")},
    )

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = Application.objects.filter(
            call=call, state__in=permissions.ASSIGNABLE_STATES
        ).select_related("call", "institution")
        self.fields["evaluator"].queryset = get_user_model().objects.filter(
            commission_memberships__call=call,
            commission_memberships__role=CommissionRole.EVALUATOR,
        )


class AutoAssignForm(forms.Form):
    due_date = forms.DateField(
        label=_("Termin oceny"),
        required=False,
        widget=_date_widget(),
        help_text=_("Puste – za 14 dni."),
        error_messages={"invalid": _("Podaj datę w formacie RRRR-MM-DD.")},
    )

    def clean_due_date(self):
        value = self.cleaned_data.get("due_date")
        if value and value < timezone.localdate():
            raise forms.ValidationError(_("Termin oceny nie może być wcześniejszy niż dzisiaj."))
        return value


class CancelAssignmentForm(forms.Form):
    assignment = forms.ModelChoiceField(
        queryset=Assignment.objects.none(),
        error_messages={"required": NOT_IN_CALL, "invalid_choice": NOT_IN_CALL},
    )
    reason = forms.CharField(
        label=_("Powód cofnięcia"),
        max_length=500,
        error_messages={
            "required": _("Podaj powód cofnięcia przydziału."),
            "max_length": _("Powód może mieć najwyżej 500 znaków."),
        },
    )

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignment"].queryset = (
            Assignment.objects.current()
            .filter(application__call=call)
            .select_related("application", "evaluator")
        )


class ReturnCardForm(forms.Form):
    note = forms.CharField(
        label=_("Co oceniający ma poprawić"),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
        error_messages={"required": _("Napisz, co oceniający ma poprawić.")},
    )


class DismissForm(forms.Form):
    member = forms.ModelChoiceField(
        queryset=CommissionMember.objects.none(),
        error_messages={"required": NOT_IN_CALL, "invalid_choice": NOT_IN_CALL},
    )

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = CommissionMember.objects.filter(call=call).select_related(
            "user", "call"
        )


class FinishForm(forms.Form):
    application = forms.ModelChoiceField(
        queryset=Application.objects.none(),
        error_messages={"required": NOT_IN_CALL, "invalid_choice": NOT_IN_CALL},
    )

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = Application.objects.filter(
            call=call, state=ApplicationState.SUBSTANTIVE_EVALUATION
        ).select_related("call", "institution")
