"""The applicant accounts: registration, confirmation, login, password reset, invitations."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("rejestracja/", views.register, name="register"),
    path("rejestracja/wyslano/", views.register_done, name="register_done"),
    path("rejestracja/nowy-link/", views.resend_confirmation, name="resend_confirmation"),
    path("potwierdz/<str:token>/", views.confirm, name="confirm"),
    path("logowanie/", views.LoginView.as_view(), name="login"),
    path("wylogowanie/", views.LogoutView.as_view(), name="logout"),
    path("haslo/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("haslo/reset/wyslano/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "haslo/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "haslo/reset/gotowe/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("haslo/zmiana/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "haslo/zmiana/gotowe/", views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path("zespol/", views.team, name="team"),
    path("zespol/zaproszenia/<int:pk>/cofnij/", views.revoke_invitation, name="revoke_invitation"),
    path("zaproszenie/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
