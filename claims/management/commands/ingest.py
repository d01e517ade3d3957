"""`python manage.py ingest PATH_OR_URL`: ingest an article and show its claims."""

import json
import sys
import time
from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import QuerySet

from claims.models import Check
from claims.report import document_claims, document_jobs, latest_checks, render_claims
from factcheck.errors import DomainError
from factcheck.jobs.models import Job, JobStatus
from sources.dates import parse_publication_date
from sources.ingest import document_ingest, document_ingest_url
from sources.models import Document, Source
from sources.seeds import SUBMISSIONS_SOURCE
from sources.services import source_get_or_create

_POLL_SECONDS = 0.5


class Command(BaseCommand):
    help = "Ingest an article (a text or HTML file, or a URL) and print its claims."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("target", help="a file path, '-' for standard input, or an http(s) URL")
        parser.add_argument("--source", default="", help="the publisher's name")
        parser.add_argument("--published", default="", help="publication date, YYYY-MM-DD")
        parser.add_argument("--title", default="")
        parser.add_argument("--no-extract", action="store_true", help="store only")
        parser.add_argument("--wait", action="store_true", help="wait for the worker's jobs")
        parser.add_argument("--timeout", type=float, default=300.0)
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: object, **options: object) -> None:
        target = str(options["target"])
        published = None
        if options["published"]:
            published = parse_publication_date(str(options["published"]))
            if published is None:
                raise CommandError(f"--published {options['published']!r} is not a date")
        source = source_get_or_create(name=str(options["source"])) if options["source"] else None
        extract = not options["no_extract"]
        try:
            if target.startswith(("http://", "https://")):
                job = document_ingest_url(
                    url=target, source=source, title=str(options["title"]),
                    published_at=published, extract=extract,
                )  # fmt: skip
                document = self._await_fetch(job, options) if options["wait"] else None
                if document is None:
                    self._emit({"job": job.pk, "status": job.status}, options)
                    return
            else:
                document = self._ingest_file(target, source, published, extract, options)
        except DomainError as exc:
            raise CommandError(f"{exc.code}: {exc}") from None
        if options["wait"] and extract:
            self._await_document(document.pk, options)
        self._emit(self._describe(document), options)

    def _ingest_file(
        self,
        target: str,
        source: Source | None,
        published: datetime | None,
        extract: bool,
        options: dict,
    ) -> Document:
        path = Path(target)
        if target != "-" and not path.is_file():
            raise CommandError(f"{target} is not a file")
        raw = sys.stdin.buffer.read() if target == "-" else path.read_bytes()
        try:
            content = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise CommandError(f"{target} is not UTF-8 text") from None
        is_html = path.suffix.lower() in {".html", ".htm"} or content.lstrip()[
            :15
        ].lower().startswith(("<!doctype html", "<html"))
        result = document_ingest(
            source=source or source_get_or_create(name=SUBMISSIONS_SOURCE),
            text=None if is_html else content,
            html=content if is_html else None,
            title=str(options["title"]),
            published_at=published,
            extract=extract,
        )
        return result.document

    def _await_fetch(self, job: Job, options: dict) -> Document | None:
        job = self._await_jobs(Job.objects.filter(pk=job.pk), options)[0]
        if job.status != JobStatus.SUCCEEDED:
            raise CommandError(f"fetch failed: {job.error}")
        return Document.objects.get(pk=job.result["document_id"])

    def _await_jobs(self, jobs: QuerySet[Job], options: dict) -> list[Job]:
        deadline = time.monotonic() + float(options["timeout"])
        while True:
            current = list(jobs.all())  # a fresh query each time, not the cached rows
            done = [j for j in current if j.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)]
            if not options["json"]:
                self.stderr.write(f"\rjobs: {len(done)}/{len(current)} done", ending="")
            if len(done) == len(current):
                if not options["json"]:
                    self.stderr.write("")
                return current
            if time.monotonic() > deadline:
                raise CommandError("timed out waiting for the worker; is one running?")
            time.sleep(_POLL_SECONDS)

    def _await_document(self, document_id: int, options: dict) -> None:
        """Wait for the extraction, then for the checks of the claims it found."""
        seen = -1
        # Extraction queues the checks, so wait until the set of jobs stops growing.
        while True:
            jobs = self._await_jobs(document_jobs(document_id), options)
            if len(jobs) == seen:
                return
            seen = len(jobs)

    def _describe(self, document: Document) -> dict:
        claims = document_claims(document.pk)
        checks = latest_checks(claims)
        return {
            "document": {
                "id": document.pk,
                "title": document.title,
                "url": document.url,
                "source": document.source.name,
                "published_at": document.published_at.isoformat()
                if document.published_at
                else None,
            },
            "claims": [
                {
                    "id": c.pk,
                    "text": c.text,
                    "kind": c.kind,
                    "claimant": c.claimant,
                    "check_worthiness": c.check_worthiness,
                    "quantities": c.quantities,
                    "time_references": c.time_references,
                    "status": c.status,
                    "check": _check_summary(checks.get(c.pk)),
                }
                for c in claims
            ],
            "report": render_claims(claims),
        }

    def _emit(self, data: dict, options: dict) -> None:
        if options["json"]:
            data = {key: value for key, value in data.items() if key != "report"}
            self.stdout.write(json.dumps(data, indent=2, default=str))
            return
        if "document" not in data:
            self.stdout.write(f"queued fetch job {data['job']} ({data['status']})")
            return
        doc = data["document"]
        self.stdout.write(
            f"Document {doc['id']}: {doc['title'] or '(untitled)'} - {doc['source']}, "
            f"published {doc['published_at'] or 'unknown'}"
        )
        self.stdout.write(data["report"])
        self.stdout.write(f"{len(data['claims'])} claims.")


def _check_summary(check: Check | None) -> dict | None:
    if check is None:
        return None
    return {
        "id": check.pk,
        "suggested_verdict": check.suggested_verdict,
        "confidence": check.confidence,
        "flags": check.flags,
        "evidence": [
            {
                "publisher": e.document.source.name,
                "published_at": e.document.published_at,
                "stance": e.stance,
                "score": e.score,
            }
            for e in list(check.evidence.all())[:3]
        ],
    }
