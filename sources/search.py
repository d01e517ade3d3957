"""Candidate passages for verifying a claim: which sentences of other Documents speak to it.

Two steps behind one interface (search_passages), with a backend per database:

1. Documents. The claim's salient terms (stop words dropped, numbers kept,
   names and numbers weighted up) go to the database's own full-text index,
   built by migration 0002 and kept current by triggers: a tsvector column
   with a GIN index on PostgreSQL, an FTS5 table on SQLite. A word found in
   most documents would make the database rank most of the table and says
   nothing about which document, so the candidates are the documents holding
   the claim's rarer terms (a name, a number, an uncommon word), and every
   term that is not too common counts in ranking them: ts_rank on PostgreSQL
   (how many of the terms a document holds; ts_rank_cd let a word repeated
   often outrank a rare one), bm25() on SQLite (which weighs terms by rarity
   itself). How common a term is comes from the planner's statistics on the
   tsvector column (pg_stats) and counts in the GIN index on PostgreSQL, and
   from counts in the FTS5 index on SQLite. The best documents_limit are kept.
2. Passages. Their sentences, and pairs of neighbouring sentences in a
   paragraph when one is short, are scored by the share of the claim's term
   weight they hold (a term weighs more the rarer it is in the corpus), plus
   a little for the document's rank. The best limit passages are returned,
   at most a few per document, as spans of Document.text. Sentences are cut
   by factcheck.text.sentences, on as little text as it takes.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import json
import math
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from django.db import connections, router
from django.utils import timezone

from factcheck.text.sentences import split_sentences
from factcheck.text.tokens import TOKEN, is_stop_word, stem
from factcheck.text.vocabulary import alternation

from .models import Document

# --- Tuning -------------------------------------------------------------------
# At most this many of the claim's terms are used (the highest weighted).
MAX_TERMS = 24
# Weights of one term in a passage's score (times 0.5 to 1.5 for how rare it is).
WORD_WEIGHT = 1.0
NAME_WEIGHT = 1.5  # capitalised inside the claim
NUMBER_WEIGHT = 2.0
# A passage must hold at least this share of the claim's total term weight.
MIN_SHARE = 0.2
# A sentence with fewer words is short: it is also tried with its neighbour.
SHORT_SENTENCE_WORDS = 8
# Passages from one document, at most, so that one article cannot fill the list.
MAX_PASSAGES_PER_DOCUMENT = 3
# How much the document's rank (0..1 within the search) adds to a passage's.
DOCUMENT_RANK_SHARE = 0.1
# Terms in at most this share of the documents (names, numbers, uncommon
# words) pick the candidate documents when the claim has any ...
RARE_SHARE = 0.01
# ... and terms in at most this share count in ranking them (PostgreSQL; a
# word in most documents says nothing about which; bm25 on SQLite weighs by
# rarity itself).
RANK_SHARE = 0.5
# A corpus of at most this many documents is ranked whole, every term picking
# candidates: a new desk's few documents cost little to rank (bm25 about 1 us a
# document, ts_rank 10-20 us), and in so few the "rare" terms are merely the
# words that happen to be in one document.
RANK_WHOLE_CORPUS_UP_TO = 1000
# PostgreSQL: choose candidate terms so that about this many documents match
# (ranking one costs 10-20 us: its tsvector is read and decompressed) ...
PG_CANDIDATE_BUDGET = 1000
# ... and rank no more than this many whatever the terms (the latest published).
PG_RANK_LIMIT = 1000
# SQLite: bm25 costs about 1 us a document, so the budget is larger; the
# documents holding a term are counted no further than SQLITE_COUNT_LIMIT.
SQLITE_CANDIDATE_BUDGET = 10_000
SQLITE_COUNT_LIMIT = 10_000

# A query word loses its clitic ("don't" -> "don", "Russia's" -> "Russia")
# before it is weighed and sent to the database's own parser as written; the
# stemmer (factcheck.text.tokens) only drops a possessive.
_CONTRACTION_ENDINGS = ("t", "re", "ve", "ll", "d", "m", "s")
_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
# "Mr.", "Gen.", "U.S." before a capital: the sentence goes on.
_ABBREVIATION = re.compile(r"(?:^|\s)(?:[A-Z][a-z]{0,3}|(?:[A-Za-z]\.)+[A-Za-z]?)\.$")


# --- The interface --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Passage:
    """A span of a Document's text that may confirm or contradict a claim."""

    document_id: int
    start: int  # char offsets into Document.text; document.text[start:end] == text
    end: int
    text: str
    rank: float  # higher is better, comparable within one search


