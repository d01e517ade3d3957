"""Candidate passages for verification: sources.search on SQLite (FTS5) and PostgreSQL."""

from datetime import UTC, datetime
from itertools import pairwise

import pytest
from django.db import connection

from factcheck.text.sentences import split_sentences
from sources import search
from sources.models import Document, content_hash
from sources.search import Passage, search_passages

pytestmark = pytest.mark.django_db

JOBS = """\
Unemployment falls to lowest level in five years

The national unemployment rate fell to 4.2 percent in March, the statistics office said on Friday.
It was the lowest rate since 2019. Economists polled by the bank had expected 4.4 percent.
Youth unemployment remained high at 11.8 percent, and long-term joblessness barely moved.
"""

JOBS_SURVEY = """\
Employers report steady hiring

The unemployment rate held at 4.5 percent in March, according to a survey of 3,000 employers.
The employers' federation said hiring had slowed in construction and retail.
"""

FLOODS = """\
Floods close schools across the north

Heavy rain closed 40 schools in the northern region on Tuesday, and two bridges were shut.
The river rose 2.3 metres above its usual level, the environment agency said.
Residents in low-lying streets were told to move valuables upstairs.
"""

FOOTBALL = """\
City win the derby

City beat United 3-1 on Saturday in front of 52,000 fans.
The striker scored twice in the second half, his first goals since March.
"""

BUDGET = """\
Council passes road budget

The council approved a budget of 4 million euros for road repairs in March.
Opposition members said the rate of repairs was too slow and voted against.
"""

CLAIM = "Unemployment fell to 4.2 percent in March, the lowest rate since 2019."


@pytest.fixture
def newsroom(make_document, make_source):
    """Five articles from different outlets on different topics."""
    texts = {
        "jobs": (JOBS, "Daily Ledger"),
        "survey": (JOBS_SURVEY, "Business Wire Weekly"),
        "floods": (FLOODS, "Northern Echo"),
        "football": (FOOTBALL, "Sports Desk"),
        "budget": (BUDGET, "Town Crier"),
    }
    return {
        key: make_document(
            text,
            title=text.splitlines()[0],
            source=make_source(source),
            url=f"https://x.test/{key}",
        )
        for key, (text, source) in texts.items()
    }


def assert_spans_hold(passages: list[Passage]) -> None:
    for passage in passages:
        text = Document.objects.get(pk=passage.document_id).text
        assert text[passage.start : passage.end] == passage.text


def test_finds_the_sentence_sharing_the_claims_terms_and_number(newsroom):
    passages = search_passages(CLAIM)

    best = passages[0]
    assert best.document_id == newsroom["jobs"].id
    assert best.text.startswith("The national unemployment rate fell to 4.2 percent in March")
    assert {p.document_id for p in passages} <= {d.id for d in newsroom.values()}
    assert newsroom["floods"].id not in {p.document_id for p in passages}
    assert newsroom["football"].id not in {p.document_id for p in passages}
    assert [p.rank for p in passages] == sorted((p.rank for p in passages), reverse=True)


def test_every_passage_is_the_exact_span_of_its_document(newsroom):
    queries = [CLAIM, "Rain closed 40 schools", "City beat United in front of 52,000 fans"]
    for query in queries:
        passages = search_passages(query)
        assert passages, query
        assert_spans_hold(passages)


def test_ranks_the_passage_with_the_claims_number_above_one_without(newsroom):
    passages = search_passages("The unemployment rate was 4.5 percent in March.")

    first, second = (
        passages[0],
        next(p for p in passages if p.document_id != passages[0].document_id),
    )
    assert first.document_id == newsroom["survey"].id
    assert "4.5 percent" in first.text
    assert second.document_id == newsroom["jobs"].id
    assert first.rank > second.rank


def test_matches_numbers_with_or_without_thousands_separators(newsroom):
    passages = search_passages("52000 fans watched City beat United")

    assert passages[0].document_id == newsroom["football"].id
    assert "52,000 fans" in passages[0].text


def test_leaves_out_the_claims_own_document(newsroom):
    passages = search_passages(CLAIM, exclude_document_ids=[newsroom["jobs"].id])

    assert passages
    assert newsroom["jobs"].id not in {p.document_id for p in passages}
    assert passages[0].document_id == newsroom["survey"].id


