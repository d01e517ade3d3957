"""Candidate passages for verifying a claim: which sentences of other Documents speak to it.

Two steps behind one interface:

1. Documents. The claim's salient terms (stop words dropped, numbers kept)
   are OR-ed into a full-text query on the database's own index: a tsvector
   column with a GIN index ranked by ts_rank_cd on PostgreSQL, an FTS5 table
   ranked by bm25() on SQLite (both built by migration 0002 and kept current
   by triggers). The best ``documents_limit`` documents are kept.
2. Passages. Their sentences (and pairs of adjacent sentences in a paragraph
   when one is short) are scored by the weighted share of the claim's terms
   they contain; numbers and names weigh more, and on PostgreSQL terms that
   are common in the corpus weigh less. The best ``limit`` passages are
   returned, at most a few per document, with spans into Document.text.

On PostgreSQL a term held by a large part of the corpus would make the
database rank most of the table. The planner's statistics on the tsvector
column (pg_stats.most_common_elems) say how common each term is; the
candidate documents are then the ones holding one of the rarer terms, ranked
by all of them.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import connections, router
from django.utils import timezone

from claims.extraction.sentences import split_sentences

from .models import Document

# --- Tuning -------------------------------------------------------------------
# At most this many of the claim's terms are used (the highest weighted).
MAX_TERMS = 24
# Weights of one term in a passage's score.
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
# PostgreSQL: rank at most about this many candidate documents per search.
PG_CANDIDATE_BUDGET = 2000

_STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing don down during each either
    else ever few for from further had has have having he her here hers herself him himself his
    how however i if in into is it its itself just let may me might more most must my myself
    neither no nor not now of off on once only or other ought our ours ourselves out over own
    per same shall she should so some such than that the their theirs them themselves then
    there these they this those though through thus to too under until up upon us very via was
    we were what when where whether which while who whom whose why will with within without
    would yet you your yours yourself yourselves
    across along amid among around despite during like many much since toward towards
    mr mrs ms dr st
    according claim claimed claims say said saying says stated states told tell tells
    """.split()
) - {"states"}  # "United States" is a name, not a reporting verb
_CONTRACTION_ENDINGS = ("t", "re", "ve", "ll", "d", "m", "s")

_NUMBER = r"\d+(?:[.,]\d+)*"
_WORD = r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*(?:-[^\W_]+)*"
_TOKEN = re.compile(rf"({_NUMBER})|({_WORD})")
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
) -> list[Passage]:
    """The best passages of other documents for the claim or query text, best first.

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
    return _best_passages(terms, documents, limit)


def index_document(document: Document) -> None:
    """Bring the search index up to date for one document after ingest.

    A no-op on both backends: database triggers (migration 0002) index every
    insert, update and delete, including bulk and raw SQL writes. Kept so that
    ingest code states the dependency and a backend without triggers can hook in.
    """


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
    for match in _TOKEN.finditer(query):
        number, word = match.groups()
        if number:
            key = _number_key(number)
            term = Term(key, tuple(_number_surfaces(number, key)), NUMBER_WEIGHT, True)
        else:
            word = _strip_contraction(word)
            key = word.lower()
            if len(key) < 2 or key in _STOPWORDS:
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
    """Candidate documents by ts_rank_cd, and the corpus frequency of each term."""
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

        # A term's frequency is that of its rarest lexeme; a lexeme missing
        # from the statistics is rarer than the least common one listed.
        frequencies: dict[int, float] = {}
        if floor is not None:
            for i in queries:
                found = [common.get(lx, floor / 2) for lx in parsed[i][1]] or [floor / 2]
                frequencies[i] = min(found)
        rank_query = " | ".join(queries[i] for i in sorted(queries))
        filter_query = _pg_filter(queries, frequencies, rows)

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
            SELECT d.id, d.text, ts_rank_cd(d.search_vector, %s::tsquery, 1) AS rank
              FROM sources_document d
             WHERE {" AND ".join(where)}
             ORDER BY rank DESC, d.id
             LIMIT %s
            """,  # noqa: S608 -- only fixed clauses are joined; values are parameters
            [rank_query, *params, documents_limit],
        )
        documents = [_Document(id_, text, float(rank)) for id_, text, rank in cursor.fetchall()]
    return documents, {terms[i].key: f for i, f in frequencies.items()}


