"""The data model's constraints hold in the database, not only in forms."""

import pytest
from django.db import IntegrityError, transaction

from claims.choices import ClaimStatus
from claims.models import Appearance, Claim
from sources.models import Document, Source, content_hash
from sources.urlnorm import normalize_url, url_domain

pytestmark = pytest.mark.django_db


def refused(create) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def test_two_fetched_documents_cannot_share_a_url(make_document):
    make_document(text="First text.", url="https://example.org/a", origin="fetched")
    assert refused(
        lambda: make_document(text="Second text.", url="https://example.org/a", origin="fetched")
    )


def test_submitted_texts_may_name_the_url_of_a_fetched_page(make_document):
    make_document(text="First text.", url="https://example.org/a", origin="fetched")
    make_document(text="Someone's text.", url="https://example.org/a")
    make_document(text="Another text.", url="https://example.org/a")
    assert Document.objects.filter(url="https://example.org/a").count() == 3


def test_a_document_origin_outside_the_choices_is_refused(make_document):
    assert refused(lambda: make_document(text="First text.", origin="scraped"))


def test_many_documents_may_have_no_url(make_document):
    make_document(text="First text.")
    make_document(text="Second text.")
    assert Document.objects.filter(url__isnull=True).count() == 2


def test_the_same_text_cannot_be_stored_twice_even_with_other_spacing(make_document):
    make_document(text="Inflation rose to 3.2% in May.")
    assert refused(
        lambda: make_document(text="Inflation  rose to 3.2%\\nin May. ".replace("\\n", "\n"))
    )


def test_the_content_hash_ignores_spacing_and_unicode_form():
    assert content_hash("caf\u00e9  au lait") == content_hash("cafe\u0301 au lait ")
    assert content_hash("a b") != content_hash("a c")


def test_source_names_are_unique_whatever_their_case(make_source):
    make_source(name="Daily Ledger")
    assert refused(lambda: Source.objects.create(name="daily ledger"))


def test_a_source_reliability_outside_zero_to_one_is_refused():
    assert refused(lambda: Source.objects.create(name="Overconfident", reliability=1.5))


def test_a_claim_appears_at_most_once_at_one_place_in_a_document(make_document, make_claim):
    document = make_document()
    claim = make_claim()
    Appearance.objects.create(claim=claim, document=document, start=0, end=10, sentence="x" * 10)
    assert refused(
        lambda: Appearance.objects.create(
            claim=claim, document=document, start=0, end=12, sentence="x" * 12
        )
    )


def test_an_appearance_must_span_at_least_one_character(make_document, make_claim):
    document, claim = make_document(), make_claim()
    assert refused(
        lambda: Appearance.objects.create(
            claim=claim, document=document, start=5, end=5, sentence=""
        )
    )


def test_a_resolved_claim_must_carry_a_verdict(make_claim):
    claim = make_claim(status=ClaimStatus.IN_REVIEW)
    assert refused(
        lambda: Claim.objects.filter(pk=claim.pk).update(status=ClaimStatus.RESOLVED, verdict="")
    )


def test_an_undecided_claim_cannot_carry_a_verdict(make_claim):
    claim = make_claim(status=ClaimStatus.NEEDS_REVIEW)
    assert refused(lambda: Claim.objects.filter(pk=claim.pk).update(verdict="true"))


def test_two_claims_cannot_share_a_fingerprint(make_claim):
    make_claim(fingerprint="same")
    assert refused(lambda: make_claim(fingerprint="same"))


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("HTTPS://Example.ORG:443/news?id=7&utm_source=rss#top", "https://example.org/news?id=7"),
        ("http://example.org:8080/a?fbclid=x&gclid=y", "http://example.org:8080/a"),
        ("https://user:secret@example.org/a", "https://example.org/a"),
        ("https://example.org", "https://example.org/"),
    ],
)
def test_urls_are_normalised_to_one_spelling(raw, normalised):
    assert normalize_url(raw) == normalised


def test_a_source_domain_drops_the_www_prefix():
    assert url_domain("https://www.Example.org/x") == "example.org"
