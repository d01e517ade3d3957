"""Passage search speed for verification (sources.search.search_passages).

Builds a corpus of generated news-like documents (300-800 words each, a few
hundred common words plus topic words, names and numbers) in a throwaway
database, 10,000 documents and then 100,000, and times search_passages for
50 claim-like queries on each size: median and p95 milliseconds, and how
long the corpus took to build (inserts with the index triggers firing; on
PostgreSQL the GIN index is built after the load with the migration's own
statement). Each claim is a sentence of one document, trimmed and reworded
a little, searched with another document excluded as the claim's own
article; how often the source sentence's document comes first is a check
that speed was not bought with recall. The generated text is word salad from
a small vocabulary, harder for retrieval than real news: most of its words
are in most documents.

Backends: SQLite always (a temporary file); PostgreSQL too when DATABASE_URL
is a postgres:// URL (a database named factcheck_bench on that server is
created and dropped). Each backend runs in its own process. Prints figures;
asserts nothing.

    .venv/bin/python benchmarks/verification_search.py [--sizes 10000,100000]
"""

import argparse
import importlib
import itertools
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DATABASE = "factcheck_bench"
QUERIES = 50
SEED = 20251
# Skip a size whose build is projected to take longer than this (seconds).
MAX_BUILD_SECONDS = 180

# --- The generated corpus -----------------------------------------------------------

COMMON = """
government minister council report people year week month city region country plan money
price prices rate rates market company companies workers police court hospital school schools
health patients doctors nurses teachers students children families homes housing rent tax taxes
budget spending cuts jobs unemployment wages pay inflation growth economy industry business
firms bank banks interest loans debt deficit energy power electricity gas oil fuel water
transport roads rail trains buses airport flights traffic safety crime prison officers law
laws bill vote votes election party parties leader leaders opposition members parliament
committee inquiry review figures data survey study research scientists university experts
record level levels increase decrease rise fall growth share number total average percent
cent million billion thousand figures official officials spokesman spokeswoman statement
agency office department ministry service services public private local national international
federal state county district community residents citizens voters protest protesters strike
union unions talks deal agreement contract contracts funding grant grants cost costs project
projects programme scheme system network services staff shortage shortages waiting list lists
care centre centres building buildings construction site land farm farmers food crops prices
weather storm storms flood floods rain heat drought fire fires emergency rescue damage victims
deaths injured hospitalised cases infections vaccine vaccines virus disease treatment drug drugs
trade exports imports tariffs border migrants asylum visa visas tourism tourists hotel hotels
festival museum theatre film music club match season team players coach fans stadium league
cup title goals win defeat draw injury transfer contract sponsor ticket tickets price fares
online internet phone phones data privacy security attack attacks hackers software platform
users accounts content rules regulator fine fines investigation charges trial judge jury
sentence appeal ruling decision announcement launch opening closure plans proposals changes
reform reforms policy policies measures support aid help relief package benefits pension
pensions retirement age older younger women men households income poverty cost living
""".split()

TOPICS = {
    "labour": "employment jobless hiring layoffs vacancies payroll apprenticeships overtime",
    "health": "hospitals ambulance waiting surgery clinics midwives cancer screening",
    "housing": "mortgages landlords tenants evictions homelessness planning permits",
    "energy": "turbines solar nuclear pipeline grid emissions carbon renewables",
    "transport": "railway motorway tram cyclists commuters timetable delays potholes",
    "crime": "burglary robbery arrests detectives knife shootings fraud smuggling",
    "education": "pupils exams grades curriculum tuition graduates lecturers campus",
    "weather": "rainfall temperatures forecast heatwave snowfall gales flooding droughts",
    "sport": "striker midfielder goalkeeper penalty referee semifinal playoffs relegation",
    "economy": "exports recession quarter output productivity investors shares dividend",
    "politics": "referendum coalition cabinet senate ballot campaign polls candidates",
    "environment": "pollution wildlife forests recycling plastics rivers species habitats",
    "technology": "startups semiconductors chips algorithms broadband satellites robotics",
    "farming": "harvest wheat dairy livestock fertiliser subsidies orchards vineyards",
}
TOPIC_WORDS = {topic: words.split() for topic, words in TOPICS.items()}
FIRST = """
Anna Ben Carla David Elena Farid Grace Hassan Ines James Karin Luca Maria Nadia Omar Pavel
Rosa Samir Tomas Ulla Victor Wanda Yusuf Zofia Adam Beatriz Chen Dmitri Eva Felix Jonas Leila
""".split()
# About two thousand surnames, so that a name is as rare in the corpus as in the news.
SURNAMES = [
    head + tail
    for head in """Kow Bren Oka Lind Mor Had Nov Fisch Tan Ross Ibr Pet Schm Del Nak Lars Kap Mens
        Varg Cost Web Horv Sand Jens Pop Acht Quin Rom Sat Dub Nils Az Kell Marsh Hugh Byr Farr
        Lamb Mey Ols Per Rahm Silv Torr Vog Wals Yilm Zimm""".split()
    for tail in """ski an for qvist eau dad ak er aka si ahim ov idt gado amura sen lan sah ga ta
        ber vat doval escu terberg ero ois sson iz ler ton es ne ell bert ke ira man va res
        gel maz mann""".split()
]
PLACES = """
Northfield Easton Westbury Southport Millbrook Ashford Riverton Kingsbridge Lakeside Highgate
Oakham Brightwater Stonehaven Fairhaven Redcliffe Greenway Hillcrest Marston Elmstead Dunmore
""".split()
MONTHS = """January February March April May June July August September October November
December""".split()
FUNCTION = "the of and to in a for on with by at from that as was is".split()
VERBS = """said reported announced confirmed warned estimated found showed expected promised
rose fell increased dropped reached doubled halved climbed declined grew""".split()
SPEAKING = VERBS[:10]


