"""Fetch a web page without letting the URL reach inside our own network.

A submitted URL is untrusted input: left alone, http://169.254.169.254/ or a
name that resolves to 10.0.0.5 would make a worker read cloud credentials or
internal services (server-side request forgery). So every hop of a fetch:

1. allows only http(s) URLs without credentials;
2. resolves the host once and refuses it if *any* address is not public;
3. connects to one of those validated addresses itself, never resolving the
   name again (a second lookup could answer differently: DNS rebinding), and
   checks the socket's peer address after connecting;
4. follows redirects by hand, so each Location goes through 1-3 again.

The connection still speaks to the URL's host name: the Host header, TLS SNI
and certificate verification all use the name, only the socket is pinned.
Environment proxies are never used (urllib3 pools, unlike requests, do not read
them), and time, size and content type are capped.

post_json() sends webhook deliveries under the same rules (1-3); it returns a
redirect's status instead of following it.
"""

import contextlib
import functools
import ipaddress
import re
import socket
from dataclasses import dataclass
from enum import StrEnum
from http.client import HTTPException
from time import monotonic
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from urllib3 import HTTPConnectionPool, HTTPSConnectionPool, Timeout
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    NewConnectionError,
    ReadTimeoutError,
    SSLError,
)
from urllib3.response import BaseHTTPResponse
from urllib3.util.connection import create_connection

from .urlnorm import normalize_url

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

USER_AGENT = "factcheck/0.1 (fact-checking service; fetches pages submitted as evidence)"
DEFAULT_CONTENT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")

_SCHEMES = {"http": 80, "https": 443}
_REDIRECT_STATUSES = {301, 302, 303, 307, 308}
_CHUNK_BYTES = 64 * 1024
# Never valid in a URL, and a way to smuggle headers into a request line.
_UNSAFE_URL_CHARACTERS = re.compile(r"[\x00-\x20\x7f]")

# Cloud metadata services hand out credentials; they stay refused even when
# FETCH_ALLOW_PRIVATE_NETWORKS lists their network.
_METADATA_HOSTS = frozenset({"metadata.google.internal", "metadata.goog"})
_METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(address)
    for address in ("169.254.169.254", "100.100.100.200", "fd00:ec2::254")
)
_SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class FetchErrorCode(StrEnum):
    SCHEME_NOT_ALLOWED = "scheme_not_allowed"
    CREDENTIALS_NOT_ALLOWED = "credentials_not_allowed"
    INVALID_URL = "invalid_url"
    NAME_NOT_RESOLVED = "name_not_resolved"
    ADDRESS_NOT_ALLOWED = "address_not_allowed"
    CONNECTION_FAILED = "connection_failed"
    TIMEOUT = "timeout"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    HTTP_ERROR = "http_error"
    BAD_CONTENT_TYPE = "bad_content_type"
    TOO_LARGE = "too_large"


# Failures that may pass on their own; everything else will fail the same way again.
_TRANSIENT_CODES = {
    FetchErrorCode.NAME_NOT_RESOLVED,
    FetchErrorCode.CONNECTION_FAILED,
    FetchErrorCode.TIMEOUT,
}
_TRANSIENT_STATUSES = {408, 425, 429, 500, 502, 503, 504}


