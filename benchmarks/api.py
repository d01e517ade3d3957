"""Claims API under load: requests/s and p50/p99 latency of the claims list, a
deeper cursor page of it and a claim detail, beside a plain Django baseline.

For each size (1,000, 100,000 and 1,000,000 claims by default) a PostgreSQL
database is loaded in bulk (COPY) with generated but realistic data: claims of
80-200 characters from templates about the economy, health, courts and science,
with claimants, kinds, quantities, time references and entities, statuses mostly
new/checking/needs_review and some decided ones with verdicts, check-worthiness
spread over 0..1, created over two years, and 1-3 appearances each in documents
(one document per 20 claims, from 30 sources). Then the project runs under
gunicorn (2 sync workers, production settings, DEBUG off) on loopback and a
load generator (wrk when installed, else Python threads; 8 connections) measures
for --seconds each, after a 2 s warm-up:

- API list:     GET /api/v1/claims/?page_size=50&status=needs_review
                    &min_check_worthiness=0.5&ordering=-created_at (knox token)
- API page 4:   the same list after following `next` three times
- API detail:   GET /api/v1/claims/{id}/, ids drawn from 500 random claims
- and the baseline of each (benchmarks/api_baseline.py, served by the same
  gunicorn): a JsonResponse built with .values() and a loop, the same filter,
  the same rows and fields (appearances included), and no authentication.

The ratio column is the API's requests/s over its baseline's. The goal this
benchmark reports against: the list at >= 0.5x the baseline's requests/s, and
its p99 about the same at 1,000 and 1,000,000 claims. Before each size's load
test it also counts the SQL queries per request and splits one API list request
into its parts in-process (token check, rows written out, rendering) beside the
baseline's. Prints figures; asserts nothing.

Each size has its own database, named after --database-url's with the size
appended (bench_api_1000, ...), created when missing and reused when it already
holds the data of this size (else dropped and loaded again). Loading 1,000,000
claims takes about four minutes on two cores. Without a reachable PostgreSQL server the benchmark
says so and exits 0.

    .venv/bin/python benchmarks/api.py [--sizes 1000,100000,1000000] [--seconds 10]
        [--database-url postgres://postgres@127.0.0.1:5432/bench_api] [--concurrency 8]
"""

import argparse
import hashlib
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import psycopg

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench_api"
VAR_DIR = Path(tempfile.gettempdir()) / "bench_api"
SEED = 20252
# Bump when the generated data changes, so that loaded databases are rebuilt.
DATA_VERSION = 1
USERNAME = "bench-reviewer"
PAGE_SIZE = 50
DEEP_PAGE = 4  # the list page reached by following `next` three times
DETAIL_SAMPLE = 500
WARMUP_SECONDS = 2.0
LIST_FILTER = {
    "status": "needs_review",
    "min_check_worthiness": "0.5",
    "ordering": "-created_at",
}

# --- Generated data -------------------------------------------------------------------