def search_passages(
    query: str,
    *,
    exclude_document_ids: Collection[int] = (),
    exclude_content_hashes: Collection[str] = (),
    published_before: datetime | None = None,
    limit: int = 20,
    documents_limit: int = 50,
    min_share: float = MIN_SHARE,
) -> list[Passage]:
    """The best passages of other documents for the claim or query text, best first.

    A passage must hold at least min_share of the query's term weight: a
    caller that reads passages for meaning as well (claims' relate step)
    asks for less, to see reports that word the claim otherwise.

    Documents in exclude_document_ids, with a content hash in
    exclude_content_hashes, or published after published_before are left out
    (documents with no publication date are kept). [] when the query has no
    salient terms.
    """
    terms = salient_terms(query)
    if not terms or limit <= 0 or documents_limit <= 0:
        return []
    if published_before is not None and timezone.is_naive(published_before):
        published_before = timezone.make_aware(published_before, timezone.get_default_timezone())
    connection = connections[router.db_for_read(Document)]
    backend = _BACKENDS.get(connection.vendor)
    if backend is None:
        raise NotImplementedError(f"No passage search for the {connection.vendor} database.")
    filters = _Filters(
        exclude_ids=sorted({int(i) for i in exclude_document_ids}),
        exclude_hashes=sorted({str(h) for h in exclude_content_hashes}),
        published_before=published_before,
    )
    documents, frequencies = backend(connection, terms, filters, documents_limit)
    if frequencies:
        terms = [_with_rarity(term, frequencies.get(term.key)) for term in terms]
    return _best_passages(terms, documents, limit, min_share)


def rebuild_index(using: str = "default") -> None:
    """Re-index every document (after a bulk load with triggers disabled, or a repair)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "UPDATE sources_document "
                "SET search_vector = sources_document_search_vector(title, text)"
            )
        elif connection.vendor == "sqlite":
            cursor.execute(
                "INSERT INTO sources_document_fts(sources_document_fts) VALUES ('rebuild')"
            )


# --- Terms ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Term:
    """One salient term of the query."""

    key: str  # normalised: lower case, numbers without thousands separators
    surfaces: tuple[str, ...]  # as written, for the database's own parser
    weight: float
    number: bool


def salient_terms(query: str) -> list[Term]:
    """The query's content words and numbers, in order, each once, weighted."""
    query = query.replace("\u2019", "'")
    terms: dict[str, Term] = {}
    for match in TOKEN.finditer(query):
        number, word = match.groups()
        if number:
            key = _number_key(number)
            term = Term(key, tuple(_number_surfaces(number, key)), NUMBER_WEIGHT, True)
        else:
            word = _strip_contraction(word)
            key = word.lower()
            if len(key) < 2 or is_stop_word(key):
                continue
            # A capital inside a sentence marks a name (a capital after a full
            # stop, colon or opening quote says nothing).
            before = query[: match.start()].rstrip(" \t\n\"'(\u201c\u2018")
            starts = not before or (before[-1] in ".!?:;" and not _ABBREVIATION.search(before))
            name = word[0].isupper() and not starts
            term = Term(key, (word,), NAME_WEIGHT if name else WORD_WEIGHT, False)
        known = terms.get(key)
        if known is None:
            terms[key] = term
        elif term.weight > known.weight:
            terms[key] = Term(key, known.surfaces, term.weight, known.number)
    chosen = list(terms.values())
    if len(chosen) > MAX_TERMS:
        keep = {t.key for t in sorted(chosen, key=lambda t: -t.weight)[:MAX_TERMS]}
        chosen = [t for t in chosen if t.key in keep]
    return chosen


def _number_key(number: str) -> str:
    return number.replace(",", "") if _THOUSANDS.match(number) else number


