"""The participant's cancellation link: a token that names the registration and proves it was
sent to its address (an HMAC of the row's id and time, under the project's SECRET_KEY)."""

from django.utils.crypto import salted_hmac

TOKEN_SALT = "events.registration.cancel"


def cancel_token(registration):
    digest = salted_hmac(
        TOKEN_SALT, f"{registration.pk}:{registration.created_at.isoformat()}", algorithm="sha256"
    ).hexdigest()[:40]
    return f"{registration.pk}-{digest}"


def cancel_url(registration):
    event = registration.event
    return event.url + event.reverse_subpage("cancel", kwargs={"token": cancel_token(registration)})