PLACES = """Harbourside Northvale Eastmere Westbridge Kingsport Lowfield Greywater Ashford
Millbrook Redcliff Stonehaven Fairport Elmstead Brackwater Highmoor Southwick""".split()
PEOPLE = [
    ("Ana Reyes", "Finance Minister"), ("Tom Okafor", "Mayor"), ("Priya Nair", "Health Secretary"),
    ("Mark Hale", "opposition leader"), ("Samuel Osei", "Dr"), ("Rosa Klein", "union leader"),
    ("Ian Price", "Chief Constable"), ("Lena Dahl", "Professor"), ("Omar Haddad", "councillor"),
    ("Grace Liu", "economist"), ("Pavel Novak", "prosecutor"), ("Hannah Berg", "Dr"),
    ("Maria Santos", "Education Minister"), ("David Achebe", "MP"),
    ("Kofi Mensah", "Treasury spokesman"), ("Julia Moreau", "Justice Minister"),
    ("Rahul Mehta", "hospital director"), ("Sofia Rossi", "climate scientist"),
    ("James Whitaker", "business leader"), ("Aiko Tanaka", "police spokeswoman"),
]  # fmt: skip
JUDGES = ["Ellen Brandt", "Victor Lang", "Amara Eze", "Colin Frost", "Nadia Petrova"]
ORGANISATIONS = [
    "the central bank", "the national statistics office", "the chamber of commerce",
    "the health ministry", "the court service", "the university of Kingsport",
    "the environment agency", "the teachers' union", "the audit office", "the energy regulator",
]  # fmt: skip
MONTHS = """January February March April May June July August September October November
December""".split()
THINGS = {
    "economy": ["business rates", "fuel duty", "public sector pay", "rail fares", "pensions"],
    "health": ["cancer screening", "mental health services", "GP surgeries", "ambulances"],
    "courts": ["legal aid", "youth courts", "prison places", "probation services"],
    "science": ["flood defences", "soil testing", "air quality sensors", "seed banks"],
}
# (kind, template). Slots: {place} {person} {who} {judge} {org} {month} {year} {year2}
# {thing}, and numbers: {pct} (0.1-29.9), {share} (10-95), {n} (120-60,119), {few}
# (2-41), {money}. A template's numbers become its quantities, {year} a time reference.
TEMPLATES = {
    "economy": [
        ("quantity", "Unemployment in {place} fell to {pct}% in {month}, the lowest level "
                     "since {year2}, {who} said."),
        ("quantity", "Inflation in {place} reached {pct}% last {month}, more than double the "
                     "rate a year earlier."),
        ("quantity", "The government spent {money} on {thing} in {year}, {pct}% more than in "
                     "the previous budget."),
        ("event", "{who} announced a freeze on {thing} for small firms in {place} starting in "
                  "{month} {year}."),
        ("prediction", "{who} predicted that the economy of {place} will grow by {pct}% next "
                       "year despite higher interest rates."),
        ("quote", '"Wages have not kept pace with prices for {few} years," {who} told reporters '
                  "in {place}."),
    ],
    "health": [
        ("quantity", "Waiting lists at {place} hospitals grew to {n} patients in {month}, up "
                     "{pct}% on the same month last year."),
        ("quantity", "Only {share}% of children in {place} received the measles vaccine in "
                     "{year}, according to {org}."),
        ("event", "The {place} clinic closed its maternity ward in {month} after losing {few} "
                  "midwives, {who} said."),
        ("opinion", "{who} said the new {thing} programme in {place} is the best the region "
                    "has ever had."),
        ("prediction", "{org} expects demand for {thing} in {place} to rise by {pct}% before "
                       "{year}."),
        ("other", "A study of {n} adults in {place} links poor sleep to heart disease, {who} "
                  "said."),
    ],
    "courts": [
        ("quantity", "Courts in {place} heard {n} fraud cases in {year}, {pct}% more than in "
                     "{year2}, {org} said."),
        ("event", "Judge {judge} sentenced the former mayor of {place} to {few} years in prison "
                  "for bribery in {month}."),
        ("event", "The appeal court overturned the ban on protests in {place} in {month} {year}, "
                  "{who} confirmed."),
        ("quantity", "The backlog of criminal trials in {place} stood at {n} cases at the end "
                     "of {month}, {who} said."),
        ("quote", '"Cuts to {thing} have left victims waiting years for justice," {who} said '
                  "in {place}."),
        ("opinion", "{who} called the ruling on {thing} in {place} a disgrace that should be "
                    "reversed."),
    ],
    "science": [
        ("quantity", "Researchers found that {share}% of rivers in {place} exceeded safe nitrate "
                     "levels in {year}, {org} reported."),
        ("event", "{org} launched its first satellite to monitor crop yields around {place} in "
                  "{month} {year}."),
        ("prediction", "Sea levels around {place} will rise by {few} centimetres by 2050, {who} "
                       "warned."),
        ("quantity", "Average summer temperatures in {place} were {pct}% above the long-term "
                     "mean in {year}, {org} said."),
        ("other", "{who} said the trial of {thing} in {place} involved {n} volunteers over "
                  "three years."),
        ("quantity", "The {place} observatory recorded {n} earthquakes in {year}, the most "
                     "since {year2}, {who} said."),
    ],
}  # fmt: skip
# Clauses put before a sentence's full stop, so lengths spread over 80-200 characters.
TAILS = [
    "", "", "", ", according to a report published on Monday",
    ", a figure the opposition disputes", " after months of delays and rising costs",
    ", in remarks that drew sharp criticism from local campaigners and business groups",
    ", although the methodology behind the figures has been questioned by independent experts",
    ", citing data that has not yet been published in full",
]  # fmt: skip
SOURCES = [
    ("Harbour Times", "news", "harbourtimes.example"),
    ("Northern Courier", "news", "courier.example"),
    ("Eastmere Gazette", "news", "eastmeregazette.example"),
    ("Daily Ledger", "news", "ledger.example"),
    ("Kingsport Post", "news", "kingsportpost.example"),
    ("Valley Herald", "news", "vherald.example"),
    ("The Chronicle", "news", "chronicle.example"),
    ("Morning Star Wire", "agency", "mswire.example"),
    ("Press Union Agency", "agency", "pua.example"),
    ("Statistics Office", "dataset", "stats.example"),
    ("Ministry of Health", "government", "health.gov.example"),
    ("Court Service", "government", "courts.gov.example"),
    ("Policy Lab", "think_tank", "policylab.example"),
    ("Fact Desk", "fact_checker", "factdesk.example"),
    *((f"Regional Weekly {i}", "news", f"weekly{i}.example") for i in range(1, 17)),
]
# Status weights (percent): most claims wait for review; about a fifth are decided.
STATUSES = [
    ("new", 16), ("checking", 10), ("needs_review", 42), ("in_review", 10),
    ("awaiting_approval", 2), ("resolved", 8), ("published", 12),
]  # fmt: skip
DECIDED = {"awaiting_approval", "resolved", "published"}
VERDICTS = ["true", "mostly_true", "mixed", "mostly_false", "false", "unverifiable"]
FILLER = [
    "The figures were published on Tuesday.", "Officials did not respond to requests for comment.",
    "The report runs to more than 200 pages.", "Critics questioned the methodology.",
    "The announcement came after weeks of pressure.", "Local groups welcomed the news.",
]  # fmt: skip
SLOT = re.compile(r"\{(\w+)\}")
FEATURES = {
    "number": 0.25, "factual_verb": 0.2, "comparison": 0.15, "named_entity": 0.1,
    "attributed": 0.1, "time_reference": 0.05, "hedge": -0.05, "opinion": -0.35,
}  # fmt: skip
UNITS = {"pct": "percent", "share": "percent", "n": "", "few": "", "money": "GBP"}
SPAN_DAYS = 730


