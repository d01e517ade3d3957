"""Our deployment checks, run by `manage.py check --deploy` beside Django's own.

Registered in factcheck.apps with the "security" tag. An Error makes
`check --deploy` fail; a Warning fails it only with `--fail-level WARNING`.
"""

import ipaddress
import re
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)

# Words of the placeholders people ship and copy: ours in .env.example is
# "change-me-to-a-long-random-string". Compared without case and separators,
# so "CHANGE_ME", "change me" and "changeme" are all caught.
_PLACEHOLDER_WORDS = ("changeme", "replaceme", "insecure", "placeholder", "example", "secret")

# Networks no public host is in: IANA's special-purpose registries (the blocks
# not globally reachable), with multicast and the reserved 240/4. An allowed
# network inside one of these opens only internal space; any other opens part
# of the internet, which needs no allowing and should not be listed.
_NOT_PUBLIC = tuple(
    ipaddress.ip_network(block)
    for block in (
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
        "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15",
        "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
        "::/128", "::1/128", "::ffff:0:0/96", "64:ff9b:1::/48", "100::/64", "2001:2::/48",
        "2001:10::/28", "2001:db8::/32", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
    )
)  # fmt: skip


def secret_key_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """DJANGO_SECRET_KEY must be long, varied and not a placeholder (an Error).

    Django's own security.W009 only warns; a guessable key lets anyone sign
    sessions and password-reset links, so here it stops the deployment.
    """
    key = str(getattr(settings, "SECRET_KEY", "") or "")
    hint = 'Generate one: python -c "import secrets; print(secrets.token_urlsafe(50))"'
    folded = re.sub(r"[^a-z0-9]", "", key.lower())
    if key.startswith(SECRET_KEY_INSECURE_PREFIX) or any(
        word in folded for word in _PLACEHOLDER_WORDS
    ):
        return [
            Error(
                "DJANGO_SECRET_KEY is a placeholder, not a secret.", hint=hint, id="factcheck.E001"
            )
        ]
    if len(key) < SECRET_KEY_MIN_LENGTH or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        return [
            Error(
                f"DJANGO_SECRET_KEY is too short or too plain: it needs at least "
                f"{SECRET_KEY_MIN_LENGTH} characters, {SECRET_KEY_MIN_UNIQUE_CHARACTERS} "
                f"of them different.",
                hint=hint,
                id="factcheck.E001",
            )
        ]
    return []


def fetch_networks_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Each FETCH_ALLOW_PRIVATE_NETWORKS entry parses (an Error) and stays out of
    public address space (a Warning naming the entry)."""
    messages: list[CheckMessage] = []
    for entry in getattr(settings, "FETCH_ALLOW_PRIVATE_NETWORKS", []):
        try:
            network = ipaddress.ip_network(entry)
        except ValueError as exc:
            messages.append(
                Error(
                    f"FETCH_ALLOW_PRIVATE_NETWORKS has an invalid network {entry!r}: {exc}",
                    hint='Give networks as CIDRs with no host bits set, e.g. "10.20.0.0/16".',
                    id="factcheck.E002",
                )
            )
            continue
        if not any(
            network.version == block.version and network.subnet_of(block) for block in _NOT_PUBLIC
        ):
            messages.append(
                Warning(
                    f"FETCH_ALLOW_PRIVATE_NETWORKS lists {entry!r}, which covers public "
                    f"addresses as well as private ones.",
                    hint=(
                        "List only the private networks fetches must reach (production "
                        "should list none): anyone who can submit a URL reaches them."
                    ),
                    id="factcheck.W001",
                )
            )
    return messages
