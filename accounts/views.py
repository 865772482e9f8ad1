"""Views of the applicant accounts: each checks permission, calls one service, renders."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from recruitment.models import InstitutionMembership

from . import services
from .audit import log_event
from .forms import (
    AcceptInvitationForm,
    EmailForm,
    InvitationForm,
    LoginForm,
    OurPasswordChangeForm,
    OurSetPasswordForm,
    PasswordResetByEmailForm,
    RegistrationForm,
)
from .models import Invitation
from .permissions import can_invite, can_view_team, membership_of

ACCOUNT_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _message_page(request, title, message, *, status=200, resend_form=None, links=()):
    """A short Polish page that explains what happened and what to do next."""
    return render(
        request,
        "accounts/message.html",
        {"title": title, "message": message, "resend_form": resend_form, "links": links},
        status=status,
    )


def _forbidden(request, message):
    return _message_page(request, _("Brak uprawnień"), message, status=403)


# --- registration and confirmation ---------------------------------------------------------


@never_cache
@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def register(request):
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.register_applicant(
            email=data["email"],
            password=data["password1"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            institution=data["institution"],
            position=data["position"],
            phone=data["phone"],
            request=request,
        )
        # The same page whether or not the address was free: it must not reveal registered ones.
        return redirect("accounts:register_done")
    return render(request, "accounts/register.html", {"form": form})


def register_done(request):
    return render(
        request,
        "accounts/register_done.html",
        {"days": services.days_text(settings.ACCOUNT_CONFIRMATION_DAYS)},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button, POST confirms: mail scanners that open links do not activate accounts."""
    try:
        user = services.user_from_confirmation_token(token)
    except signing.SignatureExpired:
        return _message_page(
            request,
            _("Link wygasł"),
            _(
                "Link potwierdzający jest ważny przez %(days)s i ten już wygasł. Podaj adres "
                "e-mail, a wyślemy nowy."
            )
            % {"days": services.days_text(settings.ACCOUNT_CONFIRMATION_DAYS)},
            status=400,
            resend_form=EmailForm(),
        )
    except signing.BadSignature:
        return _message_page(
            request,
            _("Nieprawidłowy link"),
            _(
                "Ten link potwierdzający jest nieprawidłowy albo niepełny. Sprawdź, czy został "
                "skopiowany w całości, albo poproś o nowy."
            ),
            status=400,
            resend_form=EmailForm(),
        )
    if user.applicant_profile.email_confirmed_at is not None or user.is_active:
        return _already_confirmed(request)
    if request.method == "GET":
        return render(request, "accounts/confirm.html", {"pending_user": user})
    result = services.confirm_registration(user, request)
    if result.code == "used":
        return _already_confirmed(request)
    if result.code == "taken":
        return _message_page(
            request,
            _("JST ma już konto główne"),
            _(
                "Zanim potwierdzono ten adres, konto główne tej JST założyła i potwierdziła inna "
                "osoba (%(email)s). Twoje niepotwierdzone konto usunęliśmy. Poproś tę osobę "
                "o zaproszenie: zaprasza się w zakładce „Zespół JST” po zalogowaniu."
            )
            % {"email": result.holder_email or "–"},
            status=409,
        )
    return _message_page(
        request,
        _("Adres e-mail potwierdzony"),
        _("Konto jest aktywne i należy do JST jako jej konto główne. Możesz się zalogować."),
        links=[(reverse("accounts:login"), _("Zaloguj się"))],
    )


def _already_confirmed(request):
    return _message_page(
        request,
        _("Link został już użyty"),
        _(
            "Ten adres e-mail jest już potwierdzony. Zaloguj się albo zresetuj hasło, jeśli go nie pamiętasz."
        ),
        links=[
            (reverse("accounts:login"), _("Zaloguj się")),
            (reverse("accounts:password_reset"), _("Nie pamiętam hasła")),
        ],
    )


@never_cache
@require_http_methods(["GET", "POST"])
def resend_confirmation(request):
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.resend_confirmation(form.cleaned_data["email"], request)
        return _message_page(
            request,
            _("Sprawdź skrzynkę e-mail"),
            _(
                "Jeśli na ten adres czeka niepotwierdzone konto, wysłaliśmy nowy link "
                "potwierdzający. Sprawdź także folder z niechcianą pocztą."
            ),
        )
    return render(request, "accounts/resend_confirmation.html", {"form": form})


# --- login, logout, passwords --------------------------------------------------------------


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    next_page = "/"


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    form_class = PasswordResetByEmailForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    extra_email_context = {"site_name": "Kooperacje 3D"}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = OurSetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")
    title = gettext_lazy("Nowe hasło")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    form_class = OurPasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


