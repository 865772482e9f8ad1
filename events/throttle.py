"""A limit on registrations from one address (a bot flood), counted in the shared cache.

With Redis (REDIS_URL) the count is shared by every server process; the default local-memory
cache counts per process. The limit is EVENT_REGISTRATION_RATE = (attempts, seconds).
"""

from django.conf import settings
from django.core.cache import cache

from core.http import client_ip


def _key(request):
    return f"k3d:events:rate:{client_ip(request) or 'unknown'}"


def allow(request):
    """Count one attempt from the request's address; False once the limit is exceeded."""
    attempts, seconds = settings.EVENT_REGISTRATION_RATE
    key = _key(request)
    if cache.add(key, 1, seconds):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, seconds)
        return True
    return count <= attempts