def _number_surfaces(number: str, key: str) -> list[str]:
    """The number as written and as others write it: 7,400 and 7400 (a year stays 2019)."""
    if key != number:
        return [number, key]
    whole, dot, fraction = key.partition(".")
    if whole.isdigit() and len(whole) >= 4 and not (len(whole) == 4 and 1000 <= int(whole) < 2100):
        return [number, f"{int(whole):,}{dot}{fraction}"]
    return [number]


def _strip_contraction(word: str) -> str:
    head, apostrophe, tail = word.rpartition("'")
    if apostrophe and tail.lower() in _CONTRACTION_ENDINGS:
        return head
    return word


def _with_rarity(term: Term, frequency: float | None) -> Term:
    """Scale the weight by how rare the term is: 0.5 (in every document) to 1.5 (1 in 100)."""
    if frequency is None:
        return term
    rarity = 0.5 + min(1.0, -math.log10(max(frequency, 1e-4)) / 2)
    return Term(term.key, term.surfaces, term.weight * rarity, term.number)


# --- Documents ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Filters:
    exclude_ids: list[int]
    exclude_hashes: list[str]
    published_before: datetime | None


@dataclass(frozen=True, slots=True)
class _Document:
    id: int
    text: str
    rank: float


def _postgresql(connection, terms, filters, documents_limit):
    """Candidate documents by ts_rank, and the share of documents holding each term."""
    with connection.cursor() as cursor:
        # The database parses each term as it parsed the documents (stemming,
        # "1,000" as two tokens); a term it drops as a stop word drops out.
        cursor.execute(
            """
            SELECT u.ord,
                   (SELECT string_agg('(' || q::text || ')', ' | ')
                      FROM unnest(string_to_array(u.surfaces, chr(1))) s,
                           phraseto_tsquery('english', s) q
                     WHERE numnode(q) > 0),
                   tsvector_to_array(to_tsvector('english', split_part(u.surfaces, chr(1), 1)))
              FROM unnest(%s::text[]) WITH ORDINALITY AS u(surfaces, ord)
            """,
            [[chr(1).join(term.surfaces) for term in terms]],
        )
        parsed = {ord_ - 1: (tsquery, lexemes) for ord_, tsquery, lexemes in cursor.fetchall()}
        queries = {i: parsed[i][0] for i in range(len(terms)) if parsed.get(i, (None,))[0]}
        if not queries:
            return [], {}
        lexemes = sorted({lx for i in queries for lx in parsed[i][1]})
        rows, common, floor = _pg_statistics(cursor, lexemes)

        # A term's frequency is that of its rarest lexeme, from the statistics
        # for common lexemes; the documents holding a rarer one are counted
        # (they are fewer than the least common lexeme listed, and the GIN
        # index counts them in well under a millisecond).
        frequencies: dict[int, float] = {}
        if floor is not None:
            unlisted = []
            for i in queries:
                lexemes = parsed[i][1]
                if lexemes and all(lx in common for lx in lexemes):
                    frequencies[i] = min(common[lx] for lx in lexemes)
                else:
                    unlisted.append(i)
            if unlisted:
                one = "SELECT %s, count(*) FROM sources_document WHERE search_vector @@ %s::tsquery"
                cursor.execute(
                    " UNION ALL ".join([one] * len(unlisted)),
                    [value for i in unlisted for value in (i, queries[i])],
                )
                rows = max(rows, 1.0)
                frequencies.update((i, count / rows) for i, count in cursor.fetchall())
            counts = {i: f * rows for i, f in frequencies.items()}
            every, chosen, extra = _plan(counts, rows, counts, PG_CANDIDATE_BUDGET)
            if not chosen:
                return [], {}
        else:  # no statistics yet (a new or small table): every term
            every, chosen, extra = False, sorted(queries), []
        filter_query = (" & " if every else " | ").join(f"({queries[i]})" for i in chosen)
        rank_query = " | ".join(f"({queries[i]})" for i in sorted({*chosen, *extra}))

        where, params = ["d.search_vector @@ %s::tsquery"], [filter_query]
        if filters.exclude_ids:
            where.append("NOT (d.id = ANY(%s::bigint[]))")
            params.append(filters.exclude_ids)
        if filters.exclude_hashes:
            where.append("NOT (d.content_hash = ANY(%s::text[]))")
            params.append(filters.exclude_hashes)
        if filters.published_before is not None:
            where.append("(d.published_at IS NULL OR d.published_at <= %s)")
            params.append(filters.published_before)
        cursor.execute(
            f"""
            WITH candidates AS MATERIALIZED (
                SELECT d.id, d.search_vector
                  FROM sources_document d
                 WHERE {" AND ".join(where)}
                 ORDER BY d.published_at DESC NULLS LAST, d.id DESC
                 LIMIT %s
            ), ranked AS MATERIALIZED (
                SELECT c.id, ts_rank(c.search_vector, %s::tsquery, 1) AS rank
                  FROM candidates c
                 ORDER BY rank DESC, c.id
                 LIMIT %s
            )
            SELECT r.id, d.text, r.rank
              FROM ranked r
              JOIN sources_document d ON d.id = r.id
             ORDER BY r.rank DESC, r.id
            """,  # noqa: S608 -- only fixed clauses are joined; values are parameters
            [*params, PG_RANK_LIMIT, rank_query, documents_limit],
        )
        documents = [_Document(id_, text, float(rank)) for id_, text, rank in cursor.fetchall()]
    return documents, {terms[i].key: f for i, f in frequencies.items()}


