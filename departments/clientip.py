"""The address a request came from, as the audit and the login throttle see it.

``REMOTE_ADDR`` is the peer of the connection. Behind nginx that is nginx (127.0.0.1), and the client's
address is in ``X-Forwarded-For``, which nginx appends to. That header is believed only when the
deployment says so (``BEHIND_PROXY``), only when the request really comes from one of the configured
proxies (``TRUSTED_PROXY_IPS``), and only as far as those proxies wrote it: with ``TRUSTED_PROXY_COUNT``
proxies in a row, the client is the entry that many places from the right. Whatever a client writes
into the header itself stays further to the left and is never used.
"""

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request) -> str | None:
    remote = _valid(request.META.get("REMOTE_ADDR") or "")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0) if getattr(settings, "BEHIND_PROXY", False) else 0
    if count <= 0 or remote is None or remote not in set(getattr(settings, "TRUSTED_PROXY_IPS", [])):
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote
    return _valid(forwarded[-count]) or remote
