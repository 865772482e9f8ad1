"""What a view reads from the request beyond Django's own helpers."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address


def client_ip(request):
    """The client address as the server saw it (REMOTE_ADDR).

    Behind a reverse proxy the deployment must set REMOTE_ADDR from the proxy's header (e.g.
    gunicorn's --forwarded-allow-ips); a client-supplied X-Forwarded-For is not trusted here.
    """
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR") or None
    if address is None:
        return None
    try:
        validate_ipv46_address(address)
    except ValidationError:
        return None
    return address