def _pg_statistics(cursor, lexemes):
    """(estimated rows, {lexeme: share of documents}, least share listed) from ANALYZE."""
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
    if row is None or not row[1] or row[0] <= 0:
        return 0.0, {}, None
    rows, elements, shares = row
    shares = shares[: len(elements)]
    wanted = set(lexemes)
    common = {e: s for e, s in zip(elements, shares, strict=True) if e in wanted}
    return rows, common, min(shares)


def _pg_filter(queries: dict[int, str], frequencies: dict[int, float], rows: float) -> str:
    """The tsquery that picks candidate documents: the rarer terms, OR-ed.

    Terms are added, rarest first, while the expected number of matching
    documents stays within PG_CANDIDATE_BUDGET. When even the rarest term is
    too common, candidates must hold several of the terms (AND, rarest first).
    """
    if not frequencies:
        return " | ".join(queries[i] for i in sorted(queries))
    order = sorted(queries, key=lambda i: frequencies[i])
    expected = [frequencies[i] * rows for i in order]
    if expected[0] > PG_CANDIDATE_BUDGET:
        chosen, product = [], rows
        for i in order:
            chosen.append(i)
            product *= frequencies[i]
            if product <= PG_CANDIDATE_BUDGET:
                break
        return " & ".join(f"({queries[i]})" for i in chosen)
    chosen, total = [], 0.0
    for i, count in zip(order, expected, strict=True):
        if chosen and total + count > PG_CANDIDATE_BUDGET:
            break
        chosen.append(i)
        total += count
    return " | ".join(queries[i] for i in sorted(chosen))


def _sqlite(connection, terms, filters, documents_limit):
    """Candidate documents by bm25() on the FTS5 table (title counts double)."""
    phrases = []
    for term in terms:
        alternatives = ['"' + s.replace('"', '""') + '"' for s in term.surfaces]
        phrases.append(
            alternatives[0] if len(alternatives) == 1 else f"({' OR '.join(alternatives)})"
        )
    where, params = ["sources_document_fts MATCH %s"], [" OR ".join(phrases)]
    if filters.exclude_ids:
        where.append("d.id NOT IN (SELECT value FROM json_each(%s))")
        params.append(json.dumps(filters.exclude_ids))
    if filters.exclude_hashes:
        where.append("d.content_hash NOT IN (SELECT value FROM json_each(%s))")
        params.append(json.dumps(filters.exclude_hashes))
    if filters.published_before is not None:
        where.append("(d.published_at IS NULL OR d.published_at <= %s)")
        params.append(connection.ops.adapt_datetimefield_value(filters.published_before))
    with connection.cursor() as cursor:
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
    return documents, {}


_BACKENDS = {"postgresql": _postgresql, "sqlite": _sqlite}


# --- Passages ---------------------------------------------------------------------


class _Matcher:
    """Finds the query's terms in a text: one regular expression for all of them.

    Words match in their common inflections (rate/rates/rated, rise/rising);
    numbers match with or without thousands separators, never inside a longer
    number.
    """

    def __init__(self, terms: Sequence[Term]) -> None:
        self.index: dict[str, int] = {}
        words, numbers = [], []
        for i, term in enumerate(terms):
            for form in _number_forms(term.key) if term.number else _word_forms(term.key):
                if self.index.setdefault(form, i) == i:
                    (numbers if term.number else words).append(form)
        parts = []
        if numbers:
            alternatives = "|".join(map(re.escape, sorted(numbers, key=len, reverse=True)))
            parts.append(rf"(?<![\d.,])(?:{alternatives})(?![\d]|[.,]\d)")
        if words:
            alternatives = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
            parts.append(rf"(?<!\w)(?<!\w')(?:{alternatives})(?!\w)")
        self.pattern = re.compile("|".join(parts), re.IGNORECASE)

    def hits(self, text: str) -> list[tuple[int, int]]:
        """(position, term index) of every term occurrence, in order."""
        index = self.index
        found = ((m.start(), index.get(m.group().lower())) for m in self.pattern.finditer(text))
        return [(position, term) for position, term in found if term is not None]


def _number_forms(key: str) -> set[str]:
    forms = {key}
    whole, dot, fraction = key.partition(".")
    if whole.isdigit() and len(whole) > 3:
        grouped = f"{int(whole):,}"
        forms.add(grouped + dot + fraction)
    return forms