def _pg_statistics(cursor, lexemes):
    """(estimated rows, {lexeme: share of documents}, least share listed) from ANALYZE.

    None for the least share when the column has no statistics yet.
    """
    cursor.execute(
        """
        SELECT c.reltuples::float8,
               s.most_common_elems::text::text[],
               s.most_common_elem_freqs
          FROM pg_class c
          JOIN pg_namespace n ON n.oid = c.relnamespace
          LEFT JOIN pg_stats s
            ON s.schemaname = n.nspname AND s.tablename = c.relname
           AND s.attname = 'search_vector'
         WHERE c.relname = 'sources_document' AND n.nspname = ANY(current_schemas(false))
         LIMIT 1
        """
    )
    row = cursor.fetchone()
    if row is None or not row[1] or not row[0] or row[0] <= 0:
        return 0.0, {}, None
    rows, elements, shares = row
    shares = shares[: len(elements)]  # then come the least, the greatest and the null share
    wanted = set(lexemes)
    common = {e: s for e, s in zip(elements, shares, strict=True) if e in wanted}
    return rows, common, min(shares)


def _plan(counts: dict[int, float], rows: float, known: Collection[int], budget: float):
    """(all required?, the terms that pick candidates, other terms that help rank them).

    counts: documents holding each term (a lower bound for terms not in known).
    Rare terms (in at most RARE_SHARE of the documents: names, numbers,
    uncommon words) pick the candidates when the claim has any and the corpus
    is larger than RANK_WHOLE_CORPUS_UP_TO; terms in at most RANK_SHARE of the
    documents also count in their ranking. A smaller corpus is ranked whole
    (every term picks candidates, bm25 or ts_rank weighs them): the rare-term
    rule saves ranking work on a large corpus, while on a small one its "rare"
    words are those that happen to be in a single document, and the reports
    that state the claim in other words share only the topic's words.
    """
    counts = {i: count for i, count in counts.items() if count > 0}  # in no document
    if not counts:
        return False, [], []
    shares = {i: min(count / max(rows, 1.0), 1.0) for i, count in counts.items()}
    rare = {i: counts[i] for i in known if i in counts and shares[i] <= RARE_SHARE}
    if rows <= RANK_WHOLE_CORPUS_UP_TO:
        rare = {}
    every, chosen = _candidate_terms(rare or counts, shares, budget)
    extra = sorted(i for i in known if i in counts and shares[i] <= RANK_SHARE and i not in chosen)
    return every, chosen, extra


