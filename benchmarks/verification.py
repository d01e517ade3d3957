"""Time of one check (retrieve, relate, judge, aggregate, store) at 10k and 100k documents.

Builds a generated news-like corpus (400-700 words a document) in a
throwaway database: a temporary SQLite file by default, or, when
DATABASE_URL points at PostgreSQL, a database named factcheck_bench_checks
that is dropped afterwards. The labelled stance passages are mixed in, and
their claims are checked. Prints median and p95 milliseconds per check and
checks/s with one worker process; asserts nothing. Sizes: BENCH_SIZES
(default "10000,100000" on PostgreSQL, "10000" on SQLite). The embeddings
backend is FACTCHECK_EMBEDDINGS: run it once with the default (wordllama)
and once with minilm (the [semantic] extra) for the two figures side by side.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings.local")
os.environ.setdefault("FACTCHECK_VAR_DIR", tempfile.mkdtemp(prefix="factcheck-bench-"))
BENCH_DB = "factcheck_bench_checks"
_PG = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def _use_throwaway_postgres() -> None:
    import psycopg

    url = os.environ["DATABASE_URL"]
    base, _, _ = url.rpartition("/")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")
    os.environ["DATABASE_URL"] = f"{base}/{BENCH_DB}"


if _PG:
    _use_throwaway_postgres()

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from claims.checks import check_run  # noqa: E402
from claims.extraction.canonical import fingerprint  # noqa: E402
from claims.models import Check, Claim  # noqa: E402
from claims.verification.facts import ClaimFacts  # noqa: E402
from sources.models import Document, content_hash  # noqa: E402
from sources.services import source_get_or_create  # noqa: E402
from tests.verification_eval import ITEMS, load_passages  # noqa: E402

WORDS = """government council minister budget report economy market prices rates inflation
hospital patients doctors nurses health clinic waiting court judge trial jury verdict appeal
company shares profit revenue workers jobs factory union strike energy wind solar power grid
emissions climate river flood police officers city mayor residents school students teachers
university research scientists study data survey election voters party campaign club season
match coach players transfer league stadium fans airport flights passengers rail station
bridge road traffic housing rents homes tax spending plan agency statement official spokesman
""".split()
NAMES = "Alder Brook Carrow Dunmore Elston Farrow Galen Hollis Ivers Jarvis Keld Lorne".split()


def sizes() -> list[int]:
    default = "10000,100000" if _PG else "10000"
    return [int(x) for x in os.environ.get("BENCH_SIZES", default).split(",")]


def fill(target: int, rng: random.Random) -> float:
    """Add generated documents until there are `target`; return seconds taken."""
    source = source_get_or_create(name="Generated Wire")
    start = time.perf_counter()
    while (count := Document.objects.count()) < target:
        batch = []
        for i in range(min(2000, target - count)):
            sentences = []
            for _ in range(rng.randint(25, 45)):
                words = rng.sample(WORDS, 12)
                words.insert(rng.randint(0, 11), f"{rng.randint(2, 9800):,}")
                words.insert(rng.randint(0, 12), rng.choice(NAMES))
                sentences.append(" ".join(words).capitalize() + ".")
            text = " ".join(sentences) + f" Ref {count + i}."
            batch.append(Document(source=source, text=text, content_hash=content_hash(text)))
        Document.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        # What autovacuum does after a bulk load in production: retrieval picks
        # its rare terms from the planner's statistics.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE sources_document")
    return time.perf_counter() - start


def claims() -> list[Claim]:
    made = []
    for item in ITEMS:
        text = item["claim"]["text"]
        facts = ClaimFacts.from_text(text)
        claim, _ = Claim.objects.get_or_create(
            fingerprint=fingerprint(text),
            defaults={
                "text": text,
                "quantities": facts.quantities,
                "time_references": facts.time_references,
                "entities": facts.entities,
            },
        )
        made.append(claim)
    return made


def main() -> None:
    call_command("migrate", verbosity=0)
    rng = random.Random(7)
    load_passages()
    checked = claims()
    print(
        f"backend: {connection.vendor}; embeddings: {settings.FACTCHECK_EMBEDDINGS}; "
        f"{len(checked)} claims per size; one process"
    )
    for size in sizes():
        built = fill(size, rng)
        timings = []
        for claim in checked:
            check = Check.objects.create(claim=claim)
            start = time.perf_counter()
            check_run(check_id=check.pk)
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        p95 = timings[int(0.95 * (len(timings) - 1))]
        print(
            f"{size:>7} documents (built in {built:5.1f}s): one check median "
            f"{statistics.median(timings):6.1f} ms, p95 {p95:6.1f} ms, "
            f"{1000 * len(timings) / sum(timings):6.1f} checks/s"
        )


if __name__ == "__main__":
    try:
        main()
    finally:
        if _PG:
            connection.close()
            import psycopg

            admin = os.environ["DATABASE_URL"].rpartition("/")[0] + "/postgres"
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
