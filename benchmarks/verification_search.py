"""Passage search speed for verification (sources.search.search_passages).

Builds a corpus of generated news-like documents (300-800 words each, a few
hundred common words plus topic words, names and numbers) in a throwaway
database, 10,000 documents and then 100,000, and times search_passages for
50 claim-like queries on each size: median and p95 milliseconds, and how
long the corpus took to build (inserts with the index triggers firing).

Backends: SQLite always (a temporary file); PostgreSQL too when DATABASE_URL
is a postgres:// URL (a database named factcheck_bench on that server is
created and dropped). Each backend runs in its own process. Prints figures;
asserts nothing.

    .venv/bin/python benchmarks/verification_search.py [--sizes 10000,100000]
"""

import argparse
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
Rosa Samir Tomas Ulla Victor Wanda Yusuf Zofia Adam Beatriz Chen Dmitri Eva Felix
""".split()
LAST = """
Kowalski Brennan Okafor Lindqvist Moreau Haddad Novak Fischer Tanaka Rossi Ibrahim Petrov
Schmidt Oconnell Delgado Nakamura Larsen Kaplan Mensah Varga Costa Weber Horvat Sandoval
Jensen Popescu Achterberg Quinn Romero Sato Dubois Nilsson Aziz Keller Marsh Hughes Byrne
Farrell Lambert Meyer Olsen Pereira Rahman Silva Torres Vogel Walsh Yilmaz Zimmermann
""".split()
PLACES = """
Northfield Easton Westbury Southport Millbrook Ashford Riverton Kingsbridge Lakeside Highgate
Oakham Brightwater Stonehaven Fairhaven Redcliffe Greenway Hillcrest Marston Elmstead Dunmore
""".split()
MONTHS = """January February March April May June July August September October November
December""".split()
FUNCTION = "the the the of of and and to in in a a for on with by at from that as was is".split()
VERBS = """said reported announced confirmed warned estimated found showed expected promised
rose fell increased dropped reached doubled halved climbed declined grew""".split()


def _number(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.35:
        return f"{rng.randint(1, 999) / 10:.1f} percent"
    if kind < 0.6:
        return f"{rng.randint(2, 60_000):,}"
    if kind < 0.8:
        return f"{rng.randint(1, 900)} million euros"
    return str(rng.randint(1990, 2025))


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


class Writer:
    """News-like sentences: Zipf-distributed words, with names, places and numbers."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.common_weights = [1 / (rank + 1) ** 0.9 for rank in range(len(COMMON))]

    def words(self, topic: str, count: int) -> list[str]:
        rng = self.rng
        picked = rng.choices(COMMON, self.common_weights, k=count)
        for i in range(count):
            if rng.random() < 0.15:
                picked[i] = rng.choice(TOPIC_WORDS[topic])
        return picked

    def sentence(self, topic: str) -> str:
        rng = self.rng
        pieces = []
        for word in self.words(topic, rng.randint(5, 14)):
            if rng.random() < 0.5:
                pieces.append(rng.choice(FUNCTION))
            pieces.append(word)
        roll = rng.random()
        if roll < 0.35:
            pieces[rng.randrange(len(pieces))] += f" {rng.choice(VERBS)} {_number(rng)}"
        if rng.random() < 0.3:
            pieces.insert(rng.randrange(len(pieces)), f"in {rng.choice(MONTHS)}")
        if rng.random() < 0.25:
            pieces.insert(rng.randrange(len(pieces)), f"in {rng.choice(PLACES)}")
        if rng.random() < 0.3:
            speaker = ("Mr. " if rng.random() < 0.2 else "") + _name(rng)
            pieces.append(f", {speaker} {rng.choice(VERBS[:10])}")
        text = " ".join(pieces).replace(" ,", ",")
        return text[0].upper() + text[1:] + "."

    def document(self) -> tuple[str, str]:
        rng = self.rng
        topic = rng.choice(list(TOPICS))
        title = " ".join(self.words(topic, rng.randint(4, 8))).capitalize()
        target, paragraphs, words = rng.randint(300, 800), [], 0
        while words < target:
            paragraph = " ".join(self.sentence(topic) for _ in range(rng.randint(2, 4)))
            paragraphs.append(paragraph)
            words += len(paragraph.split())
        return title, "\n".join(paragraphs)


def claim_from(text: str, rng: random.Random) -> str:
    """A claim-like query: a sentence of the text, trimmed and reworded a little."""
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
    from sources.models import Document, Source, content_hash

    source = Source.objects.create(name="Bench Wire")
    writer = Writer(SEED)
    built, build_seconds = 0, 0.0
    label = "PostgreSQL" if backend == "postgresql" else "SQLite FTS5"
    for size in sizes:
        projected = build_seconds / built * (size - built) if built else 0.0
        if projected > MAX_BUILD_SECONDS:
            print(
                f"{label:<12} {size:>7,} docs: skipped, building would take about "
                f"{projected:.0f} s more (limit {MAX_BUILD_SECONDS} s)"
            )
            continue
        started = time.perf_counter()
        batch = []
        for _ in range(size - built):
            title, text = writer.document()
            batch.append(Document(source=source, title=title, text=text, content_hash=""))
            if len(batch) == 2000:
                _insert(batch, Document, content_hash)
                batch = []
        _insert(batch, Document, content_hash)
        if backend == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE sources_document")
        elapsed = time.perf_counter() - started
        build_seconds += elapsed
        built = size
        _time_queries(label, size, elapsed, connection)


def _insert(batch, document_model, content_hash) -> None:
    for document in batch:
        document.content_hash = content_hash(document.text)
    document_model.objects.bulk_create(batch, batch_size=500)


def _time_queries(label: str, size: int, build_seconds: float, connection) -> None:
    from sources.models import Document
    from sources.search import search_passages

    rng = random.Random(SEED + size)
    ids = list(Document.objects.values_list("id", flat=True))
    picked = rng.sample(ids, QUERIES)
    texts = dict(Document.objects.filter(id__in=picked).values_list("id", "text"))
    queries = [(claim_from(texts[i], rng), i) for i in picked]

    for query, own in queries[:5]:  # warm the caches and the connection
        search_passages(query, exclude_document_ids=[own])
    times, found, own_topic_hits = [], [], 0
    for query, own in queries:
        started = time.perf_counter()
        passages = search_passages(query, exclude_document_ids=[own])
        times.append((time.perf_counter() - started) * 1000)
        found.append(len(passages))
        own_topic_hits += bool(passages)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    size_mb = _database_megabytes(connection)
    print(
        f"{label:<12} {size:>7,} docs: search median {statistics.median(times):6.1f} ms, "
        f"p95 {p95:6.1f} ms, max {times[-1]:6.1f} ms over {len(times)} queries "
        f"({statistics.mean(found):.1f} passages, {own_topic_hits} queries with results); "
        f"build {build_seconds:.0f} s{size_mb}"
    )
    print(f"    e.g. {queries[0][0]!r}")
    best = search_passages(queries[0][0], exclude_document_ids=[queries[0][1]])[:1]
    if best:
        print(f"      -> {best[0].text[:140]!r} (rank {best[0].rank:.2f})")
    sys.stdout.flush()


def _database_megabytes(connection) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
        else:
            cursor.execute(
                "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"
            )
        return f", database {cursor.fetchone()[0] / 1e6:.0f} MB"


if __name__ == "__main__":
    main()
