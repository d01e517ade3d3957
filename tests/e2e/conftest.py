"""Browser tests: Debian's chromium, headless, driven by Playwright for Python.

Nothing is downloaded at run time. Playwright's Python package carries its own
driver, and the browser is the system's /usr/bin/chromium (`.ci/run` installs
it with apt-get). Without it these tests skip, saying how to install it; with
FACTCHECK_E2E=required (set by `.ci/run`) they fail instead, so CI never goes
green without having run them.

Each test saves a screenshot after each step under
<FACTCHECK_VAR_DIR>/e2e-artifacts/<test>/ (FACTCHECK_E2E_ARTIFACTS overrides
the folder); the folders are printed at the end of the run.
"""

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import settings

from claims.choices import ClaimStatus
from claims.models import Claim
from factcheck.jobs.models import Job, JobStatus
from factcheck.jobs.services import JobOutcome, job_execute
from sources.seeds import seeds_load

if TYPE_CHECKING:
    from playwright.sync_api import (
        Browser,
        BrowserContext,
        ConsoleMessage,
        Page,
        Request,
        Response,
    )

CHROMIUM = Path("/usr/bin/chromium")
# Headless, and nothing that reaches out to Google's hosts. Playwright gives
# every launch a fresh, empty user-data-dir of its own.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL_HINT = "install Debian's chromium: apt-get install chromium"
STEP_TIMEOUT_MS = 10_000

# The container claim of the seed article (seeds/000_*.txt).
CONTAINER_CLAIM_WORDS = "1,000 containers"

_saved_folders: list[Path] = []


def e2e_required() -> bool:
    return os.environ.get("FACTCHECK_E2E", "").strip().lower() == "required"


def _unavailable(reason: str) -> None:
    """Skip on a developer's machine; fail where the browser tests are required (CI)."""
    if e2e_required():
        pytest.fail(f"{reason} (FACTCHECK_E2E=required: browser tests may not skip)", False)
    pytest.skip(reason)


def _is_favicon(url: str) -> bool:
    return url.split("?", 1)[0].endswith("/favicon.ico")


def artifacts_root() -> Path:
    configured = os.environ.get("FACTCHECK_E2E_ARTIFACTS")
    return Path(configured) if configured else Path(settings.VAR_DIR) / "e2e-artifacts"


@pytest.fixture(scope="module")
def browser() -> Iterator["Browser"]:
    if not CHROMIUM.exists():
        _unavailable(f"no browser at {CHROMIUM}: {INSTALL_HINT}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is missing: pip install -e '.[dev]'")

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
        # Playwright's sync API keeps an asyncio loop in this thread, which
        # Django's ORM takes for an async context; the tests' ORM calls are
        # plain synchronous code, and the live server runs in its own thread.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            try:
                yield chromium
            finally:
                chromium.close()


@dataclass
class E2E:
    """One test's browser context, its screenshots and the errors the pages reported."""

    context: "BrowserContext"
    folder: Path
    console_errors: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)
    pages: list["Page"] = field(default_factory=list)
    _shots: int = 0

    def new_page(self) -> "Page":
        page = self.context.new_page()
        name = f"page {len(self.pages) + 1}"

        def on_console(message: "ConsoleMessage") -> None:
            # The browser asks for /favicon.ico on its own; the admin has none.
            if message.type == "error" and not _is_favicon(message.location.get("url", "")):
                self.console_errors.append(f"{name} console: {message.text} ({message.location})")

        def on_response(response: "Response") -> None:
            if response.status >= 500:
                self.server_errors.append(f"{name}: {response.status} {response.url}")

        page.on("console", on_console)
        page.on("pageerror", lambda exc: self.console_errors.append(f"{name} error: {exc}"))

        def on_request_failed(request: "Request") -> None:
            # A request still loading when the page moves on is aborted: no fault.
            if request.failure != "net::ERR_ABORTED":
                self.console_errors.append(
                    f"{name} request failed: {request.url} ({request.failure})"
                )

        page.on("requestfailed", on_request_failed)
        page.on("response", on_response)
        self.pages.append(page)
        return page

    def shot(self, page: "Page", step: str) -> Path:
        """Save a full-page screenshot as NN-<step>.png in this test's folder."""
        self._shots += 1
        path = self.folder / f"{self._shots:02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    def login(
        self,
        page: "Page",
        username: str,
        password: str,
        *,
        next_url: str = "",
        allowed: bool = True,
    ) -> None:
        """Log in through the admin's real login form; fail at once if an allowed user is
        refused, with the form's message."""
        from playwright.sync_api import expect

        page.goto("/admin/login/" + (f"?next={next_url}" if next_url else ""))
        expect(page.locator("#login-form")).to_be_visible()
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        self.shot(page, "login")
        with page.expect_navigation():
            page.locator("#login-form [type=submit]").click()
        refusal = page.locator("body.login .errornote")
        if allowed and refusal.count():
            pytest.fail(f"the admin refused {username}: {refusal.first.inner_text().strip()}")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    setattr(item, f"e2e_report_{report.when}", report)
    return report


@pytest.fixture
def e2e(request: pytest.FixtureRequest, browser: "Browser", live_server: Any) -> Iterator[E2E]:
    folder = artifacts_root() / re.sub(r"[^\w.-]+", "_", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    _saved_folders.append(folder)

    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-US"
    )
    context.set_default_timeout(STEP_TIMEOUT_MS)
    session = E2E(context=context, folder=folder)
    try:
        yield session
    finally:
        report = getattr(request.node, "e2e_report_call", None)
        if report is not None and report.failed:
            for page in session.pages:
                if not page.is_closed():
                    session.shot(page, "failure")
        context.close()


def run_queued_jobs(*, max_rounds: int = 10) -> int:
    """Run every queued job in this process, including the jobs they queue; how many ran."""
    ran = 0
    for _ in range(max_rounds):
        queued = list(
            Job.objects.filter(status=JobStatus.QUEUED).order_by("pk").values_list("pk", flat=True)
        )
        if not queued:
            return ran
        for job_id in queued:
            outcome = job_execute(job_id=job_id, worker="e2e")
            if outcome != JobOutcome.SUCCEEDED:
                job = Job.objects.get(pk=job_id)
                pytest.fail(f"seed job {job} ended {outcome}: {job.error}")
            ran += 1
    pytest.fail(f"jobs were still queued after {max_rounds} rounds")


@pytest.fixture
def seeded(transactional_db: None, monkeypatch: pytest.MonkeyPatch) -> Claim:
    """The quick start's seed, extracted and verified in-process: the container claim.

    The jobs run here rather than on workers (the worker tests cover those),
    so no broker message is sent: the suite's broker stays empty.
    """
    monkeypatch.setattr("factcheck.jobs.services.send_job_message", lambda job_id, **kwargs: True)
    seeds_load(folder=Path(settings.BASE_DIR) / "seeds")
    run_queued_jobs()
    claim = Claim.objects.get(text__contains=CONTAINER_CLAIM_WORDS)
    assert claim.status == ClaimStatus.NEEDS_REVIEW, claim.status
    assert claim.checks.filter(evidence__isnull=False).exists()
    return claim


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _saved_folders:
        return
    terminalreporter.write_sep("-", "e2e screenshots")
    for folder in _saved_folders:
        terminalreporter.write_line(str(folder))