def _candidate_terms(
    counts: dict[int, float], frequencies: dict[int, float], budget: float
) -> tuple[bool, list[int]]:
    """Which terms pick the candidate documents: (all of them required?, term indexes).

    Terms are taken rarest first, any of them, while the expected number of
    matching documents stays within the budget: the rare terms (names,
    numbers, uncommon words) find the evidence, and a word in half the corpus
    would only make the database rank half the corpus. When even the rarest
    term is too common, a candidate must hold several terms (all, rarest
    first). The words of a claim come together (a topic's words share
    documents), so an AND is estimated with exponential backoff, not as if
    they were independent: rows * f1 * f2^(1/2) * f3^(1/4) ...
    """
    order = sorted(counts, key=lambda i: (counts[i], i))
    if counts[order[0]] > budget:
        chosen, estimate = [], counts[order[0]]
        for power, i in enumerate(order):
            chosen.append(i)
            if power:
                estimate *= frequencies[i] ** (0.5**power)
            if estimate <= budget:
                break
        return True, chosen
    chosen, total = [], 0.0
    for i in order:
        if chosen and total + counts[i] > budget:
            break
        chosen.append(i)
        total += counts[i]
    return False, sorted(chosen)


def _sqlite(connection, terms, filters, documents_limit):
    """Candidate documents by bm25() on the FTS5 table (title counts double).

    The documents holding each term are counted first, no further than
    SQLITE_COUNT_LIMIT (so a common word costs no more than a rare one), to
    choose the terms that pick the candidates; bm25 weighs terms by rarity.
    """
    phrases = []
    for term in terms:
        alternatives = ['"' + s.replace('"', '""') + '"' for s in term.surfaces]
        joined = " OR ".join(alternatives)
        phrases.append(joined if len(alternatives) == 1 else f"({joined})")
    with connection.cursor() as cursor:
        counts = _sqlite_counts(cursor, phrases, SQLITE_COUNT_LIMIT)
        cursor.execute("SELECT coalesce(max(id), 0) FROM sources_document")
        rows = max(float(cursor.fetchone()[0]), 1.0)
        known = {i for i, count in counts.items() if count < SQLITE_COUNT_LIMIT}
        if not known:  # every term is common: count them all to choose which to require
            counts = _sqlite_counts(cursor, phrases, None)
            known = set(counts)
        frequencies = {i: counts[i] / rows for i in known}
        every, chosen, _ = _plan(counts, rows, known, SQLITE_CANDIDATE_BUDGET)
        if not chosen:
            return [], {}
        # bm25 weighs the phrases of the MATCH expression (by rarity), so it is
        # also the rank query: a candidate holds a chosen term, and every term
        # counts (the chosen ones twice).
        match = (" AND " if every else " OR ").join(phrases[i] for i in chosen)
        if len(chosen) < len(phrases):
            match = f"({match}) AND ({' OR '.join(phrases)})"

        where, params = ["sources_document_fts MATCH %s"], [match]
        if filters.exclude_ids:
            where.append("d.id NOT IN (SELECT value FROM json_each(%s))")
            params.append(json.dumps(filters.exclude_ids))
        if filters.exclude_hashes:
            where.append("d.content_hash NOT IN (SELECT value FROM json_each(%s))")
            params.append(json.dumps(filters.exclude_hashes))
        if filters.published_before is not None:
            where.append("(d.published_at IS NULL OR d.published_at <= %s)")
            params.append(connection.ops.adapt_datetimefield_value(filters.published_before))
        cursor.execute(
            f"""
            SELECT d.id, d.text, -bm25(sources_document_fts, 2.0, 1.0) AS rank
              FROM sources_document_fts
              JOIN sources_document d ON d.id = sources_document_fts.rowid
             WHERE {" AND ".join(where)}
             ORDER BY rank DESC, d.id
             LIMIT %s
            """,  # noqa: S608 -- only fixed clauses are joined; values are parameters
            [*params, documents_limit],
        )
        documents = [_Document(id_, text, float(rank)) for id_, text, rank in cursor.fetchall()]
    return documents, {terms[i].key: f for i, f in frequencies.items()}


def _sqlite_counts(cursor, phrases: list[str], cap: int | None) -> dict[int, float]:
    """How many documents hold each phrase, counting no further than cap."""
    one = (
        "SELECT %s, (SELECT count(*) FROM (SELECT 1 FROM sources_document_fts"
        " WHERE sources_document_fts MATCH %s LIMIT %s))"
    )
    params = [value for i, phrase in enumerate(phrases) for value in (i, phrase, cap or -1)]
    cursor.execute(" UNION ALL ".join([one] * len(phrases)), params)
    return {i: float(count) for i, count in cursor.fetchall()}


_BACKENDS = {"postgresql": _postgresql, "sqlite": _sqlite}


