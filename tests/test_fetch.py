"""The fetcher reaches public pages only, within its time, size and type limits.

Every test talks to a real HTTP server on 127.0.0.1; tests that should reach it
allow 127.0.0.0/8 through the setting production keeps empty.
"""

import gzip
import ipaddress
import pickle
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from sources.fetch import (
    USER_AGENT,
    FetchError,
    FetchErrorCode,
    address_allowed,
    check_url_allowed,
    fetch_url,
)
from tests.local_http import ARTICLE, LocalServer, Server, page, redirect, serving


@pytest.fixture
def connections(monkeypatch) -> list[str]:
    """The addresses every outgoing socket connected to, in order."""
    seen: list[str] = []
    real_connect = socket.socket.connect

    def connect(sock: socket.socket, address: tuple) -> None:
        seen.append(address[0])
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return seen


@dataclass
class FakeDNS:
    """Names given answers resolve to them; every other name goes to the real resolver."""

    answers: dict[str, list[list[str]]] = field(default_factory=dict)
    lookups: list[str] = field(default_factory=list)

    def answer(self, name: str, *answers: list[str]) -> None:
        """Successive lookups of name get these answers in turn; the last one repeats."""
        self.answers[name] = list(answers)


@pytest.fixture
def dns(monkeypatch) -> FakeDNS:
    fake = FakeDNS()
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in fake.answers:
            return real_getaddrinfo(host, port, *args, **kwargs)
        fake.lookups.append(host)
        queue = fake.answers[host]
        addresses = queue.pop(0) if len(queue) > 1 else queue[0]
        return [
            (
                socket.AF_INET6 if ":" in address else socket.AF_INET,
                socket.SOCK_STREAM,
                socket.IPPROTO_TCP,
                "",
                (address, port),
            )
            for address in addresses
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return fake


def refusal(call: Callable[[], object]) -> FetchError:
    with pytest.raises(FetchError) as caught:
        call()
    return caught.value


# --- Fetching --------------------------------------------------------------------


@pytest.mark.usefixtures("allow_loopback")
def test_it_fetches_a_page_with_its_type_charset_and_final_url(local_server):
    local_server.routes["/news/story?utm_source=feed"] = page(
        content_type="text/html; charset=ISO-8859-1"
    )

    fetched = fetch_url(local_server.url("/news/story?utm_source=feed"))

    assert fetched.body == ARTICLE
    assert fetched.status == 200
    assert fetched.content_type == "text/html"
    assert fetched.charset == "iso-8859-1"
    assert fetched.url == local_server.url("/news/story")
    assert fetched.redirects == []


@pytest.mark.usefixtures("allow_loopback")
def test_it_identifies_itself_and_sends_the_host_name_it_was_given(local_server):
    local_server.routes["/"] = page()

    fetch_url(local_server.url("/", host="localhost"))

    headers = local_server.headers_seen[0]
    assert headers["User-Agent"] == USER_AGENT
    assert headers["Host"] == f"localhost:{local_server.port}"


@pytest.mark.usefixtures("allow_loopback")
def test_it_follows_redirects_and_reports_the_way_it_came(local_server):
    local_server.routes["/old"] = redirect(local_server.url("/moved"), status=301)
    local_server.routes["/moved"] = redirect("/final")  # relative Location
    local_server.routes["/final"] = page(content_type="text/plain")

    fetched = fetch_url(local_server.url("/old"))

    assert fetched.url == local_server.url("/final")
    assert fetched.redirects == [local_server.url("/old"), local_server.url("/moved")]
    assert fetched.content_type == "text/plain"
    assert fetched.charset is None


@pytest.mark.usefixtures("allow_loopback")
def test_it_decompresses_gzip_bodies(local_server):
    local_server.routes["/"] = page(gzip.compress(ARTICLE), headers={"Content-Encoding": "gzip"})

    assert fetch_url(local_server.url()).body == ARTICLE


@pytest.mark.usefixtures("allow_loopback")
def test_it_connects_to_the_address_it_checked_without_asking_dns_again(
    local_server, dns, connections
):
    # DNS rebinding: the first answer passes the check, later ones point inside.
    dns.answer("news.test", ["127.0.0.1"], ["10.0.0.1"])
    local_server.routes["/"] = page()

    fetched = fetch_url(local_server.url("/", host="news.test"))

    assert fetched.body == ARTICLE
    assert dns.lookups == ["news.test"]
    assert connections == ["127.0.0.1"]
    assert local_server.headers_seen[0]["Host"] == f"news.test:{local_server.port}"


@pytest.mark.usefixtures("allow_loopback")
def test_it_drops_a_connection_whose_peer_is_not_the_checked_address(local_server, monkeypatch):
    local_server.routes["/"] = page()
    monkeypatch.setattr(socket.socket, "getpeername", lambda sock: ("10.0.0.9", 80))

    error = refusal(lambda: fetch_url(local_server.url()))

    assert error.code == FetchErrorCode.ADDRESS_NOT_ALLOWED
    assert local_server.paths_seen == []


# --- Refused addresses --------------------------------------------------------------


def test_it_refuses_the_local_server_unless_private_networks_are_allowed(local_server):
    local_server.routes["/"] = page()

    error = refusal(lambda: fetch_url(local_server.url()))

    assert error.code == FetchErrorCode.ADDRESS_NOT_ALLOWED
    assert local_server.paths_seen == []


def test_it_refuses_a_host_name_that_resolves_to_loopback(local_server, connections):
    local_server.routes["/"] = page()

    error = refusal(lambda: fetch_url(local_server.url("/", host="localhost")))

    assert error.code == FetchErrorCode.ADDRESS_NOT_ALLOWED
    assert connections == []
    assert local_server.paths_seen == []


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://192.168.1.1/admin",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
        "http://2130706433/",  # 127.0.0.1 as one decimal number
        "http://100.100.100.200/latest/meta-data/",
        "http://metadata.google.internal/computeMetadata/v1/",
    ],
)
def test_it_refuses_internal_and_metadata_addresses_before_connecting(url, connections):
    error = refusal(lambda: fetch_url(url))

    assert error.code == FetchErrorCode.ADDRESS_NOT_ALLOWED
    assert not error.retryable
    assert connections == []