def test_leaves_out_copies_by_content_hash(newsroom):
    copy_hash = newsroom["jobs"].content_hash

    passages = search_passages(CLAIM, exclude_content_hashes={copy_hash, "0" * 64})

    assert newsroom["jobs"].id not in {p.document_id for p in passages}
    assert newsroom["survey"].id in {p.document_id for p in passages}


def test_leaves_out_documents_published_after_the_cutoff(newsroom):
    cutoff = datetime(2025, 4, 1, 12, 0, tzinfo=UTC)
    jobs, survey = newsroom["jobs"], newsroom["survey"]
    Document.objects.filter(pk=jobs.pk).update(published_at=datetime(2025, 4, 2, tzinfo=UTC))
    Document.objects.filter(pk=survey.pk).update(published_at=cutoff)

    found = {p.document_id for p in search_passages(CLAIM, published_before=cutoff)}
    assert jobs.id not in found
    assert survey.id in found  # published at the cutoff, not after it

    Document.objects.filter(pk=survey.pk).update(published_at=None)
    found = {p.document_id for p in search_passages(CLAIM, published_before=cutoff)}
    assert survey.id in found  # no date: kept
    assert jobs.id not in found


def test_the_index_follows_edits_of_the_text(make_document):
    document = make_document("The zeppelin hangar will reopen as a museum in 2027.", title="Hangar")
    assert [p.document_id for p in search_passages("zeppelin hangar museum")] == [document.id]

    document.text = "The airship hangar will reopen as a concert hall in 2027."
    document.save()
    assert search_passages("zeppelin museum") == []
    assert [p.document_id for p in search_passages("airship concert hall")] == [document.id]

    Document.objects.filter(pk=document.pk).update(text="The dirigible shed will be demolished.")
    assert search_passages("airship concert hall") == []
    assert search_passages("dirigible shed demolished")[0].text == (
        "The dirigible shed will be demolished."
    )


def test_a_deleted_document_leaves_the_index(make_document):
    document = make_document(
        "Lighthouse keepers in Fairhaven voted to strike over 12 percent pay cuts."
    )
    assert search_passages("Fairhaven lighthouse strike")

    document.delete()

    assert search_passages("Fairhaven lighthouse strike") == []


