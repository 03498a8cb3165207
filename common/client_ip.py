"""The real client's address behind a known number of trusted reverse proxies.

Each proxy appends the address it received the request from to X-Forwarded-For. With N trusted
proxies, the client is the Nth address from the right: anything further left was written by the
client itself and cannot be trusted, so a spoofed header cannot change who is rate-limited.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote  # not through all our proxies: the connection itself is the client
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