# --- Passages ---------------------------------------------------------------------


class _Matcher:
    """Finds the query's terms in a text with one regular expression.

    Words match any word with the same Snowball stem (rate/rates/rated/rating,
    rise/rising); numbers match with or without thousands separators, never
    inside a longer number. The expression is a trie, so that it is fast on
    lower-cased text: of the numbers' forms, and of prefixes that every word
    with a term's stem starts with; a word found by its prefix counts when
    its stem is the term's ("rat" finds "rating", not "rather").
    """

    def __init__(self, terms: Sequence[Term]) -> None:
        self.numbers: dict[str, int] = {}
        self.stems: dict[str, int] = {}
        for i, term in enumerate(terms):
            if term.number:
                for form in _number_forms(term.key):
                    self.numbers.setdefault(form, i)
            else:
                self.stems.setdefault(stem(term.key), i)
        starts = set(self.numbers).union(*map(_stem_prefixes, self.stems))
        # One trie for numbers and words (faster than two alternatives); letters
        # only after a prefix, so that "state" is found in "state-run".
        self.pattern = re.compile(rf"\b{alternation(starts)}[^\W\d_]*(?:['\u2019]s)?\b")
        self._folding: re.Pattern[str] | None = None

    def hits(self, text: str) -> list[tuple[int, int]]:
        """(position, term index) of every term occurrence, in order."""
        lowered = text.lower()
        if len(lowered) == len(text):
            matches = self.pattern.finditer(lowered)
        else:  # lower-casing changed the length ("İ"): offsets would drift
            if self._folding is None:
                self._folding = re.compile(self.pattern.pattern, re.IGNORECASE)
            lowered, matches = text, self._folding.finditer(text)
        numbers, stems, found = self.numbers, self.stems, []
        for match in matches:
            found_text = match.group()
            if not found_text[0].isdigit():
                term = stems.get(stem(found_text))
                if term is not None:
                    found.append((match.start(), term))
                continue
            number = found_text.partition("'")[0].partition("\u2019")[0]  # 2023's
            term = numbers.get(number)
            start = match.start()
            end = start + len(number)
            if term is None or (
                _DIGIT_AFTER.match(lowered, end)
                or (start > 1 and _DIGIT_BEFORE.match(lowered, start - 2))
            ):
                continue  # 1,000 inside 1,000,000; 4.2 inside 14.2 is already ruled out by \b
            found.append((start, term))
        return found


def _stem_prefixes(word_stem: str) -> set[str]:
    """Prefixes, one of which every word with this Snowball stem starts with.

    A stem is the word cut short, except where the stemmer changes letters:
    it may add an "e" (rating -> rate), end in "i" for a "y" (city -> citi)
    and turn "bil" into "bl" (possibility -> possibl).
    """
    prefix = word_stem.removesuffix("e") or word_stem
    if prefix.endswith("i"):
        return {prefix, prefix[:-1] + "y"}
    if prefix.endswith("bl"):
        return {prefix, prefix[:-1] + "il"}
    return {prefix}


_DIGIT_AFTER = re.compile(r"[.,]\d")
_DIGIT_BEFORE = re.compile(r"\d[.,]")


def _number_forms(key: str) -> set[str]:
    forms = {key}
    whole, dot, fraction = key.partition(".")
    if whole.isdigit() and len(whole) > 3:
        grouped = f"{int(whole):,}"
        forms.add(grouped + dot + fraction)
    return forms


@dataclass(slots=True)
class _Candidate:
    rank: float
    document_id: int
    start: int
    end: int
    order: int  # the document's place in the search, for stable ties


@dataclass(slots=True)
class _Span:
    """A paragraph holding some of the terms, or a piece of one."""

    order: int  # the document's place in the search
    start: int
    end: int
    bonus: float  # from the document's rank
    hits: list[tuple[int, int]]
    piece: bool = False  # cut from its paragraph, with an estimate of its best passage


# Sentence ends as a plain rule sees them: every end the sentence splitter
# finds is one, and some abbreviations ("Mr. Smith") are taken for one.
_ROUGH_END = re.compile(r"[.!?][\"'\u2019\u201d)\]]*\s+(?=[\"'\u2018\u201c(\[]?[A-Z0-9])")
# The word before a rough end, which may be an abbreviation ("Mr.", "U.S.", "etc.").
_LAST_WORD = re.compile(r"(?:^|[\s(\"'\u201c\u2018])([A-Za-z.]+)[\"'\u2019\u201d)\]]*\s*$")