def _word_forms(word: str) -> set[str]:
    """The word and the inflections a claim and its evidence commonly differ by."""
    stems = {word}
    for suffix, replacement in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ing", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)] + replacement
            stems.add(stem)
            if replacement == "" and suffix in ("ed", "ing"):
                stems.add(stem + "e")  # rising -> rise, cut -> cutting handled below
                if len(stem) > 3 and stem[-1] == stem[-2]:
                    stems.add(stem[:-1])  # stopped -> stop
    forms = set()
    for stem in stems:
        forms.update((stem, stem + "s", stem + "'s"))
        if stem.endswith("y") and len(stem) > 3:
            forms.update((stem[:-1] + "ies", stem[:-1] + "ied"))
        if stem.endswith("e"):
            forms.update((stem + "d", stem[:-1] + "ing"))
        else:
            forms.update((stem + "es", stem + "ed", stem + "ing"))
    return {form for form in forms if len(form) >= 2}


@dataclass(slots=True)
class _Candidate:
    rank: float
    document_id: int
    start: int
    end: int
    order: int  # the document's place in the search, for stable ties


def _best_passages(terms: Sequence[Term], documents: Sequence[_Document], limit: int):
    if not documents:
        return []
    matcher = _Matcher(terms)
    weights = [term.weight for term in terms]
    total = sum(weights)
    top_rank = max(max(d.rank for d in documents), 1e-9)

    # Every paragraph (line) holding a term, with the most any of its passages could score.
    lines: list[tuple[float, int, int, float, list[tuple[int, int]]]] = []
    for order, document in enumerate(documents):
        bonus = DOCUMENT_RANK_SHARE * max(document.rank, 0.0) / top_rank
        text = document.text
        by_line: dict[int, list[tuple[int, int]]] = {}
        for position, term in matcher.hits(text):
            line_start = text.rfind("\n", 0, position) + 1
            by_line.setdefault(line_start, []).append((position, term))
        for line_start, hits in by_line.items():
            share = sum(weights[t] for t in {t for _, t in hits}) / total
            if share >= MIN_SHARE:
                lines.append((share + bonus, order, line_start, bonus, hits))
    lines.sort(key=lambda line: (-line[0], line[1], line[2]))

    # Split only the best lines into sentences (the costly part), until the
    # passages found so far are better than anything the remaining lines hold.
    candidates: list[_Candidate] = []
    for position, (_, order, line_start, bonus, hits) in enumerate(lines):
        document = documents[order]
        candidates.extend(_line_passages(document, order, line_start, hits, weights, bonus))
        next_bound = lines[position + 1][0] if position + 1 < len(lines) else -1.0
        settled = [c for c in candidates if c.rank >= next_bound]
        if len(settled) >= limit and len(_select(settled, limit)) >= limit:
            break
    return [
        Passage(c.document_id, c.start, c.end, documents[c.order].text[c.start : c.end], c.rank)
        for c in _select(candidates, limit)
    ]


def _line_passages(document, order, line_start, hits, weights, bonus):
    """Scored sentences of one line, and pairs of neighbours where one is short."""
    text = document.text
    total = sum(weights)
    line_end = text.find("\n", line_start)
    line_end = len(text) if line_end < 0 else line_end
    sentences = [
        (s.start + line_start, s.end + line_start, len(s.text.split()))
        for s in split_sentences(text[line_start:line_end])
    ]
    starts = [start for start, _, _ in sentences]
    found: list[set[int]] = [set() for _ in sentences]
    for position, term in hits:
        at = bisect.bisect_right(starts, position) - 1
        if at >= 0 and position < sentences[at][1]:
            found[at].add(term)

    def score(held: Iterable[int]) -> float:
        return sum(weights[t] for t in held) / total

    passages = []
    for i, (start, end, words) in enumerate(sentences):
        single = score(found[i])
        if single >= MIN_SHARE:
            passages.append(_Candidate(single + bonus, document.id, start, end, order))
        if i + 1 < len(sentences) and min(words, sentences[i + 1][2]) < SHORT_SENTENCE_WORDS:
            pair = score(found[i] | found[i + 1])
            if pair > max(single, score(found[i + 1])) and pair >= MIN_SHARE:
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