class Writer:
    """News-like text: Zipf-distributed words, with names, places and numbers.

    Paragraphs of one to three sentences of 10 to 26 words; a third of the
    sentences carry a number, some a month, a place or a named speaker.
    """

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.tables = {}
        common = [(word, 1 / (rank + 1) ** 0.9) for rank, word in enumerate(COMMON)]
        common_total = sum(weight for _, weight in common)
        for topic, topic_words in TOPIC_WORDS.items():
            # Function words: 45% of the text; topic words: 8%; the rest common words.
            weighted = [(word, 0.45 / len(FUNCTION)) for word in FUNCTION]
            weighted += [(word, 0.47 * weight / common_total) for word, weight in common]
            weighted += [(word, 0.08 / len(topic_words)) for word in topic_words]
            words = [word for word, _ in weighted]
            cumulative = list(itertools.accumulate(weight for _, weight in weighted))
            self.tables[topic] = (words, cumulative)

    def number(self) -> str:
        rng = self.rng
        kind = rng.random()
        if kind < 0.35:
            return f"{rng.randint(1, 999) / 10:.1f} percent"
        if kind < 0.6:
            return f"{rng.randint(2, 60_000):,}"
        if kind < 0.8:
            return f"{rng.randint(1, 900)} million euros"
        return str(rng.randint(1990, 2025))

    def sentence(self, words: list[str]) -> str:
        rng = self.rng
        if rng.random() < 0.35:
            words.insert(rng.randint(1, len(words)), f"{rng.choice(VERBS)} {self.number()}")
        if rng.random() < 0.25:
            words.insert(rng.randint(1, len(words)), f"in {rng.choice(MONTHS)}")
        if rng.random() < 0.2:
            words.insert(rng.randint(1, len(words)), f"in {rng.choice(PLACES)}")
        text = " ".join(words)
        if rng.random() < 0.3:
            title = "Mr. " if rng.random() < 0.2 else ""
            name = f"{title}{rng.choice(FIRST)} {rng.choice(SURNAMES)}"
            text += f", {name} {rng.choice(SPEAKING)}"
        return text[0].upper() + text[1:] + "."

    def document(self) -> tuple[str, str]:
        rng = self.rng
        topic = rng.choice(TOPIC_NAMES)
        words, cumulative = self.tables[topic]
        count = rng.randint(300, 800)
        stream = rng.choices(words, cum_weights=cumulative, k=count)
        title = " ".join(stream[:6]).capitalize()
        paragraphs, sentences, at = [], [], 0
        while at < count:
            size = rng.randint(10, 26)
            sentences.append(self.sentence(stream[at : at + size]))
            at += size
            if len(sentences) >= 3 or rng.random() < 0.4:
                paragraphs.append(" ".join(sentences))
                sentences = []
        if sentences:
            paragraphs.append(" ".join(sentences))
        return title, "\n".join(paragraphs)


TOPIC_NAMES = list(TOPICS)


def claim_from(text: str, rng: random.Random) -> str:
    """A claim-like query from a sentence of the text holding a number, reworded a little."""
    sentences = [s for s in text.replace("\n", " ").split(". ") if any(c.isdigit() for c in s)]
    sentence = rng.choice(sentences or text.split(". "))
    words = sentence.rstrip(".").split()
    if len(words) > 22:
        start = rng.randrange(len(words) - 18)
        words = words[start : start + 18]
    for _ in range(2):
        if len(words) > 6:
            del words[rng.randrange(len(words))]
    return " ".join(words).replace(" said", " says") + "."


# --- The parent: one child process per backend ------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--child", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))
    if args.child:
        run_backend(args.child, args.database_url, sizes)
        return

    url = os.environ.get("DATABASE_URL", "")
    backends = ["sqlite"]
    if url.split("://", 1)[0] in ("postgres", "postgresql", "pgsql"):
        backends.append("postgresql")
    else:
        print("PostgreSQL: skipped (DATABASE_URL is not a postgres:// URL)")
    started = time.perf_counter()
    for backend in backends:
        with tempfile.TemporaryDirectory(prefix="factcheck-bench-") as var_dir:
            env = {**os.environ, "FACTCHECK_VAR_DIR": var_dir}
            env["DJANGO_SETTINGS_MODULE"] = "factcheck.settings.local"
            env["DJANGO_LOG_LEVEL"] = "WARNING"
            command = [sys.executable, __file__, "--child", backend, "--sizes", args.sizes]
            if backend == "postgresql":
                bench_url = _with_database(url, BENCH_DATABASE)
                env["DATABASE_URL"] = bench_url
                command += ["--database-url", url]
            else:
                env.pop("DATABASE_URL", None)
            subprocess.run(command, env=env, check=True)
    print(f"total run time {time.perf_counter() - started:.0f} s")


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