def _span_json(text: str, part: str) -> str:
    start = max(0, text.find(part))
    return f'"start": {start}, "end": {start + len(part)}'


class Generator:
    """Claims, documents and appearances in document order, from one seed.

    Written for speed (a million claims in well under a minute): one random
    integer per claim is cut into the claim's choices, and the JSON is formatted
    directly (every generated string is plain ASCII without quotes).
    """

    def __init__(self, size: int) -> None:
        rng = self.rng = random.Random(f"{SEED}:{size}")
        self.size = size
        self.documents = max(1, size // 20)
        self.end = datetime(2025, 6, 30, tzinfo=UTC).timestamp()
        self.start = self.end - SPAN_DAYS * 86400
        self.templates = [
            (topic, kind, template, set(SLOT.findall(template)))
            for topic, items in TEMPLATES.items()
            for kind, template in items
        ]
        self.statuses = [status for status, weight in STATUSES for _ in range(weight)]
        self.worthiness = [
            round(min(1.0, max(0.0, rng.betavariate(2.4, 1.8))), 3) for _ in range(4096)
        ]
        self.features = [
            json.dumps(dict(rng.sample(sorted(FEATURES.items()), rng.randint(2, 5))))
            for _ in range(512)
        ]

    def claim(self, claim_id: int, created: float) -> tuple[tuple, str, str]:
        """One claims_claim row, its text and its claimant's name."""
        bits = self.rng.getrandbits(192)
        bits, i = divmod(bits, len(self.templates))
        topic, kind, template, slots = self.templates[i]
        bits, i = divmod(bits, len(PLACES))
        place = PLACES[i]
        bits, i = divmod(bits, len(PEOPLE))
        person, title = PEOPLE[i]
        bits, year = divmod(bits, 7)
        year += 2019
        bits, year2 = divmod(bits, 28)
        bits, pct = divmod(bits, 299)
        bits, share = divmod(bits, 86)
        bits, n = divmod(bits, 60000)
        bits, few = divmod(bits, 40)
        bits, money = divmod(bits, 899)
        bits, i = divmod(bits, len(MONTHS))
        month = MONTHS[i]
        bits, i = divmod(bits, 20)
        org = ORGANISATIONS[i % len(ORGANISATIONS)]
        judge = JUDGES[i % len(JUDGES)]
        thing = THINGS[topic][i % len(THINGS[topic])]
        values = {
            "place": place, "person": person, "who": f"{title} {person}", "judge": judge,
            "org": org, "month": month, "year": year, "year2": year - 3 - year2, "thing": thing,
            "pct": f"{1 + pct // 10}.{pct % 10}", "share": 10 + share, "n": f"{120 + n:,}",
            "few": 2 + few, "money": f"£{2 + money} million",
        }  # fmt: skip
        text = template.format(**values)
        bits, i = divmod(bits, len(TAILS))
        if len(text) + len(TAILS[i]) > 200:
            i = 0
        elif len(text) < 80 and not TAILS[i]:
            i = 3
        text = f"{text[0].upper()}{text[1:-1]}{TAILS[i]}{text[-1]}"
        quantities = []
        for slot in slots & UNITS.keys():
            shown = f"{values[slot]}%" if UNITS[slot] == "percent" else str(values[slot])
            value = float(re.sub(r"[^\d.]", "", shown)) * (1e6 if slot == "money" else 1)
            quantities.append(
                f'{{"text": "{shown}", "value": {value}, "lower": null, "upper": null, '
                f'"comparator": "=", "unit": "{UNITS[slot]}", {_span_json(text, shown)}}}'
            )
        time_references = (
            f'[{{"text": "{year}", "date_from": "{year}-01-01", "date_to": "{year}-12-31", '
            f'"granularity": "year", {_span_json(text, str(year))}}}]'
            if "year" in slots
            else "[]"
        )
        entities = [f'{{"text": "{place}", "type": "place", {_span_json(text, place)}}}']
        claimant = ""
        if slots & {"who", "judge"}:
            claimant = person if "who" in slots else judge
            entities.append(
                f'{{"text": "{claimant}", "type": "person", {_span_json(text, claimant)}}}'
            )
        elif "org" in slots:
            claimant = org.removeprefix("the ")
        bits, i = divmod(bits, len(self.statuses))
        status = self.statuses[i]
        decided = status in DECIDED
        bits, i = divmod(bits, len(VERDICTS))
        verdict = VERDICTS[i] if decided else ""
        bits, i = divmod(bits, 5)
        version = 3 + i if decided else (1 if status == "new" else 2 + i % 2)
        bits, i = divmod(bits, 4096)
        worthiness = self.worthiness[i]
        bits, i = divmod(bits, 512)
        features = self.features[i]
        bits, i = divmod(bits, 86400 * (20 if decided else 3))
        created_at = datetime.fromtimestamp(created, UTC)
        updated_at = datetime.fromtimestamp(created + 5 + i, UTC)
        published = status == "published"
        row = (
            claim_id, text, hashlib.sha256(f"{claim_id}:{text}".encode()).hexdigest(),
            kind, claimant, f"[{', '.join(quantities)}]", time_references,
            f"[{', '.join(entities)}]", worthiness, features, status, verdict, version, None,
            f"https://factdesk.example/checks/{claim_id}" if published else "",
            "", updated_at if published else None, created_at, updated_at,
        )  # fmt: skip
        return row, text, claimant

    def rows(self):
        """Yield ("claim", row) as generated, and ("document", row, appearances, ingested)
        once a document's claims are out."""
        rng = self.rng
        pending: dict[int, list[tuple[int, str]]] = {}
        claim_id = 0
        step = (self.end - self.start) / self.documents
        for index in range(self.documents):
            doc_id = index + 1
            published = self.start + (index + rng.random()) * step
            ingested = published + rng.uniform(300, 7200)
            count = (index + 1) * self.size // self.documents - index * self.size // self.documents
            sentences = []
            for _ in range(count):
                claim_id += 1
                row, text, claimant = self.claim(claim_id, ingested + rng.uniform(1, 60))
                yield ("claim", row)
                sentences.append((claim_id, text))
                # A third of the claims recur in later articles, reworded.
                chance = rng.random()
                for _ in range((chance < 0.35) + (chance < 0.10)):
                    later = index + rng.randint(1, 300)
                    if later < self.documents:
                        pending.setdefault(later, []).append(
                            (claim_id, f"{text[:-1]}, {claimant or 'officials'} said earlier.")
                        )
            sentences.extend(pending.pop(index, []))
            rng.shuffle(sentences)
            source = rng.randrange(len(SOURCES))
            title = f"{rng.choice(PLACES)}: {rng.choice(list(THINGS))} news"
            parts = [title, "\n\n"]
            offset = len(title) + 2
            appearances = []
            for position, (cid, sentence) in enumerate(sentences):
                if position and position % 4 == 0:
                    filler = rng.choice(FILLER) + " "
                    parts.append(filler)
                    offset += len(filler)
                appearances.append((cid, doc_id, offset, offset + len(sentence), sentence))
                parts.append(sentence + " ")
                offset += len(sentence) + 1
            body = "".join(parts).rstrip()
            domain = SOURCES[source][2]
            published_at = datetime.fromtimestamp(published, UTC)
            document = (
                doc_id, source + 1, f"https://{domain}/news/{published_at:%Y/%m}/story-{doc_id}",
                title, rng.choice(PEOPLE)[0], published_at, "en", body, "",
                hashlib.sha256(f"{doc_id}\n{body}".encode()).hexdigest(),
                datetime.fromtimestamp(ingested, UTC),
            )  # fmt: skip
            yield ("document", document, appearances, document[-1])


# --- Databases ------------------------------------------------------------------------


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def _marker(size: int) -> str:
    return f"factcheck benchmarks/api.py data v{DATA_VERSION}: {size} claims"


def _tables_indexes(conn, tables: list[str]) -> list[tuple[str, str]]:
    """Indexes of these tables that back no constraint: dropped for the load, then rebuilt."""
    return conn.execute(
        """
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
        FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
        WHERE t.relname = ANY(%s)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        """,
        [tables],
    ).fetchall()


def load(url: str, size: int) -> None:
    """Fill a migrated, empty database with `size` generated claims, in one transaction."""
    generator = Generator(size)
    started = time.perf_counter()
    tables = ["sources_document", "claims_claim", "claims_appearance"]
    with psycopg.connect(url) as conn:
        conn.execute("SET maintenance_work_mem = '512MB'")
        conn.execute(
            "TRUNCATE sources_source, sources_document, claims_claim, claims_appearance CASCADE"
        )
        indexes = _tables_indexes(conn, tables)
        for name, _ in indexes:
            conn.execute(f"DROP INDEX {name}")
        cur = conn.cursor()
        now = datetime.fromtimestamp(generator.start, UTC)
        with cur.copy(
            "COPY sources_source (id, name, kind, domains, reliability, created_at, updated_at)"
            " FROM STDIN FREEZE"
        ) as copy:
            for i, (name, kind, domain) in enumerate(SOURCES, 1):
                reliability = round(generator.rng.uniform(0.4, 0.95), 2)
                copy.write_row((i, name, kind, json.dumps([domain]), reliability, now, now))
        documents = []
        appearances = []
        with cur.copy(
            "COPY claims_claim (id, text, fingerprint, kind, claimant, quantities, "
            "time_references, entities, check_worthiness, worthiness_features, status, verdict, "
            "version, assignee_id, review_url, rating_text, published_at, created_at, updated_at)"
            " FROM STDIN FREEZE"
        ) as copy:
            for item in generator.rows():
                if item[0] == "claim":
                    copy.write_row(item[1])
                else:
                    _, document, found, ingested = item
                    documents.append(document)
                    appearances.extend((*a, ingested) for a in found)
        with cur.copy(
            "COPY sources_document (id, source_id, url, title, author, published_at, language, "
            "text, html, content_hash, ingested_at) FROM STDIN FREEZE"
        ) as copy:
            for document in documents:
                copy.write_row(document)
        with cur.copy(
            'COPY claims_appearance (id, claim_id, document_id, start, "end", sentence, '
            "created_at) FROM STDIN FREEZE"
        ) as copy:
            for i, appearance in enumerate(appearances, 1):
                copy.write_row((i, *appearance))
        # Django's foreign keys are deferred: check them now, before the indexes are built.
        conn.execute("SET CONSTRAINTS ALL IMMEDIATE")
        loaded = time.perf_counter() - started
        for table in ["sources_source", *tables]:
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
            )
        for _, definition in indexes:
            conn.execute(definition)
        conn.commit()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE) sources_source, sources_document, claims_claim, "
                     "claims_appearance")  # fmt: skip
    print(
        f"  loaded {size:,} claims, {len(documents):,} documents, {len(appearances):,} "
        f"appearances in {time.perf_counter() - started:.0f} s (COPY {loaded:.0f} s, "
        f"{len(indexes)} indexes rebuilt, VACUUM ANALYZE)",
        flush=True,
    )