def test_it_refuses_a_host_if_any_of_its_addresses_is_internal(dns, connections):
    dns.answer("public.test", ["93.184.216.34", "2606:4700:4700::1111"])
    dns.answer("mixed.test", ["93.184.216.34", "10.1.2.3"])
    check_url_allowed("http://public.test/")

    error = refusal(lambda: fetch_url("http://mixed.test/"))

    assert error.code == FetchErrorCode.ADDRESS_NOT_ALLOWED
    assert connections == []


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("ftp://example.org/file.txt", FetchErrorCode.SCHEME_NOT_ALLOWED),
        ("file:///etc/passwd", FetchErrorCode.SCHEME_NOT_ALLOWED),
        ("gopher://example.org/", FetchErrorCode.SCHEME_NOT_ALLOWED),
        ("example.org/story", FetchErrorCode.SCHEME_NOT_ALLOWED),
        ("http://user:pass@example.org/", FetchErrorCode.CREDENTIALS_NOT_ALLOWED),
        ("http://example.org\\@127.0.0.1/", FetchErrorCode.CREDENTIALS_NOT_ALLOWED),
        ("http:///no-host", FetchErrorCode.INVALID_URL),
        ("http://example.org:99999/", FetchErrorCode.INVALID_URL),
        ("http://example.org/a b\r\nX-Injected: 1", FetchErrorCode.INVALID_URL),
    ],
)
def test_it_refuses_urls_it_must_never_fetch(url, code, connections):
    error = refusal(lambda: fetch_url(url))

    assert error.code == code
    assert connections == []


def test_it_says_when_a_name_does_not_resolve(monkeypatch):
    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)

    error = refusal(lambda: fetch_url("https://no-such-host.test/"))

    assert error.code == FetchErrorCode.NAME_NOT_RESOLVED
    assert error.retryable


@pytest.mark.usefixtures("allow_loopback")
@pytest.mark.parametrize(
    "location",
    ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://[::1]:1/"],
)
def test_a_redirect_to_an_internal_address_is_refused_before_connecting(
    local_server, connections, location
):
    local_server.routes["/"] = redirect(location)

    error = refusal(lambda: fetch_url(local_server.url()))

    assert error.code == FetchErrorCode.ADDRESS_NOT_ALLOWED
    assert local_server.paths_seen == ["/"]
    assert connections == ["127.0.0.1"]


@pytest.mark.usefixtures("allow_loopback")
def test_a_redirect_to_another_scheme_is_refused(local_server):
    local_server.routes["/"] = redirect("file:///etc/passwd")

    assert refusal(lambda: fetch_url(local_server.url())).code == FetchErrorCode.SCHEME_NOT_ALLOWED


