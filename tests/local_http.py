"""A real HTTP server on 127.0.0.1 for tests that fetch: routes are set per test."""

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTICLE = b"<html><body><p>Inflation rose to 3.2% in May.</p></body></html>"

Route = Callable[[BaseHTTPRequestHandler], None]


@dataclass(frozen=True)
class Posted:
    """One POST the server received."""

    path: str
    headers: dict[str, str]
    body: bytes


class _Handler(BaseHTTPRequestHandler):
    server: "Server"

    def do_GET(self) -> None:
        self.server.requests.append((self.path, dict(self.headers)))
        self._respond()

    def do_POST(self) -> None:
        # A webhook receiver: the body is kept so a test can check its signature.
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.requests.append((self.path, dict(self.headers)))
        self.server.posts.append(Posted(self.path, dict(self.headers), body))
        self._respond()

    def _respond(self) -> None:
        route = self.server.routes.get(self.path)
        if route is None:
            self.send_error(404, "Not Found")
            return
        route(self)

    def log_message(self, format: str, *args: object) -> None:
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.posts: list[Posted] = []
        self.stopping = threading.Event()

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that gave up (timeout, too large) breaks the pipe: expected here.
        pass


@dataclass
class LocalServer:
    server: Server
    scheme: str = "http"
    routes: dict[str, Route] = field(init=False)

    def __post_init__(self) -> None:
        self.routes = self.server.routes

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    @property
    def paths_seen(self) -> list[str]:
        return [path for path, _ in self.server.requests]

    @property
    def headers_seen(self) -> list[dict[str, str]]:
        return [headers for _, headers in self.server.requests]

    @property
    def posts(self) -> list[Posted]:
        return self.server.posts

    def url(self, path: str = "/", host: str = "127.0.0.1") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"

    def sleep(self, seconds: float) -> None:
        self.server.stopping.wait(seconds)


@contextmanager
def serving(server: Server) -> Iterator[Server]:
    # A short poll interval keeps shutdown (and so each test) quick.
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()


def page(
    body: bytes = ARTICLE,
    content_type: str | None = "text/html; charset=utf-8",
    status: int = 200,
    length: bool = True,
    headers: dict[str, str] | None = None,
) -> Route:
    def respond(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        if content_type is not None:
            handler.send_header("Content-Type", content_type)
        if length:
            handler.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)

    return respond


def redirect(location: str, status: int = 302) -> Route:
    return page(b"", content_type=None, status=status, headers={"Location": location})