def _abbreviations() -> frozenset[str]:
    """The abbreviations the sentence splitter (pysbd) knows, lower-cased."""
    try:
        from pysbd.lang.english import English

        known = English.Abbreviation
        words = [*known.ABBREVIATIONS, *known.PREPOSITIVE_ABBREVIATIONS]
        words += known.NUMBER_ABBREVIATIONS
    except (ImportError, AttributeError):  # another splitter: then every end is doubtful
        return frozenset()
    return frozenset(word.lower() for word in words)


_ABBREVIATIONS = _abbreviations()


def _doubtful_end(text: str, start: int, end: int) -> bool:
    """Whether the rough sentence text[start:end] may end in an abbreviation.

    Yes after a dotted word ("U.S.", "a.m."), a known abbreviation ("etc.",
    "Calif.") or a short capitalised word ("Mr.", "Gen.", "J."); no after a
    number or any other word ("the minister said. The ...").
    """
    match = _LAST_WORD.search(text, start, end)
    if match is None:
        return False
    word = match.group(1).rstrip(".")
    return (
        not _ABBREVIATIONS
        or len(word) < 2
        or "." in word
        or word.lower() in _ABBREVIATIONS
        or (word[0].isupper() and len(word) <= 5)
    )


def _best_passages(
    terms: Sequence[Term], documents: Sequence[_Document], limit: int, min_share: float
):
    """The best passages of the documents by the weighted share of the terms they hold.

    Splitting sentences is the costly part, so it runs on as little text as
    possible: paragraphs are taken best first by what they could score; a
    paragraph is cut into pieces where a sentence plainly ends, each piece is
    estimated from rough sentences, and only the pieces that still lead are
    split for real. It stops when the passages found beat every estimate left.
    """
    if not documents:
        return []
    matcher = _Matcher(terms)
    weights = [term.weight for term in terms]
    total = sum(weights)
    top_rank = max(max(d.rank for d in documents), 1e-9)

    queue: list[tuple[float, int, int, int, _Span]] = []
    tie = itertools.count()  # so that spans themselves are never compared
    for order, document in enumerate(documents):
        bonus = DOCUMENT_RANK_SHARE * max(document.rank, 0.0) / top_rank
        text = document.text
        lines: list[_Span] = []
        for position, term in matcher.hits(text):
            if not lines or position >= lines[-1].end:
                start = text.rfind("\n", 0, position) + 1
                end = text.find("\n", position)
                lines.append(_Span(order, start, len(text) if end < 0 else end, bonus, []))
            lines[-1].hits.append((position, term))
        for line in lines:
            share = _share({t for _, t in line.hits}, weights, total)
            if share >= min_share:  # no passage of the line can score more
                queue.append((-(share + bonus), order, line.start, next(tie), line))
    heapq.heapify(queue)

    candidates: list[_Candidate] = []
    by_document: dict[int, list[_Candidate]] = {}
    while queue:
        key, order, _, _, span = heapq.heappop(queue)
        document = documents[order]
        if not span.piece:
            for piece, estimate in _pieces(span, document.text, weights, total, min_share):
                key = -(estimate + span.bonus)
                heapq.heappush(queue, (key, order, piece.start, next(tie), piece))
            continue
        # Split the piece, unless its document already has its fill of better passages.
        mine = by_document.setdefault(order, [])
        better = [c for c in mine if c.rank >= -key]
        if len(_select(better, MAX_PASSAGES_PER_DOCUMENT)) < MAX_PASSAGES_PER_DOCUMENT:
            found = _passages(document, span, weights, total, min_share)
            candidates.extend(found)
            mine.extend(found)
        next_key = -queue[0][0] if queue else -1.0
        settled = [c for c in candidates if c.rank >= next_key]
        if len(settled) >= limit and len(_select(settled, limit)) >= limit:
            break
    return [
        Passage(c.document_id, c.start, c.end, documents[c.order].text[c.start : c.end], c.rank)
        for c in _select(candidates, limit)
    ]