def test_returns_nothing_for_a_query_without_salient_terms(newsroom, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert search_passages("It was what they said it would be, and so it is.") == []
        assert search_passages("   ") == []


def test_joins_a_short_sentence_with_its_neighbour_when_together_they_hold_more(make_document):
    document = make_document(
        "Turnout was 61 percent. That is the highest since 1992, the electoral commission said.\n"
        "Polling stations stayed open late in three districts because of long queues."
    )

    best = search_passages("Turnout reached 61 percent, the highest since 1992.")[0]

    assert best.document_id == document.id
    assert best.text == (
        "Turnout was 61 percent. That is the highest since 1992, the electoral commission said."
    )


def test_a_passage_is_a_whole_sentence_around_abbreviations(make_document):
    document = make_document(
        'The jury deliberated for two days. "Mr. Alvarez treated a public agency as his personal '
        'piggy bank," U.S. Attorney Karen Whitfield said outside the courthouse. Sentencing is '
        "set for June 12, and Mr. Alvarez faces up to 20 years in prison on each count.\n"
        "His lawyer, Dr. Paula Reyes, said the defence would appeal."
    )

    passages = search_passages("Alvarez faces up to 20 years in prison, prosecutors said.")

    assert passages[0].document_id == document.id
    assert passages[0].text == (
        "Sentencing is set for June 12, and Mr. Alvarez faces up to 20 years in prison "
        "on each count."
    )
    assert_spans_hold(passages)


def test_passages_are_the_sentence_splitters_sentences(newsroom, make_document):
    tricky = make_document(
        "Gov. Ana Ruiz of Calif. said the U.S. grant of $4.2 million arrived at 9 a.m. Eastern "
        "time. The minister said. Jobless claims fell to 4.2 percent, approx. 300 fewer. "
        "Dr. Omar Haddad, of St. Luke's, said unemployment in March was 4.2 percent, etc. "
        "Officials said the rate was the lowest since 2019. It was. Prices rose 2.3 percent."
    )
    found = set()
    for query in [CLAIM, "Ruiz says the grant of 4.2 million arrived", "Haddad unemployment March"]:
        for passage in search_passages(query):
            found.add(passage.document_id)
            text = Document.objects.get(pk=passage.document_id).text
            spans = [(s.start, s.end) for s in split_sentences(text)]
            pairs = [(a[0], b[1]) for a, b in pairwise(spans)]
            assert (passage.start, passage.end) in spans + pairs, passage
    assert tricky.id in found


def test_one_document_gives_at_most_a_few_passages(make_document):
    sentences = [f"The harbour toll for ferries rose to {n} euros in round {n}." for n in range(10)]
    make_document("\n".join(sentences))

    passages = search_passages("harbour toll ferries euros", limit=20)

    assert len(passages) == search.MAX_PASSAGES_PER_DOCUMENT


def test_respects_the_limits(newsroom):
    assert len(search_passages(CLAIM, limit=2)) == 2
    assert {p.document_id for p in search_passages(CLAIM, documents_limit=1)} == {
        newsroom["jobs"].id
    }


def test_salient_terms_drop_stop_words_and_weigh_numbers_and_names():
    terms = {t.key: t for t in search.salient_terms("Mr. Kowalski said 1,200 nurses don't quit.")}

    assert set(terms) == {"kowalski", "1200", "nurses", "quit"}
    assert terms["1200"].number
    assert terms["1200"].weight > terms["kowalski"].weight > terms["nurses"].weight
    assert terms["1200"].surfaces == ("1,200", "1200")


def test_a_common_word_in_every_document_does_not_swamp_the_search(make_document, make_source):
    """With corpus statistics (PostgreSQL ANALYZE), candidates come from the rarer terms."""
    source = make_source("Wire")
    for n in range(60):
        make_document(
            f"The government said on Monday that item {n} of the plan would go ahead.",
            source=source,
        )
    target = make_document(
        "The government said the Brightwater dam would cost 310 million euros.", source=source
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE sources_document")

    passages = search_passages("Government says Brightwater dam will cost 310 million euros")

    assert passages[0].document_id == target.id
    assert_spans_hold(passages)


def test_candidates_come_from_the_rarer_terms_when_some_are_common():
    rows = 100_000

    def choose(frequencies):
        counts = {i: f * rows for i, f in frequencies.items()}
        return search._candidate_terms(counts, frequencies, budget=1000)

    # government, Brightwater, dam: any of the two rare ones.
    assert choose({0: 0.6, 1: 0.001, 2: 0.005}) == (False, [1, 2])
    # Only the rarest fits the budget.
    assert choose({0: 0.6, 1: 0.001, 2: 0.05}) == (False, [1])
    # All too common: documents must hold several, rarest first, as many as it takes.
    assert choose({0: 0.6, 1: 0.02, 2: 0.03, 3: 0.5}) == (True, [1, 2])
    assert choose({0: 0.6, 1: 0.2, 2: 0.3, 3: 0.5}) == (True, [1, 2, 3, 0])


def test_the_index_is_kept_by_database_triggers():
    """A later migration that rebuilds sources_document must reinstall them (see 0002)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                ["sources_document"],
            )
            expected = {"insert", "update", "delete"}
            assert {row[0] for row in cursor.fetchall()} >= {
                f"sources_document_fts_{event}" for event in expected
            }
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'sources_document'::regclass"
            )
            assert {row[0] for row in cursor.fetchall()} >= {
                "sources_document_search_vector_insert",
                "sources_document_search_vector_update",
            }


def test_a_paraphrase_sharing_only_topic_words_is_found_beside_a_word_in_one_other_document(
    make_document, make_source
):
    """In a corpus small enough to rank whole, the claim's rarest word (here a
    name one unrelated document holds) must not decide the candidates alone:
    the reports that say the same thing in other words share only the topic's
    words, each of which several documents hold."""
    filler = make_source("Parish News")
    notices = [f"Notice {n}: the choir rehearses hymns on evening {n}." for n in range(150)]
    Document.objects.bulk_create(  # bulk_create skips save(), which sets the hash
        Document(source=filler, text=text, content_hash=content_hash(text)) for text in notices
    )
    for n, outlet in enumerate(("Wire", "Coast Herald", "Trade Weekly")):
        make_document(
            f"Report {n}: container traffic through the harbour rose strongly last year, "
            "the port authority reported.",
            source=make_source(outlet),
        )
    make_document("The Kestrel rowing club elected a new captain.", source=filler)
    claim = "Container traffic at Kestrel harbour climbed last year, the port authority said."
    found = {
        Document.objects.get(pk=p.document_id).source.name for p in search_passages(claim, limit=5)
    }
    assert {"Wire", "Coast Herald", "Trade Weekly"} <= found