# --- The child: build, measure, grow, measure ---------------------------------------------


def run_backend(backend: str, admin_url: str | None, sizes: list[int]) -> None:
    if backend == "postgresql":
        _postgres_admin(admin_url, f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
        _postgres_admin(admin_url, f"CREATE DATABASE {BENCH_DATABASE}")
    try:
        _measure_sizes(backend, sizes)
    finally:
        if backend == "postgresql":
            from django.db import connections

            connections.close_all()
            _postgres_admin(admin_url, f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")


def _postgres_admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(_with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(sql)


def _measure_sizes(backend: str, sizes: list[int]) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from sources.models import Document, Source

    source = Source.objects.create(name="Bench Wire")
    writer = Writer(SEED)
    label = "PostgreSQL" if backend == "postgresql" else "SQLite FTS5"
    built, build_seconds = 0, 0.0
    for size in sizes:
        projected = build_seconds / built * (size - built) if built else 0.0
        if projected > MAX_BUILD_SECONDS:
            print(
                f"{label:<11} {size:>7,} docs: skipped, building it would take about "
                f"{projected:.0f} s more (limit {MAX_BUILD_SECONDS} s)"
            )
            continue
        started = time.perf_counter()
        _load(connection, Document, source, writer, size - built)
        elapsed = time.perf_counter() - started
        build = f"built +{size - built:,} in {elapsed:.0f} s"
        build_seconds += elapsed
        built = size
        _time_queries(label, size, f"{build} (total {build_seconds:.0f} s)", connection)


def _load(connection, document_model, source, writer: Writer, count: int) -> None:
    """Insert documents as ingest does (the index triggers fire on every row).

    On PostgreSQL the GIN index is dropped for the load and then built again
    with the migration's statement, as one does for a bulk load.
    """
    from sources.models import content_hash

    postgres = connection.vendor == "postgresql"
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS sources_document_search_idx")
    batch = []
    for _ in range(count):
        title, text = writer.document()
        batch.append(
            document_model(source=source, title=title, text=text, content_hash=content_hash(text))
        )
        if len(batch) == 2000:
            document_model.objects.bulk_create(batch, batch_size=500)
            batch = []
    document_model.objects.bulk_create(batch, batch_size=500)
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '256MB'")
            migration = importlib.import_module("sources.migrations.0002_document_search_index")
            cursor.execute(next(sql for sql in migration.PG_FORWARD if "USING gin" in sql))
            cursor.execute("VACUUM ANALYZE sources_document")


def _time_queries(label: str, size: int, build: str, connection) -> None:
    """Claims made from a sentence of some document; the claim's own article is another."""
    from sources.models import Document
    from sources.search import search_passages

    rng = random.Random(SEED + size)
    ids = list(Document.objects.values_list("id", flat=True))
    picked = rng.sample(ids, QUERIES + 5)
    texts = dict(Document.objects.filter(id__in=picked).values_list("id", "text"))
    # (claim, the document it was made from, the claim's own article: another one)
    queries = [(claim_from(texts[i], rng), i, picked[n - 1]) for n, i in enumerate(picked)]

    for query, _, own in queries[:5]:  # warm the caches and the connection
        search_passages(query, exclude_document_ids=[own])
    times, counts, first, top5 = [], [], 0, 0
    for query, source_id, own in queries[5:]:
        started = time.perf_counter()
        passages = search_passages(query, exclude_document_ids=[own])
        times.append((time.perf_counter() - started) * 1000)
        counts.append(len(passages))
        documents = [p.document_id for p in passages]
        first += documents[:1] == [source_id]
        top5 += source_id in documents[:5]
    times.sort()
    p95 = times[math.ceil(0.95 * len(times)) - 1]
    print(
        f"{label:<11} {size:>7,} docs: search median {statistics.median(times):5.1f} ms, "
        f"p95 {p95:5.1f} ms, max {times[-1]:5.1f} ms ({len(times)} queries, "
        f"{statistics.mean(counts):.1f} passages each); claim's source passage first "
        f"{first}/{len(times)}, in top 5 {top5}/{len(times)}; "
        f"{build}{_database_megabytes(connection)}"
    )
    query, source_id, own = queries[5]
    best = search_passages(query, exclude_document_ids=[own])[:1]
    print(f"    e.g. {query!r}")
    if best:
        print(f"      -> {best[0].text[:150]!r} (rank {best[0].rank:.2f})")
    sys.stdout.flush()


def _database_megabytes(connection) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
        else:
            cursor.execute(
                "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"
            )
        return f", database {cursor.fetchone()[0] / 1e6:,.0f} MB"


if __name__ == "__main__":
    main()