# --- Limits ------------------------------------------------------------------------


@pytest.mark.usefixtures("allow_loopback")
def test_a_redirect_loop_ends_in_too_many_redirects(local_server):
    local_server.routes["/a"] = redirect("/b")
    local_server.routes["/b"] = redirect("/a")

    error = refusal(lambda: fetch_url(local_server.url("/a"), max_redirects=3))

    assert error.code == FetchErrorCode.TOO_MANY_REDIRECTS
    assert local_server.paths_seen == ["/a", "/b", "/a", "/b"]


@pytest.mark.usefixtures("allow_loopback")
@pytest.mark.parametrize("declared_length", [True, False], ids=["content-length", "no-length"])
def test_a_body_larger_than_the_cap_is_too_large(local_server, declared_length):
    local_server.routes["/"] = page(b"x" * 5000, length=declared_length)

    error = refusal(lambda: fetch_url(local_server.url(), max_bytes=1000))

    assert error.code == FetchErrorCode.TOO_LARGE
    assert not error.retryable


@pytest.mark.usefixtures("allow_loopback")
def test_a_body_exactly_at_the_cap_is_fetched(local_server):
    local_server.routes["/"] = page(length=False)

    assert fetch_url(local_server.url(), max_bytes=len(ARTICLE)).body == ARTICLE


@pytest.mark.usefixtures("allow_loopback")
def test_the_cap_applies_to_the_decompressed_body(local_server):
    bomb = gzip.compress(b"\0" * 1_000_000)
    local_server.routes["/"] = page(bomb, headers={"Content-Encoding": "gzip"})

    error = refusal(lambda: fetch_url(local_server.url(), max_bytes=100_000))

    assert len(bomb) < 100_000
    assert error.code == FetchErrorCode.TOO_LARGE


@pytest.mark.usefixtures("allow_loopback")
def test_a_server_slower_than_the_timeout_times_out(local_server):
    def slow(handler: BaseHTTPRequestHandler) -> None:
        local_server.sleep(3)
        page()(handler)

    local_server.routes["/"] = slow
    started = time.monotonic()

    error = refusal(lambda: fetch_url(local_server.url(), timeout=0.5))

    assert error.code == FetchErrorCode.TIMEOUT
    assert error.retryable
    assert time.monotonic() - started < 1.5


