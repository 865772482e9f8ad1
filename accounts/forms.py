"""Forms of the applicant accounts; every message the user reads is Polish."""

from django import forms
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
    SetPasswordMixin,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from recruitment.models import Institution

from . import services

PASSWORD_HELP = _(
    "Co najmniej 12 znaków. Hasło nie może przypominać imienia, nazwiska ani adresu e-mail, "
    "nie może być popularnym hasłem ani składać się z samych cyfr."
)
PASSWORD_MISMATCH = _("Hasła w obu polach nie są takie same.")


def _password_fields():
    password1, password2 = SetPasswordMixin.create_password_fields(
        label1=_("Hasło"), label2=_("Powtórz hasło")
    )
    password1.help_text = PASSWORD_HELP
    password2.help_text = _("Wpisz to samo hasło jeszcze raz.")
    return password1, password2


class PasswordPairMixin(SetPasswordMixin):
    error_messages = {"password_mismatch": PASSWORD_MISMATCH}

    def check_passwords(self, user):
        self.validate_passwords()
        if not self.has_error("password2"):
            self.validate_password_for_user(user, password_field_name="password1")


class PersonFields(forms.Form):
    first_name = forms.CharField(
        label=_("Imię"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Nazwisko"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    position = forms.CharField(
        label=_("Stanowisko w JST"),
        max_length=150,
        help_text=_("Np. „Kierownik Miejskiego Ośrodka Pomocy Społecznej”."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    phone = forms.CharField(
        label=_("Telefon"),
        max_length=30,
        required=False,
        help_text=_("Do kontaktu w sprawie zgłoszenia, np. „77 123 45 67”."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    rodo = forms.BooleanField(
        label=_(
            "Zapoznałem/zapoznałam się z informacją o przetwarzaniu danych osobowych (RODO) "
            "podaną powyżej."
        ),
        error_messages={"required": _("Potwierdź, że znasz informację o przetwarzaniu danych.")},
    )

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not all(ch.isdigit() or ch in " +-()" for ch in phone):
            raise ValidationError(
                _("Numer telefonu może zawierać tylko cyfry, spacje, „+”, „-” i nawiasy.")
            )
        return phone


def institution_choices():
    """The JST registry as <optgroup>s by voivodeship, each sorted by name."""
    groups = {}
    for institution in Institution.objects.order_by("name", "teryt").only("pk", "name", "teryt"):
        groups.setdefault(institution.get_voivodeship_display(), []).append(
            (str(institution.pk), f"{institution.name} (TERYT {institution.teryt})")
        )
    return [("", _("– wybierz JST –"))] + [
        (f"{_('województwo')} {label}", options) for label, options in sorted(groups.items())
    ]


class RegistrationForm(PasswordPairMixin, PersonFields):
    email = forms.EmailField(
        label=_("Adres e-mail"),
        max_length=150,
        help_text=_("Służy też jako login. Wyślemy na niego link potwierdzający."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    institution = forms.TypedChoiceField(
        label=_("Jednostka samorządu terytorialnego (JST)"),
        coerce=int,
        help_text=_(
            "Gmina lub powiat, w imieniu którego zakładasz konto. Jeśli JST ma już konto w portalu, "
            "poproś osobę, która je prowadzi, o zaproszenie."
        ),
        error_messages={"required": _("Wybierz JST z listy.")},
    )
    password1, password2 = _password_fields()

    field_order = [
        "first_name",
        "last_name",
        "email",
        "phone",
        "position",
        "institution",
        "password1",
        "password2",
        "rodo",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].choices = institution_choices()

    def clean_email(self):
        return get_user_model().objects.normalize_email(self.cleaned_data["email"]).lower()

    def clean_institution(self):
        institution = Institution.objects.filter(pk=self.cleaned_data["institution"]).first()
        if institution is None:
            raise ValidationError(_("Wybierz JST z listy."), code="invalid_choice")
        holder = services.primary_membership(institution)
        if holder is not None:
            raise ValidationError(
                _(
                    "%(name)s ma już konto główne w portalu (%(email)s). Poproś osobę, która je "
                    "prowadzi, o zaproszenie: zaprasza się w zakładce „Zespół JST” po zalogowaniu."
                ),
                code="primary_exists",
                params={"name": institution.name, "email": services.mask_email(holder.user.email)},
            )
        return institution

    def clean(self):
        cleaned = super().clean()
        user = get_user_model()(
            username=cleaned.get("email", ""),
            email=cleaned.get("email", ""),
            first_name=cleaned.get("first_name", ""),
            last_name=cleaned.get("last_name", ""),
        )
        self.check_passwords(user)
        return cleaned


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Adres e-mail"),
        max_length=150,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class LoginForm(AuthenticationForm):
    """Log in with the e-mail address (or the login of older accounts, e.g. the demo ones)."""

    username = forms.CharField(
        label=_("Adres e-mail lub login"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Hasło"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "Nieprawidłowy adres e-mail (login) lub hasło. Wielkość liter w haśle ma znaczenie."
        ),
        "inactive": _(
            "Potwierdź adres e-mail – wysłaliśmy link na adres podany przy rejestracji. "
            "Konto zacznie działać po kliknięciu w ten link."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.awaiting_confirmation = False

    @staticmethod
    def resolve_username(value):
        """An e-mail address is turned into the username of its account (they differ only for
        accounts created before registration, such as the demo ones)."""
        value = value.strip()
        if "@" not in value:
            return value
        value = value.lower()
        username = (
            get_user_model()
            .objects.filter(email__iexact=value)
            .values_list("username", flat=True)
            .first()
        )
        return username or value

    def clean(self):
        raw = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if raw is None or not password:
            return self.cleaned_data
        username = self.resolve_username(raw)
        self.user_cache = authenticate(self.request, username=username, password=password)
        if self.user_cache is None:
            if not getattr(self.request, "axes_locked_out", False) and self._is_unconfirmed(
                username, password
            ):
                self.awaiting_confirmation = True
                raise ValidationError(self.error_messages["inactive"], code="inactive")
            raise self.get_invalid_login_error()
        self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data

    @staticmethod
    def _is_unconfirmed(username, password):
        user = (
            get_user_model()
            .objects.filter(
                username=username,
                is_active=False,
                applicant_profile__email_confirmed_at__isnull=True,
            )
            .first()
        )
        return user is not None and user.check_password(password)


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Adres e-mail osoby zapraszanej"),
        max_length=150,
        help_text=_("Wyślemy na niego link ważny przez %(days)s."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    # A JST keeps a handful of accounts; this stops a stolen primary account from spamming.
    MAX_PENDING = 10

    def __init__(self, *args, institution, days, **kwargs):
        super().__init__(*args, **kwargs)
        self.institution = institution
        self.fields["email"].help_text = self.fields["email"].help_text % {"days": days}

    def clean_email(self):
        email = get_user_model().objects.normalize_email(self.cleaned_data["email"]).lower()
        if services._users_with_email(email).exists():
            raise ValidationError(
                _(
                    "Konto z tym adresem e-mail już istnieje w portalu; nie można go zaprosić ponownie."
                ),
                code="exists",
            )
        pending = self.institution.invitations.pending()
        if pending.filter(email__iexact=email).exists():
            raise ValidationError(
                _(
                    "Zaproszenie dla tego adresu już czeka na przyjęcie. Możesz je cofnąć i wysłać nowe."
                ),
                code="pending",
            )
        if pending.count() >= self.MAX_PENDING:
            raise ValidationError(
                _("Czeka już %(n)s zaproszeń. Cofnij któreś z nich, zanim wyślesz kolejne."),
                code="too_many",
                params={"n": self.MAX_PENDING},
            )
        return email


class AcceptInvitationForm(PasswordPairMixin, PersonFields):
    password1, password2 = _password_fields()

    field_order = ["first_name", "last_name", "phone", "position", "password1", "password2", "rodo"]

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        user = get_user_model()(
            username=self.email,
            email=self.email,
            first_name=cleaned.get("first_name", ""),
            last_name=cleaned.get("last_name", ""),
        )
        self.check_passwords(user)
        return cleaned


class PasswordResetByEmailForm(PasswordResetForm):
    """Django's form, with the label in the portal's Polish („Email” in Django's catalogue)."""

    email = forms.EmailField(
        label=_("Adres e-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def save(self, domain_override=None, use_https=False, **kwargs):
        # The link in the e-mail is on SITE_URL, whatever host the request came by.
        from urllib.parse import urlsplit

        from django.conf import settings

        address = urlsplit(settings.SITE_URL)
        return super().save(
            domain_override=address.netloc, use_https=address.scheme == "https", **kwargs
        )


class OurSetPasswordForm(SetPasswordForm):
    """Django's form with our Polish help text instead of the validators' HTML list."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = PASSWORD_HELP
        self.fields["new_password2"].help_text = _("Wpisz to samo nowe hasło jeszcze raz.")


class OurPasswordChangeForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = PASSWORD_HELP
        self.fields["new_password2"].help_text = _("Wpisz to samo nowe hasło jeszcze raz.")
