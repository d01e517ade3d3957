"""URL normalisation: one spelling per page, so the same article is one Document."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Parameters that identify a campaign or a click, never the page itself.
_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "hsa_")
_TRACKING_NAMES = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "ref_src", "cmpid", "ocid", "spm"}
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def normalize_url(url: str) -> str:
    """Lower-case scheme and host, drop default ports, fragments and tracking parameters."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    # Credentials (user:password@) are dropped: never part of a page's identity.
    netloc = host
    if parts.port and parts.port != _DEFAULT_PORTS.get(scheme):
        netloc = f"{host}:{parts.port}"
    query = urlencode(
        [
            (key, value)
            for key, value in parse_qsl(parts.query, keep_blank_values=True)
            if not key.lower().startswith(_TRACKING_PREFIXES) and key.lower() not in _TRACKING_NAMES
        ]
    )
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def url_domain(url: str) -> str:
    """The host without a leading www., e.g. for a Source's domains; "" if none."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:  # "[x": an unclosed IPv6 bracket
        return ""
    return host.removeprefix("www.")