def prepare_database(base_url: str, size: int, env: dict[str, str]) -> str:
    """The size's database, migrated and loaded (reused when already loaded)."""
    name = f"{urlsplit(base_url).path.lstrip('/') or 'bench_api'}_{size}"
    url = _with_database(base_url, name)
    with psycopg.connect(_with_database(base_url, "postgres"), autocommit=True) as admin:
        row = admin.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
        reuse = row is not None and row[0] == _marker(size)
        if not reuse:
            if row is not None:
                admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
    _run([sys.executable, "manage.py", "migrate", "-v0"], {**env, "DATABASE_URL": url})
    if reuse:
        print(f"  database {name}: reused (already holds {size:,} claims)", flush=True)
        return url
    print(f"  database {name}: loading {size:,} claims ...", flush=True)
    load(url, size)
    with psycopg.connect(_with_database(base_url, "postgres"), autocommit=True) as admin:
        admin.execute(f"COMMENT ON DATABASE \"{name}\" IS '{_marker(size)}'")
    return url


def _run(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"failed: {' '.join(command)}")
    return done.stdout


# --- In-process checks (a subprocess with Django set up on the size's database) ---------


def _median_ms(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _profile_shares(run, repeat: int) -> str:
    """Own time by package under cProfile (which slows everything down, evenly enough)."""
    import cProfile
    import pstats

    profile = cProfile.Profile()
    profile.enable()
    for _ in range(repeat):
        run()
    profile.disable()
    shares: dict[str, float] = {}
    for (filename, _, _), (_, _, own, _, _) in pstats.Stats(profile).stats.items():
        if "site-packages/" in filename:
            parts = filename.split("site-packages/")[1].split("/")
            key = "/".join(parts[:2]) if parts[0] == "django" and len(parts) > 2 else parts[0]
        elif filename.startswith(str(ROOT)):
            key = "project"
        elif filename.startswith("~") or filename.startswith("<"):
            key = "builtins"
        else:
            key = f"stdlib {Path(filename).stem}"
        shares[key] = shares.get(key, 0.0) + own
    total = sum(shares.values())
    top = sorted(shares.items(), key=lambda item: -item[1])[:7]
    return ", ".join(f"{key} {own / total:.0%}" for key, own in top)


def inprocess(repeat: int) -> None:
    """Set the bench user's password; count queries per request; split one list request."""
    import django

    django.setup()
    from api_baseline import claim_rows
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.serializers.json import DjangoJSONEncoder
    from django.db import connection
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext
    from knox.models import AuthToken
    from rest_framework.renderers import JSONRenderer
    from rest_framework.request import Request

    from claims.api.serializers import CLAIM_LIST_COLUMNS
    from claims.api.serializers import claim_rows as api_claim_rows
    from claims.api.views import ClaimViewSet
    from claims.models import Claim
    from factcheck.api.authentication import TokenAuthentication
    from factcheck.api.throttling import RoleRateThrottle
    from factcheck.roles import Role, ensure_role_groups, has_role

    ensure_role_groups()
    user, _ = get_user_model().objects.get_or_create(username=USERNAME)
    user.set_password(os.environ["BENCH_API_PASSWORD"])
    user.save()
    user.groups.add(Group.objects.get(name=Role.REVIEWER.value))
    # One token per run: earlier runs' tokens are not left to pile up.
    AuthToken.objects.filter(user=user).delete()
    _, token = AuthToken.objects.create(user)
    client = Client(headers={"authorization": f"Token {token}"})
    claim_id = Claim.objects.order_by("?").values_list("pk", flat=True).first()
    query = urlencode({"page_size": PAGE_SIZE, **LIST_FILTER})
    paths = {
        "API list": f"/api/v1/claims/?{query}",
        "baseline list": f"/bench/claims/?{query}",
        "API detail": f"/api/v1/claims/{claim_id}/",
        "baseline detail": f"/bench/claims/{claim_id}/",
    }
    print("  SQL queries per request (in-process, django.test.Client):")
    for label, path in paths.items():
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}")
        tables = [
            (re.search(r'FROM "(\w+)"', q["sql"]) or re.search(r"(\w+)", q["sql"])).group(1)
            for q in queries.captured_queries
        ]
        print(f"    {label:<16} {len(queries):>2}: {', '.join(tables)}")

    # One API list request, part by part, beside the baseline's parts.
    request = Request(
        RequestFactory().get(paths["API list"], headers={"authorization": f"Token {token}"}),
        authenticators=[TokenAuthentication()],
    )
    request.user  # noqa: B018  (authenticates once, for the throttle)
    auth = TokenAuthentication()
    view = ClaimViewSet()
    queryset = Claim.objects.filter(status="needs_review", check_worthiness__gte=0.5).order_by(
        "-created_at", "-id"
    )
    # What the API's list does: .values() rows written by hand, appearances in one query.
    data = api_claim_rows(list(queryset.values(*CLAIM_LIST_COLUMNS)[: PAGE_SIZE + 1]))
    plain = claim_rows(queryset[: PAGE_SIZE + 1])[:PAGE_SIZE]
    whole = _median_ms(lambda: client.get(paths["API list"]), repeat)
    token_check = _median_ms(lambda: auth.authenticate(request), repeat)
    parts = {
        "token check (1 query)": token_check,
        "role (1 query)": _median_ms(
            lambda: has_role(auth.authenticate(request)[0], Role.REVIEWER), repeat
        )
        - token_check,
        "throttle": _median_ms(lambda: RoleRateThrottle().allow_request(request, view), repeat),
        "rows + appearances, written out (2 queries)": _median_ms(
            lambda: api_claim_rows(list(queryset.values(*CLAIM_LIST_COLUMNS)[: PAGE_SIZE + 1])),
            repeat,
        ),
        "JSON render": _median_ms(lambda: JSONRenderer().render(data), repeat),
    }
    parts["rest: DRF, filters, cursor, middleware"] = whole - sum(parts.values())
    base_whole = _median_ms(lambda: client.get(paths["baseline list"]), repeat)
    base = {
        "rows + appearances (2 queries)": _median_ms(
            lambda: claim_rows(queryset[: PAGE_SIZE + 1]), repeat
        ),
        "JSON encode": _median_ms(lambda: json.dumps(plain, cls=DjangoJSONEncoder), repeat),
    }
    base["rest: middleware"] = base_whole - sum(base.values())
    print(f"  one list page of {PAGE_SIZE} in-process (median of {repeat}, ms):")
    print(f"    API      {whole:5.1f} = " + " + ".join(f"{k} {v:.1f}" for k, v in parts.items()))
    print(
        f"    baseline {base_whole:5.1f} = " + " + ".join(f"{k} {v:.1f}" for k, v in base.items())
    )
    print(
        "    own time by package, API list: "
        + _profile_shares(lambda: client.get(paths["API list"]), repeat)
    )
    print(
        "    own time by package, baseline: "
        + _profile_shares(lambda: client.get(paths["baseline list"]), repeat)
    )