@pytest.mark.usefixtures("allow_loopback")
def test_the_timeout_bounds_the_whole_fetch_not_each_read(local_server):
    def trickle(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.send_header("Content-Length", "100")
        handler.end_headers()
        for _ in range(100):
            handler.wfile.write(b"x")
            handler.wfile.flush()
            local_server.sleep(0.1)

    local_server.routes["/"] = trickle
    started = time.monotonic()

    error = refusal(lambda: fetch_url(local_server.url(), timeout=0.5))

    assert error.code == FetchErrorCode.TIMEOUT
    assert time.monotonic() - started < 1.5


@pytest.mark.usefixtures("allow_loopback")
@pytest.mark.parametrize("content_type", ["application/octet-stream", "image/png", None])
def test_a_body_of_another_content_type_is_refused(local_server, content_type):
    local_server.routes["/"] = page(b"\x89PNG\r\n\x1a\n", content_type=content_type)

    error = refusal(lambda: fetch_url(local_server.url()))

    assert error.code == FetchErrorCode.BAD_CONTENT_TYPE


@pytest.mark.usefixtures("allow_loopback")
def test_a_json_page_is_fetched_when_the_caller_allows_json(local_server):
    local_server.routes["/"] = page(b"{}", content_type="application/json")

    fetched = fetch_url(local_server.url(), allowed_content_types=("application/json",))

    assert fetched.body == b"{}"


@pytest.mark.usefixtures("allow_loopback")
def test_an_error_status_is_an_http_error_naming_the_status(local_server):
    error = refusal(lambda: fetch_url(local_server.url("/missing")))

    assert error.code == FetchErrorCode.HTTP_ERROR
    assert error.status == 404
    assert "404" in str(error)
    assert not error.retryable


@pytest.mark.usefixtures("allow_loopback")
def test_a_server_error_is_worth_retrying(local_server):
    local_server.routes["/"] = page(b"busy", status=503)

    error = refusal(lambda: fetch_url(local_server.url()))

    assert (error.code, error.status, error.retryable) == (FetchErrorCode.HTTP_ERROR, 503, True)


# --- HTTPS: the socket is pinned, the name is still what TLS checks ------------------


def _certificate(folder: Path, name: str) -> tuple[Path, Path]:
    cert, key = folder / f"{name}.pem", folder / f"{name}.key"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-days", "2", "-subj", f"/CN={name}", "-addext", f"subjectAltName=DNS:{name}",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def tls_server(tmp_path) -> Iterator[tuple[LocalServer, Path, list[str | None]]]:
    """An HTTPS server for news.test with a self-signed certificate; yields the
    server, the certificate, and the SNI names clients asked for."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = _certificate(tmp_path, "news.test")
    server_names: list[str | None] = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda sock, name, ctx: server_names.append(name)
    server = Server()
    server.socket = context.wrap_socket(server.socket, server_side=True)
    with serving(server) as running:
        yield LocalServer(running, scheme="https"), cert, server_names


@pytest.mark.usefixtures("allow_loopback")
def test_https_checks_the_certificate_against_the_host_name_not_the_address(
    tls_server, dns, monkeypatch
):
    server, cert, server_names = tls_server
    server.routes["/"] = page()
    dns.answer("news.test", ["127.0.0.1"])
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trust the test certificate

    fetched = fetch_url(server.url("/", host="news.test"))

    assert fetched.body == ARTICLE
    assert server_names == ["news.test"]
    assert server.headers_seen[0]["Host"] == f"news.test:{server.port}"


@pytest.mark.usefixtures("allow_loopback")
def test_https_refuses_an_untrusted_certificate(tls_server, dns):
    server, _, server_names = tls_server
    server.routes["/"] = page()
    dns.answer("news.test", ["127.0.0.1"])

    error = refusal(lambda: fetch_url(server.url("/", host="news.test")))

    assert error.code == FetchErrorCode.CONNECTION_FAILED
    assert server_names == ["news.test"]
    assert server.paths_seen == []


# --- Address rules ---------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "100.100.100.200",
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "192.0.2.10",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd00:ec2::254",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "2002:7f00:1::",  # 6to4 wrapping 127.0.0.1
        "64:ff9b::a00:1",  # NAT64 wrapping 10.0.0.1
    ],
)
def test_non_public_addresses_are_not_allowed(address):
    assert not address_allowed(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:93.184.216.34"]
)
def test_public_addresses_are_allowed(address):
    assert address_allowed(ipaddress.ip_address(address))


def test_allowed_private_networks_open_only_those_networks(settings):
    settings.FETCH_ALLOW_PRIVATE_NETWORKS = ["127.0.0.0/8", "169.254.0.0/16"]

    assert address_allowed(ipaddress.ip_address("127.0.0.1"))
    assert address_allowed(ipaddress.ip_address("::ffff:127.0.0.1"))
    assert address_allowed(ipaddress.ip_address("169.254.1.1"))
    assert not address_allowed(ipaddress.ip_address("10.0.0.1"))
    assert not address_allowed(ipaddress.ip_address("::1"))
    # Cloud metadata stays out of reach whatever is allowed.
    assert not address_allowed(ipaddress.ip_address("169.254.169.254"))


def test_a_malformed_allowed_network_is_a_configuration_error(settings):
    settings.FETCH_ALLOW_PRIVATE_NETWORKS = ["127.0.0.0/33"]

    with pytest.raises(ImproperlyConfigured, match="FETCH_ALLOW_PRIVATE_NETWORKS"):
        address_allowed(ipaddress.ip_address("8.8.8.8"))


def test_a_fetch_error_keeps_its_code_and_status_through_pickling():
    error = FetchError(FetchErrorCode.HTTP_ERROR, "HTTP 503", status=503)

    copy = pickle.loads(pickle.dumps(error))

    assert (copy.code, copy.status, str(copy), copy.retryable) == (
        FetchErrorCode.HTTP_ERROR,
        503,
        "HTTP 503",
        True,
    )


def test_webhook_urls_are_checked_without_fetching_them(connections):
    check_url_allowed("https://93.184.216.34/hooks/factcheck")

    assert refusal(lambda: check_url_allowed("https://10.0.0.7/hook")).code == (
        FetchErrorCode.ADDRESS_NOT_ALLOWED
    )
    assert refusal(lambda: check_url_allowed("ftp://93.184.216.34/")).code == (
        FetchErrorCode.SCHEME_NOT_ALLOWED
    )
    assert connections == []
