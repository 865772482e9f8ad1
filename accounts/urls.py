"""The applicant accounts: registration, confirmation, login, password reset, invitations."""

app_name = "accounts"

urlpatterns = []