class FetchError(Exception):
    """A URL that may not be fetched, or whose fetch failed; code says which."""

    def __init__(self, code: FetchErrorCode, message: str, *, status: int | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status

    def __reduce__(self) -> tuple:
        # Survive pickling (multiprocessing, task results) with code and status intact.
        return (self.__class__, (self.code, self.message), {"status": self.status})

    @property
    def retryable(self) -> bool:
        """Whether trying again later may succeed (a refused URL never will)."""
        if self.code == FetchErrorCode.HTTP_ERROR:
            return self.status in _TRANSIENT_STATUSES
        return self.code in _TRANSIENT_CODES


@dataclass(frozen=True)
class FetchedPage:
    """A fetched page: the normalised final URL, and the URLs that redirected to it."""

    url: str
    status: int
    content_type: str
    charset: str | None
    body: bytes
    redirects: list[str]


# --- Address rules --------------------------------------------------------------


def address_allowed(ip: IPAddress) -> bool:
    """Whether a fetch (or a webhook delivery) may connect to this address.

    Only public unicast addresses are allowed, plus the networks listed in
    FETCH_ALLOW_PRIVATE_NETWORKS (never the cloud metadata addresses). IPv6
    addresses that carry an IPv4 address (mapped, 6to4, NAT64) are judged by
    that IPv4 address as well.
    """
    allowed_networks = _allowed_networks(tuple(settings.FETCH_ALLOW_PRIVATE_NETWORKS))
    for address in _addresses_to_judge(ip):
        if address in _METADATA_ADDRESSES:
            return False
        if any(address in network for network in allowed_networks):
            continue
        if _is_internal(address):
            return False
    return True


def _addresses_to_judge(ip: IPAddress) -> list[IPAddress]:
    if isinstance(ip, ipaddress.IPv4Address):
        return [ip]
    # A scope (fe80::1%eth0) does not change what the address is.
    ip = ipaddress.IPv6Address(ip.packed)
    if ip.ipv4_mapped is not None:
        # ::ffff:10.0.0.1 *is* 10.0.0.1 on a dual-stack socket.
        return [ip.ipv4_mapped]
    judged: list[IPAddress] = [ip]
    if ip.sixtofour is not None:
        judged.append(ip.sixtofour)
    if ip in _NAT64:
        judged.append(ipaddress.IPv4Address(ip.packed[-4:]))
    return judged


def _is_internal(ip: IPAddress) -> bool:
    return (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or (ip.version == 4 and ip in _SHARED_ADDRESS_SPACE)
        # And whatever else IANA lists as not globally reachable
        # (documentation, benchmarking, Teredo, ...).
        or not ip.is_global
    )


@functools.lru_cache(maxsize=8)
def _allowed_networks(
    cidrs: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    networks = []
    for cidr in cidrs:
        try:
            networks.append(ipaddress.ip_network(cidr))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"FETCH_ALLOW_PRIVATE_NETWORKS has an invalid network {cidr!r}: {exc}"
            ) from None
    return tuple(networks)


@dataclass(frozen=True)
class _Target:
    url: str
    scheme: str
    host: str
    port: int
    request_target: str


def check_url_allowed(url: str) -> None:
    """Refuse (FetchError) a URL a fetch would refuse before connecting: wrong
    scheme, credentials, or a host that is or resolves to a non-public address.

    For validating webhook URLs when they are subscribed; a delivery must still
    go through the connect-time checks, since DNS may answer differently later.
    """
    target = _parse_target(url)
    _resolve(target)


def _parse_target(url: str) -> _Target:
    url = url.strip()
    if _UNSAFE_URL_CHARACTERS.search(url):
        raise FetchError(
            FetchErrorCode.INVALID_URL, f"{url!r} contains spaces or control characters."
        )
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError(FetchErrorCode.INVALID_URL, f"{url!r} is not a valid URL: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES:
        raise FetchError(
            FetchErrorCode.SCHEME_NOT_ALLOWED,
            f"Only http and https URLs can be fetched, not {scheme or 'a URL without scheme'}.",
        )
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise FetchError(
            FetchErrorCode.CREDENTIALS_NOT_ALLOWED, "URLs with a user name or password are refused."
        )
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise FetchError(FetchErrorCode.INVALID_URL, f"{url!r} names no host.")
    try:
        host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise FetchError(
            FetchErrorCode.INVALID_URL, f"{host!r} is not a valid host name."
        ) from None
    if host in _METADATA_HOSTS:
        raise FetchError(FetchErrorCode.ADDRESS_NOT_ALLOWED, f"{host} is a cloud metadata service.")
    request_target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return _Target(url, scheme, host, port or _SCHEMES[scheme], request_target)


def _resolve(target: _Target) -> tuple[IPAddress, ...]:
    """The host's addresses, all of them allowed, or FetchError."""
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise FetchError(
            FetchErrorCode.NAME_NOT_RESOLVED, f"Could not resolve {target.host}: {exc}"
        ) from None
    addresses: list[IPAddress] = []
    for family, _, _, _, sockaddr in infos:
        if family not in (socket.AF_INET, socket.AF_INET6):
            continue
        address = ipaddress.ip_address(sockaddr[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise FetchError(FetchErrorCode.NAME_NOT_RESOLVED, f"{target.host} has no IP address.")
    # One bad address refuses the host: which address a client picks is not
    # ours to predict, and a mixed answer is a classic rebinding trick.
    for address in addresses:
        if not address_allowed(address):
            raise FetchError(
                FetchErrorCode.ADDRESS_NOT_ALLOWED,
                f"{target.host} resolves to {address}, which is not a public address.",
            )
    return tuple(addresses)


# --- Connections pinned to validated addresses -------------------------------


class _PinnedConnectionMixin:
    """Opens the socket to an address validated beforehand, never to a fresh lookup.

    Everything else (Host header, TLS SNI, certificate check) still uses
    self.host, the name from the URL.
    """

    def __init__(
        self,
        *args: object,
        pinned_addresses: tuple[IPAddress, ...] = (),
        deadline: float = 0.0,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._pinned_addresses = pinned_addresses
        self._deadline = deadline

    def _new_conn(self) -> socket.socket:
        if not self._pinned_addresses:
            raise FetchError(
                FetchErrorCode.ADDRESS_NOT_ALLOWED, f"No validated address for {self.host}."
            )
        error: Exception = NewConnectionError(self, f"No address to connect to for {self.host}.")
        for address in self._pinned_addresses:
            # Each attempt gets what is left of the fetch's time, not a fresh allowance.
            remaining = self._deadline - monotonic()
            if remaining <= 0:
                raise ConnectTimeoutError(self, f"Connecting to {self.host} timed out.")
            try:
                sock = create_connection(
                    (str(address), self.port),
                    remaining,
                    source_address=self.source_address,
                    socket_options=self.socket_options,
                )
            except TimeoutError:
                error = ConnectTimeoutError(self, f"Connecting to {self.host} timed out.")
                continue
            except OSError as exc:
                error = NewConnectionError(self, f"Could not connect to {address}: {exc}")
                continue
            _check_peer(sock, address, self.host)
            return sock
        raise error


def _check_peer(sock: socket.socket, expected: IPAddress, host: str) -> None:
    # Belt and braces: the kernel connected where we asked, to an allowed address.
    try:
        peer = ipaddress.ip_address(sock.getpeername()[0])
    except (OSError, ValueError):
        peer = None
    if peer is None or peer.packed != expected.packed or not address_allowed(peer):
        sock.close()
        raise FetchError(
            FetchErrorCode.ADDRESS_NOT_ALLOWED,
            f"The connection to {host} ended at {peer}, not at the validated {expected}.",
        )


class _PinnedHTTPConnection(_PinnedConnectionMixin, HTTPConnection):
    pass


class _PinnedHTTPSConnection(_PinnedConnectionMixin, HTTPSConnection):
    pass


class _PinnedHTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = _PinnedHTTPConnection


class _PinnedHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = _PinnedHTTPSConnection


# --- Fetching -------------------------------------------------------------------


def fetch_url(
    url: str,
    *,
    max_bytes: int | None = None,
    timeout: float | None = None,
    max_redirects: int | None = None,
    allowed_content_types: tuple[str, ...] = DEFAULT_CONTENT_TYPES,
) -> FetchedPage:
    """GET a page under the address rules, following at most max_redirects redirects.

    timeout bounds the whole fetch (every hop's connect and read, the body
    included); max_bytes bounds the (decompressed) body. Defaults come from the
    FETCH_* settings. Raises FetchError; its code says why.
    """
    max_bytes = settings.FETCH_MAX_BYTES if max_bytes is None else max_bytes
    timeout = settings.FETCH_TIMEOUT_SECONDS if timeout is None else timeout
    max_redirects = settings.FETCH_MAX_REDIRECTS if max_redirects is None else max_redirects
    deadline = monotonic() + timeout
    allowed = {content_type.lower() for content_type in allowed_content_types}
    redirects: list[str] = []
    current = url
    while True:
        target = _parse_target(current)
        addresses = _resolve(target)
        with _open_pool(target, addresses, deadline) as pool:
            response = _request(pool, target, deadline, allowed)
            try:
                if response.status in _REDIRECT_STATUSES:
                    location = response.headers.get("Location")
                    if not location:
                        raise FetchError(
                            FetchErrorCode.HTTP_ERROR,
                            f"{current} answered HTTP {response.status} without a Location.",
                            status=response.status,
                        )
                    if len(redirects) >= max_redirects:
                        raise FetchError(
                            FetchErrorCode.TOO_MANY_REDIRECTS,
                            f"More than {max_redirects} redirects, starting at {url}.",
                        )
                    redirects.append(current)
                    current = urljoin(current, location.strip())
                    continue
                content_type, charset = _check_response(response, current, allowed, max_bytes)
                body = _read_body(response, current, deadline, max_bytes)
            except (HTTPError, HTTPException, OSError) as exc:
                raise _fetch_error(exc, target) from None
            finally:
                response.close()
        return FetchedPage(
            url=normalize_url(current),
            status=response.status,
            content_type=content_type,
            charset=charset,
            body=body,
            redirects=redirects,
        )


def _open_pool(
    target: _Target, addresses: tuple[IPAddress, ...], deadline: float
) -> HTTPConnectionPool:
    pool_class = (
        _PinnedHTTPSConnectionPool if target.scheme == "https" else _PinnedHTTPConnectionPool
    )
    extra = {"cert_reqs": "CERT_REQUIRED"} if target.scheme == "https" else {}
    return pool_class(
        target.host,
        target.port,
        maxsize=1,
        retries=False,
        pinned_addresses=addresses,
        deadline=deadline,
        **extra,
    )


def _request(
    pool: HTTPConnectionPool, target: _Target, deadline: float, allowed: set[str]
) -> BaseHTTPResponse:
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": ", ".join([*sorted(allowed), "*/*;q=0.1"]),
        "Accept-Encoding": "gzip, deflate",
    }
    return _send(pool, target, deadline, method="GET", headers=headers)


def _send(
    pool: HTTPConnectionPool,
    target: _Target,
    deadline: float,
    *,
    method: str,
    headers: dict[str, str],
    body: bytes | None = None,
) -> BaseHTTPResponse:
    remaining = deadline - monotonic()
    if remaining <= 0:
        raise FetchError(FetchErrorCode.TIMEOUT, f"Fetching {target.url} ran out of time.")
    try:
        return pool.urlopen(
            method,
            target.request_target,
            body=body,
            headers=headers,
            retries=False,
            redirect=False,
            assert_same_host=False,
            timeout=Timeout(connect=remaining, read=remaining),
            preload_content=False,
            decode_content=True,
            release_conn=False,
        )
    except (HTTPError, HTTPException, OSError) as exc:
        raise _fetch_error(exc, target) from None


def _check_response(
    response: BaseHTTPResponse, url: str, allowed: set[str], max_bytes: int
) -> tuple[str, str | None]:
    if not 200 <= response.status < 300:
        raise FetchError(
            FetchErrorCode.HTTP_ERROR,
            f"{url} answered HTTP {response.status} {response.reason or ''}".rstrip() + ".",
            status=response.status,
        )
    content_type, charset = _parse_content_type(response.headers.get("Content-Type", ""))
    if content_type not in allowed:
        raise FetchError(
            FetchErrorCode.BAD_CONTENT_TYPE,
            f"{url} is {content_type or 'of no declared type'}; "
            f"expected one of {', '.join(sorted(allowed))}.",
        )
    length = response.headers.get("Content-Length", "")
    if length.strip().isdigit() and int(length) > max_bytes:
        raise FetchError(
            FetchErrorCode.TOO_LARGE, f"{url} is {int(length)} bytes; the limit is {max_bytes}."
        )
    return content_type, charset


def _parse_content_type(value: str) -> tuple[str, str | None]:
    media_type, _, parameters = value.partition(";")
    charset = None
    for parameter in parameters.split(";"):
        name, _, parameter_value = parameter.partition("=")
        if name.strip().lower() == "charset":
            charset = parameter_value.strip().strip("\"'").lower() or None
    return media_type.strip().lower(), charset


def _read_body(response: BaseHTTPResponse, url: str, deadline: float, max_bytes: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        remaining = deadline - monotonic()
        if remaining <= 0:
            raise FetchError(FetchErrorCode.TIMEOUT, f"Reading {url} took too long.")
        # The read timeout alone bounds each wait, not the sum of them: a server
        # dripping a byte a second would never trip it. So shrink it to what is
        # left of the whole fetch before every read.
        sock = getattr(response.connection, "sock", None)
        if sock is not None:
            sock.settimeout(remaining)
        chunk = response.read1(_CHUNK_BYTES)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(
                FetchErrorCode.TOO_LARGE, f"{url} is larger than the limit of {max_bytes} bytes."
            )
        chunks.append(chunk)


def _fetch_error(exc: Exception, target: _Target) -> FetchError:
    # NewConnectionError subclasses ConnectTimeoutError, so it is tested first.
    if isinstance(exc, NewConnectionError):
        return FetchError(
            FetchErrorCode.CONNECTION_FAILED, f"Could not connect to {target.host}: {exc}"
        )
    if isinstance(exc, ConnectTimeoutError | ReadTimeoutError | TimeoutError):
        return FetchError(FetchErrorCode.TIMEOUT, f"Fetching {target.url} timed out.")
    if isinstance(exc, SSLError):
        return FetchError(FetchErrorCode.CONNECTION_FAILED, f"TLS with {target.host} failed: {exc}")
    return FetchError(FetchErrorCode.CONNECTION_FAILED, f"Fetching {target.url} failed: {exc}")


# --- Posting (webhook deliveries) -----------------------------------------------


@dataclass(frozen=True)
class PostedResponse:
    """A POST's answer: its status and the first bytes of its body."""

    status: int
    body: bytes


def post_json(
    url: str,
    body: bytes,
    *,
    headers: dict[str, str],
    timeout: float,
    max_response_bytes: int = 4096,
) -> PostedResponse:
    """POST a JSON body once, under the address rules, to a connection pinned as a fetch's is.

    Any HTTP status is returned, redirects included (never followed: a
    Location could point anywhere, and a webhook's URL is what was
    subscribed). timeout bounds the whole request. Raises FetchError for a
    refused URL, a failed connection or a time-out.
    """
    deadline = monotonic() + timeout
    target = _parse_target(url)
    addresses = _resolve(target)
    with _open_pool(target, addresses, deadline) as pool:
        response = _send(
            pool,
            target,
            deadline,
            method="POST",
            headers={"Content-Type": "application/json", **headers},
            body=body,
        )
        try:
            prefix = _read_prefix(response, deadline, max_response_bytes)
        finally:
            response.close()
    return PostedResponse(status=response.status, body=prefix)


def _read_prefix(response: BaseHTTPResponse, deadline: float, limit: int) -> bytes:
    # The status is the receiver's answer; the body is kept only for people to
    # read. So a body that is long, slow or cut off ends the read, not the POST.
    chunks: list[bytes] = []
    size = 0
    with contextlib.suppress(HTTPError, HTTPException, OSError):
        while size < limit:
            remaining = deadline - monotonic()
            if remaining <= 0:
                break
            sock = getattr(response.connection, "sock", None)
            if sock is not None:
                sock.settimeout(remaining)
            chunk = response.read1(limit - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    return b"".join(chunks)[:limit]