# --- the JST's team and invitations --------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def team(request):
    # The membership and its JST in one query, cached on the user for the predicates below.
    membership = (
        InstitutionMembership.objects.select_related("institution")
        .filter(user=request.user)
        .first()
    )
    if membership is not None:
        request.user.institution_membership = membership
    if not can_view_team(request.user):
        return _forbidden(
            request, _("Zespół JST widzą tylko konta wnioskodawców przypisane do JST.")
        )
    institution = membership.institution
    may_invite = can_invite(request.user)
    form = None
    if may_invite:
        form = InvitationForm(
            request.POST or None,
            institution=institution,
            days=services.days_text(settings.ACCOUNT_INVITATION_DAYS),
        )
    if request.method == "POST":
        if not may_invite:
            log_event("account.invitation_forbidden", request, user=request.user, obj=institution)
            return _forbidden(
                request, _("Zapraszać osoby i cofać zaproszenia może tylko konto główne JST.")
            )
        if form.is_valid():
            invitation = services.invite(
                institution=institution,
                email=form.cleaned_data["email"],
                inviter=request.user,
                request=request,
            )
            messages.success(
                request,
                _("Wysłaliśmy zaproszenie na adres %(email)s.") % {"email": invitation.email},
            )
            return redirect("accounts:team")
    members = (
        InstitutionMembership.objects.filter(institution=institution)
        .select_related("user", "user__applicant_profile")
        .order_by("-is_primary", "created_at")
    )
    invitations = Invitation.objects.filter(institution=institution).select_related("invited_by")[
        :50
    ]
    return render(
        request,
        "accounts/team.html",
        {
            "institution": institution,
            "members": members,
            "invitations": invitations,
            "form": form,
            "may_invite": may_invite,
        },
    )


@login_required
@require_POST
def revoke_invitation(request, pk):
    if not can_invite(request.user):
        return _forbidden(
            request, _("Zapraszać osoby i cofać zaproszenia może tylko konto główne JST.")
        )
    institution = membership_of(request.user).institution
    invitation = Invitation.objects.filter(pk=pk, institution=institution).first()
    if invitation is None:
        log_event("account.invitation_not_found", request, user=request.user, invitation=pk)
        raise Http404
    if services.revoke_invitation(invitation, by=request.user, request=request):
        messages.success(
            request, _("Cofnięto zaproszenie dla %(email)s.") % {"email": invitation.email}
        )
    else:
        messages.error(
            request, _("Tego zaproszenia nie można już cofnąć: zostało przyjęte albo cofnięte.")
        )
    return redirect("accounts:team")


INVITATION_PROBLEMS = {
    "used": (
        gettext_lazy("Zaproszenie zostało już przyjęte"),
        gettext_lazy("Konto z tego zaproszenia już istnieje. Zaloguj się albo zresetuj hasło."),
    ),
    "revoked": (
        gettext_lazy("Zaproszenie zostało cofnięte"),
        gettext_lazy("Osoba, która je wysłała, cofnęła to zaproszenie. Poproś ją o nowe."),
    ),
    "expired": (
        gettext_lazy("Zaproszenie wygasło"),
        gettext_lazy("Zaproszenie jest ważne przez %(days)s i to już wygasło. Poproś o nowe."),
    ),
    "exists": (
        gettext_lazy("Konto już istnieje"),
        gettext_lazy(
            "Konto z tym adresem e-mail już jest w portalu, więc zaproszenia nie można przyjąć. "
            "Zaloguj się albo zresetuj hasło."
        ),
    ),
}


def _invitation_problem_page(request, code):
    title, message = INVITATION_PROBLEMS[code]
    return _message_page(
        request,
        title,
        str(message) % {"days": services.days_text(settings.ACCOUNT_INVITATION_DAYS)}
        if code == "expired"
        else message,
        status=400 if code in ("expired", "revoked") else 409,
        links=[(reverse("accounts:login"), _("Zaloguj się"))],
    )


@never_cache
@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def accept_invitation(request, token):
    invitation = services.invitation_from_token(token)
    if invitation is None:
        return _message_page(
            request,
            _("Nieprawidłowy link"),
            _(
                "Ten link zaproszenia jest nieprawidłowy albo niepełny. Sprawdź, czy został skopiowany w całości."
            ),
            status=400,
        )
    problem = services.invitation_problem(invitation)
    if problem:
        return _invitation_problem_page(request, problem)
    if request.user.is_authenticated:
        return _message_page(
            request,
            _("Jesteś zalogowany"),
            _("Aby przyjąć zaproszenie i założyć nowe konto, najpierw się wyloguj."),
            status=409,
        )
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.accept_invitation(
                invitation,
                first_name=data["first_name"],
                last_name=data["last_name"],
                password=data["password1"],
                position=data["position"],
                phone=data["phone"],
                request=request,
            )
        except services.InvitationRefused as refusal:
            return _invitation_problem_page(request, refusal.code)
        auth_login(request, user, backend=ACCOUNT_BACKEND)
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(
        request, "accounts/accept_invitation.html", {"form": form, "invitation": invitation}
    )