def _share(held: Iterable[int], weights: list[float], total: float) -> float:
    return sum(weights[t] for t in held) / total


def _pieces(line: _Span, text: str, weights: list[float], total: float, min_share: float):
    """The line cut where a sentence plainly ends, each piece with its best rough passage.

    A cut needs a rough end that is not doubtful (not after "Mr.", "U.S.",
    "etc."), between two sentences that are not short (a short one goes with
    its neighbour). Cut there, the splitter finds the same sentences in the
    pieces as in the whole paragraph. A piece's estimate is its best rough sentence, or pair of
    rough sentences where the end between them is doubtful or one is short.
    """
    starts = [line.start] + [m.end() for m in _ROUGH_END.finditer(text, line.start, line.end)]
    ends = [*starts[1:], line.end]
    found: list[set[int]] = [set() for _ in starts]
    for position, term in line.hits:
        found[bisect.bisect_right(starts, position) - 1].add(term)
    spans = list(zip(starts, ends, strict=True))
    short = [len(text[a:b].split()) < SHORT_SENTENCE_WORDS for a, b in spans]
    doubtful = [_doubtful_end(text, a, b) for a, b in spans]

    first = 0
    for i in range(1, len(starts) + 1):
        if i < len(starts) and (doubtful[i - 1] or short[i - 1] or short[i]):
            continue  # no cut between rough sentences i - 1 and i
        held = set().union(*found[first:i])
        if held and _share(held, weights, total) >= min_share:
            best = max(_share(terms, weights, total) for terms in found[first:i])
            for j in range(first, i - 1):
                best = max(best, _share(found[j] | found[j + 1], weights, total))
            if best >= min_share:
                hits = [(p, t) for p, t in line.hits if starts[first] <= p < ends[i - 1]]
                piece = _Span(line.order, starts[first], ends[i - 1], line.bonus, hits, True)
                yield piece, best
        first = i


@lru_cache(maxsize=8192)
def _sentence_spans(text: str) -> tuple[tuple[int, int, int], ...]:
    """(start, end, words) of each sentence; the same evidence recurs across claims."""
    return tuple((s.start, s.end, len(s.text.split())) for s in split_sentences(text))


def _passages(
    document: _Document, span: _Span, weights, total, min_share: float
) -> list[_Candidate]:
    """Scored sentences of a span, and pairs of neighbours where one is short."""
    sentences = [
        (start + span.start, end + span.start, words)
        for start, end, words in _sentence_spans(document.text[span.start : span.end])
    ]
    starts = [start for start, _, _ in sentences]
    found: list[set[int]] = [set() for _ in sentences]
    for position, term in span.hits:
        at = bisect.bisect_right(starts, position) - 1
        if at >= 0 and position < sentences[at][1]:
            found[at].add(term)

    def score(held: Iterable[int]) -> float:
        return sum(weights[t] for t in held) / total

    passages, order, bonus = [], span.order, span.bonus
    for i, (start, end, words) in enumerate(sentences):
        single = score(found[i])
        if single >= min_share:
            passages.append(_Candidate(single + bonus, document.id, start, end, order))
        if i + 1 < len(sentences) and min(words, sentences[i + 1][2]) < SHORT_SENTENCE_WORDS:
            pair = score(found[i] | found[i + 1])
            if pair > max(single, score(found[i + 1])) and pair >= min_share:
                end = sentences[i + 1][1]
                passages.append(_Candidate(pair + bonus, document.id, start, end, order))
    return passages


def _select(candidates: Sequence[_Candidate], limit: int) -> list[_Candidate]:
    """The best candidates, none overlapping another, at most a few per document."""
    chosen: list[_Candidate] = []
    taken: dict[int, list[tuple[int, int]]] = {}
    for candidate in sorted(candidates, key=lambda c: (-c.rank, c.order, c.start, c.end)):
        spans = taken.setdefault(candidate.document_id, [])
        if len(spans) >= MAX_PASSAGES_PER_DOCUMENT:
            continue
        if any(candidate.start < end and start < candidate.end for start, end in spans):
            continue
        spans.append((candidate.start, candidate.end))
        chosen.append(candidate)
        if len(chosen) >= limit:
            break
    return chosen
