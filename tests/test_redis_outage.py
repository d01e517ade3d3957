"""The API keeps accepting work while Redis is down, and nothing is lost.

A Redis of the test's own carries the throttles' counters and the broker's
messages for a gunicorn web process and a real Celery worker (with beat).
With Redis gone, writes still answer 201/202: the throttle fails open and the
job rows commit to the ledger while their messages cannot be sent. Once Redis
is back the sweeper sends them, and every claim reaches needs_review.

Runs the same on both CI runs (SQLite or PostgreSQL as the database): the
Redis here is always the test's own.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from knox.models import AuthToken

from claims.choices import ClaimStatus
from claims.models import Check, Claim
from factcheck.jobs.models import Job, JobStatus
from tests.workers import RedisServer, WebServer, Worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ARTICLE = (
    " date 2024-05-02 Exports slow\n"
    "Exports fell 4.1% in April from a year earlier, the statistics office said on Tuesday.\n"
    "Shipments to Asia dropped by more than $2 billion, according to customs data.\n"
)


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path)
    yield server
    server.stop()


@pytest.fixture
def stack(tmp_path: Path, redis_server: RedisServer) -> Iterator[tuple[WebServer, Worker]]:
    env = {"REDIS_URL": redis_server.url, "CELERY_BROKER_URL": redis_server.url}
    web = WebServer(tmp_path, env=env)
    worker = Worker("outage", tmp_path, beat=True, env=env)
    yield web, worker
    worker.stop()
    web.stop()


def test_writes_are_accepted_while_redis_is_down_and_done_once_it_is_back(
    stack, redis_server, client_user, make_claim
) -> None:
    web, worker = stack
    token = AuthToken.objects.create(client_user)[1]
    waiting = make_claim(status=ClaimStatus.NEEDS_REVIEW)
    assert web.request("GET", "/api/v1/claims/", token=token)[0] == 200

    redis_server.stop()
    status, document = web.request(
        "POST",
        "/api/v1/documents/",
        {"text": ARTICLE, "source": {"name": "Trade Wire"}},
        token=token,
    )
    assert status == 201, (document, web.log())
    status, queued = web.request("POST", f"/api/v1/claims/{waiting.pk}/checks/", {}, token=token)
    assert status == 202, (queued, web.log())
    assert "could not send job" in web.log()  # left to the sweeper, not a 500
    assert Job.objects.filter(status=JobStatus.QUEUED).count() >= 2

    redis_server.start()

    def all_done() -> bool:
        claims = Claim.objects.filter(appearances__document_id=document["id"])
        checked = Check.objects.filter(claim=waiting, job__status=JobStatus.SUCCEEDED)
        return (
            claims.exists()
            and not claims.exclude(status=ClaimStatus.NEEDS_REVIEW).exists()
            and checked.exists()
        )

    wait_for(
        all_done,
        timeout=180,
        what="every claim of the article in needs_review and the queued check done",
        workers=(worker,),
    )
    extract = Job.objects.get(kind="extract", target=f"document:{document['id']}")
    assert (extract.status, extract.attempts) == (JobStatus.SUCCEEDED, 1)