# --- Serving and load -----------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn factcheck.wsgi, 2 sync workers on loopback; stopped on exit or Ctrl-C."""

    def __init__(self, env: dict[str, str], workers: int, log: Path) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        gunicorn = Path(sys.executable).with_name("gunicorn")
        with log.open("w") as out:
            self.process = subprocess.Popen(
                [str(gunicorn), "factcheck.wsgi", "-w", str(workers),
                 "-b", f"127.0.0.1:{self.port}", "--pythonpath", f"{ROOT},{HERE}"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except (OSError, urllib.error.URLError):
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                sys.stderr.write(log.read_text()[-3000:])
                raise SystemExit("gunicorn did not start")
            time.sleep(0.2)

    def cpu_seconds(self) -> float:
        """User + system CPU seconds of the workers so far (Linux /proc; 0 elsewhere)."""
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:  # ppid: a worker of this gunicorn
                total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _get(url: str, token: str | None = None) -> tuple[dict, int]:
    headers = {"Authorization": f"Token {token}"} if token else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as r:
        body = r.read()
    return json.loads(body), len(body)


def _login(base: str, password: str) -> str:
    request = urllib.request.Request(
        f"{base}/api/v1/auth/token/",
        data=json.dumps({"username": USERNAME, "password": password}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())["token"]


@dataclass
class Result:
    """Requests over one or more rounds; latencies as (ms, weight) points."""

    requests: int = 0
    seconds: float = 0.0
    errors: int = 0
    cpu_seconds: float = 0.0  # gunicorn workers' CPU time over the rounds
    points: list[tuple[float, float]] = field(default_factory=list)

    def add(self, other: "Result") -> None:
        self.requests += other.requests
        self.seconds += other.seconds
        self.errors += other.errors
        self.cpu_seconds += other.cpu_seconds
        self.points.extend(other.points)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms(self) -> float:
        return self.cpu_seconds * 1000 / self.requests if self.requests else float("nan")

    def percentile(self, p: float) -> float:
        if not self.points:
            return float("nan")
        points = sorted(self.points)
        wanted = p / 100 * sum(w for _, w in points)
        seen = 0.0
        for value, weight in points:
            seen += weight
            if seen >= wanted:
                return value
        return points[-1][0]


# wrk reports through done(): requests, duration, errors and 1,000 latency quantiles.
WRK_SCRIPT = """
local paths = {%s}
request = function()
  return wrk.format(nil, paths[math.random(#paths)])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d\\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout + e.status))
  for i = 1, 1000 do
    io.write(string.format("Q %%d\\n", latency:percentile(i / 10)))
  end
end
"""


def run_wrk(base: str, paths: list[str], token: str | None, seconds: float, connections: int):
    script = VAR_DIR / "paths.lua"
    script.write_text(WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths))
    whole = max(1, round(seconds))  # wrk takes whole seconds
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{whole}s",
               "--timeout", "30s", "-s", str(script)]  # fmt: skip
    if token:
        command += ["-H", f"Authorization: Token {token}"]
    done = subprocess.run([*command, base], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"wrk failed: {done.stderr.strip() or done.stdout.strip()}")
    out = done.stdout
    requests, duration_us, errors = map(
        int, re.search(r"^RESULT (\d+) (\d+) (\d+)", out, re.M).groups()
    )
    weight = requests / 1000
    points = [(int(us) / 1000, weight) for us in re.findall(r"^Q (\d+)", out, re.M)]
    return Result(requests, duration_us / 1e6, errors, points=points)


def run_python(base: str, paths: list[str], token: str | None, seconds: float, connections: int):
    """Python load: `connections` threads, each one HTTP/1.1 connection (reopened when closed)."""
    import http.client

    host, port = urlsplit(base).hostname, urlsplit(base).port
    headers = {"Authorization": f"Token {token}"} if token else {}
    deadline = time.perf_counter() + seconds
    latencies: list[float] = []
    errors = [0]

    def worker() -> None:
        rng = random.Random()
        conn = http.client.HTTPConnection(host, port, timeout=30)
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                conn.request("GET", rng.choice(paths), headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors[0] += 1
                if response.will_close:
                    conn.close()
            except OSError:
                errors[0] += 1
                conn.close()
                continue
            latencies.append((time.perf_counter() - started) * 1000)
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return Result(len(latencies), elapsed, errors[0], points=[(t, 1.0) for t in latencies])


@dataclass
class Endpoint:
    label: str
    paths: list[str]
    auth: bool
    baseline: str | None = None  # the label of the baseline it is compared with
    size_bytes: int = 0
    results: dict[int, Result] = field(default_factory=dict)


def measure_size(size: int, url: str, env: dict[str, str], args, load_run) -> list[Endpoint]:
    password = secrets.token_urlsafe(16)
    env = {**env, "DATABASE_URL": url, "BENCH_API_PASSWORD": password}
    print(_run([sys.executable, str(Path(__file__)), "--inprocess", str(args.repeat)], env),
          end="", flush=True)  # fmt: skip
    server = Server(env, args.workers, VAR_DIR / f"gunicorn-{size}.log")
    try:
        token = _login(server.base, password)
        query = urlencode({"page_size": PAGE_SIZE, **LIST_FILTER})
        first, api_bytes = _get(f"{server.base}/api/v1/claims/?{query}", token)
        plain, base_bytes = _get(f"{server.base}/bench/claims/?{query}")
        same = [r["id"] for r in first["results"]] == [r["id"] for r in plain["results"]]
        # Follow `next` to the deeper page; the baseline starts after the same row.
        pages, deep_bytes = [first], api_bytes
        while len(pages) < DEEP_PAGE and pages[-1]["next"]:
            page, deep_bytes = _get(pages[-1]["next"], token)
            pages.append(page)
        number = len(pages)
        deep_path, deep_base = f"/api/v1/claims/?{query}", f"/bench/claims/?{query}"
        if number > 1:
            cursor = urlsplit(pages[-2]["next"])
            deep_path = f"{cursor.path}?{cursor.query}"
            before = pages[-2]["results"][-1]["created_at"]
            deep_base += "&" + urlencode({"before": before})
        deep_plain, deep_base_bytes = _get(server.base + deep_base)
        same_deep = [r["id"] for r in pages[-1]["results"]] == [
            r["id"] for r in deep_plain["results"]
        ]
        with psycopg.connect(url) as conn:
            ids = [r[0] for r in conn.execute(
                "SELECT id FROM claims_claim TABLESAMPLE BERNOULLI (%s) ORDER BY random() LIMIT %s",
                [min(100.0, 100.0 * DETAIL_SAMPLE * 3 / size), DETAIL_SAMPLE],
            )]  # fmt: skip
        _, detail_bytes = _get(f"{server.base}/api/v1/claims/{ids[0]}/", token)
        _, base_detail_bytes = _get(f"{server.base}/bench/claims/{ids[0]}/")
        print(
            f"  same rows API/baseline: page 1 {'yes' if same else 'NO'}, page {number} "
            f"{'yes' if same_deep else 'NO'}; {len(first['results'])} rows a page; "
            f"{len(ids)} claims for the detail",
            flush=True,
        )
        pairs = [
            (Endpoint("API list", [f"/api/v1/claims/?{query}"], True, "baseline list", api_bytes),
             Endpoint("baseline list", [f"/bench/claims/?{query}"], False, None, base_bytes)),
            (Endpoint(f"API list page {number}", [deep_path], True, f"baseline page {number}",
                      deep_bytes),
             Endpoint(f"baseline page {number}", [deep_base], False, None, deep_base_bytes)),
            (Endpoint("API detail", [f"/api/v1/claims/{i}/" for i in ids], True,
                      "baseline detail", detail_bytes),
             Endpoint("baseline detail", [f"/bench/claims/{i}/" for i in ids], False, None,
                      base_detail_bytes)),
        ]  # fmt: skip
        # Each endpoint and its baseline take turns, so a burst of other work on the
        # machine falls on both rather than on one.
        for pair in pairs:
            for endpoint in pair:
                auth = token if endpoint.auth else None
                load_run(server.base, endpoint.paths, auth, WARMUP_SECONDS, args.concurrency)
                endpoint.results[size] = Result()
            for _ in range(args.rounds):
                for endpoint in pair:
                    auth = token if endpoint.auth else None
                    cpu = server.cpu_seconds()
                    result = load_run(
                        server.base, endpoint.paths, auth, args.seconds / args.rounds,
                        args.concurrency,
                    )  # fmt: skip
                    result.cpu_seconds = server.cpu_seconds() - cpu
                    endpoint.results[size].add(result)
        return [endpoint for pair in pairs for endpoint in pair]
    finally:
        server.stop()


def print_table(rows: list[tuple[int, Endpoint]]) -> None:
    print(
        f"\n{'size':>9}  {'endpoint':<18} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'vs baseline':>11} {'CPU ms/req':>10} {'KB':>5} {'errors':>6}"
    )
    by_label = {(size, e.label): e for size, e in rows}
    for size, endpoint in rows:
        result = endpoint.results[size]
        ratio = "baseline"
        if endpoint.baseline:
            baseline = by_label[(size, endpoint.baseline)].results[size]
            ratio = f"{result.rps / baseline.rps:.2f}x" if baseline.rps else "-"
        print(
            f"{size:>9,}  {endpoint.label:<18} {result.rps:>7.1f} {result.percentile(50):>7.1f} "
            f"{result.percentile(99):>7.1f} {ratio:>11} {result.cpu_ms:>10.1f} "
            f"{endpoint.size_bytes / 1024:>5.1f} {result.errors:>6}"
        )
    print(
        "  vs baseline: the API's requests/s over its baseline's. CPU ms/req: gunicorn workers' "
        "CPU time per request\n  (PostgreSQL's not included), steadier than req/s when other "
        "processes share the cores. KB: one response."
    )


def summary(rows: list[tuple[int, Endpoint]]) -> None:
    by_label = {(size, e.label): e.results[size] for size, e in rows}
    sizes = sorted({size for size, _ in rows})
    print("\ngoal: API list >= 0.5x the baseline's requests/s")
    for size in sizes:
        api, base = by_label[(size, "API list")], by_label[(size, "baseline list")]
        ratio = api.rps / base.rps
        print(
            f"  {size:>9,} claims: {ratio:.2f}x  {'met' if ratio >= 0.5 else 'NOT met'}  "
            f"(gunicorn CPU per request: {api.cpu_ms / base.cpu_ms:.1f}x the baseline's)"
        )
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        print(f"goal: API list p99 about the same at {small:,} and {large:,} claims")
        for label in ("API list", "baseline list", "API detail"):
            a = by_label[(small, label)].percentile(99)
            b = by_label[(large, label)].percentile(99)
            print(f"  {label:<14} p99 {a:.1f} ms -> {b:.1f} ms ({b / a:.2f}x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,100000,1000000", help="claims, comma-separated")
    parser.add_argument("--seconds", type=float, default=10.0, help="per measurement")
    parser.add_argument(
        "--database-url", default=DEFAULT_DATABASE_URL, help="its name + _<size> per size"
    )
    parser.add_argument("--concurrency", type=int, default=8, help="connections")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument(
        "--rounds", type=int, default=5, help="turns an endpoint and its baseline take"
    )
    parser.add_argument("--repeat", type=int, default=30, help="in-process repetitions")
    parser.add_argument("--inprocess", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inprocess:
        inprocess(args.inprocess)
        return
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    try:
        psycopg.connect(_with_database(args.database_url, "postgres"), connect_timeout=3).close()
    except psycopg.OperationalError as exc:
        reason = " ".join(str(exc).split())[:140]
        print(f"skipped: no PostgreSQL at {args.database_url} ({reason})")
        return

    VAR_DIR.mkdir(parents=True, exist_ok=True)
    (VAR_DIR / "static").mkdir(exist_ok=True)  # WhiteNoise warns when STATIC_ROOT is missing
    very_high = "100000000/min"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(HERE)]),
        "DJANGO_SETTINGS_MODULE": "api_settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),  # a throwaway key for this run
        "DJANGO_DEBUG": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        "FACTCHECK_VAR_DIR": str(VAR_DIR),
        **{f"FACTCHECK_THROTTLE_{scope}": very_high
           for scope in ("ANONYMOUS", "CLIENT", "REVIEWER", "STAFF", "LOGIN")},
    }  # fmt: skip
    env.pop("REDIS_URL", None)  # throttle counters in each worker's memory, no Redis needed
    wrk = shutil.which("wrk")
    load_run = run_wrk if wrk else run_python
    cores = os.cpu_count()
    print(
        f"machine: {cores} cores (load average {os.getloadavg()[0]:.2f}); PostgreSQL at "
        f"{urlsplit(args.database_url).netloc}; gunicorn {args.workers} sync workers on "
        f"loopback; load: {'wrk' if wrk else 'Python threads'}, {args.concurrency} "
        f"connections, {WARMUP_SECONDS:g} s warm-up + {args.seconds:g} s a measurement in "
        f"{args.rounds} turns with its baseline"
    )
    print(
        "API requests carry a knox token (token check and role lookup are in its figures); "
        "the baseline does no authentication.\nThe load generator, gunicorn and PostgreSQL "
        "share this machine's cores, with anything else running on it (e.g. tests).\n"
        f"Latency includes queueing: {args.concurrency} connections share {args.workers} sync "
        "workers, so a request waits for those ahead of it."
    )
    rows: list[tuple[int, Endpoint]] = []
    for size in sizes:
        print(f"\n== {size:,} claims", flush=True)
        url = prepare_database(args.database_url, size, env)
        for endpoint in measure_size(size, url, env, args, load_run):
            rows.append((size, endpoint))
        print_table([r for r in rows if r[0] == size])
        print(f"  load average now {os.getloadavg()[0]:.2f}", flush=True)
    if len(sizes) > 1:
        print("\n== all sizes")
        print_table(rows)
    summary(rows)


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _interrupted)
    try:
        main()
    except KeyboardInterrupt:
        print("\ninterrupted (gunicorn stopped)", file=sys.stderr)
        sys.exit(130)
