"""`python manage.py demo`: the quick start on the embedded default.

Migrates, creates a demo reviewer, loads seeds/, then runs the web server and
a real Celery worker (with beat, for the job sweeper) until Ctrl-C.
"""

import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from claims.report import document_claims, document_jobs, render_claims
from factcheck.jobs.models import JobStatus
from factcheck.roles import Role, ensure_role_groups
from sources.seeds import seeds_load

DEMO_USERNAME = "reviewer"


class Command(BaseCommand):
    help = "Set up the demo data and run the web server and a worker until Ctrl-C."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--addr", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--setup-only", action="store_true", help="Prepare the data, then exit."
        )

    def handle(self, *args: object, addr: str, port: int, setup_only: bool, **opts: object):
        call_command("migrate", interactive=False, verbosity=0)
        ensure_role_groups()
        password = self._reset_demo_reviewer()
        report = seeds_load(folder=Path(settings.BASE_DIR) / "seeds")
        self.stdout.write(
            f"Seeds: {len(report.created)} documents loaded, {len(report.existing)} already there."
        )
        base = f"http://{addr}:{port}"
        self.stdout.write(
            self.style.SUCCESS("\nfactcheck demo\n")
            + f"  admin:  {base}/admin/\n"
            + f"  API:    {base}/api/v1/   (token: POST {base}/api/v1/auth/token/)\n"
            + f"  docs:   {base}/api/docs/\n"
            + f"  login:  {DEMO_USERNAME} / {password}\n"
        )
        if setup_only:
            return
        self._serve(addr, port, articles=report.articles, base=base)

    def _report_finished(self, pending: list[int], base: str) -> list[int]:
        """Print the claims table of each article whose jobs are all done; return the rest."""
        waiting = []
        for document_id in pending:
            jobs = list(document_jobs(document_id))
            done = sum(job.status in (JobStatus.SUCCEEDED, JobStatus.FAILED) for job in jobs)
            # Extraction queues the checks: done means extraction done and,
            # if it found claims, their checks done too.
            extracted = any(job.kind == "extract" for job in jobs)
            checks = sum(job.kind == "verify" for job in jobs)
            claims = document_claims(document_id)
            if extracted and done == len(jobs) and (checks or not claims):
                self.stdout.write(
                    f"\nArticle {document_id}: claims and their checks\n"
                    + render_claims(claims, base_url=base)
                )
            else:
                self.stderr.write(
                    f"\rchecking article {document_id}: {done}/{len(jobs)} jobs done", ending=""
                )
                waiting.append(document_id)
        return waiting

    def _reset_demo_reviewer(self) -> str:
        """A fresh random password on every run: nothing guessable is ever left behind."""
        password = secrets.token_urlsafe(12)
        user, _ = User.objects.get_or_create(username=DEMO_USERNAME)
        user.set_password(password)
        user.is_active = True
        user.save()
        user.groups.add(Group.objects.get(name=Role.REVIEWER.value))
        return password

    def _serve(self, addr: str, port: int, *, articles: list[int], base: str) -> None:
        var = Path(settings.VAR_DIR)
        worker_args = ["worker", "--beat", "--loglevel", "INFO", "--concurrency", "2"]
        worker = subprocess.Popen(  # noqa: S603 - our interpreter, fixed arguments
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "factcheck",
                *worker_args,
                "--schedule",
                str(var / "celerybeat-schedule"),
            ]
        )
        web = subprocess.Popen(  # noqa: S603 - our interpreter, fixed arguments
            [sys.executable, "manage.py", "runserver", "--noreload", f"{addr}:{port}"],
            cwd=settings.BASE_DIR,
        )
        children = (worker, web)
        # Ctrl-C reaches the whole foreground group; also stop on SIGTERM.
        signal.signal(signal.SIGTERM, _interrupt)
        pending = list(articles)
        try:
            while all(child.poll() is None for child in children):
                if pending:
                    pending = self._report_finished(pending, base)
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            for child in children:
                if child.poll() is None:
                    child.terminate()
            for child in children:
                try:
                    child.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    child.kill()
        self.stdout.write("Stopped the web server and the worker.")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
