"""schema.org ClaimReview: the markup we publish, and other publishers' reviews we import."""

import json
import logging
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from claims.choices import ClaimStatus, Verdict
from claims.claimreview import (
    RATING_SCALE,
    NotPublished,
    claimreview_jsonld,
    claimreviews_import,
    claimreviews_read,
    verdict_from_rating,
)
from claims.extraction.canonical import fingerprint
from claims.models import Appearance, Claim, ExternalReview
from claims.services import claim_create, claims_extract_from_document
from factcheck.errors import DomainError
from sources.ingest import document_ingest
from sources.models import Document
from sources.signals import document_stored

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data" / "claimreview"


def page(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def desk(settings) -> None:
    settings.FACTCHECK_ORGANIZATION_NAME = "Harbour Fact Desk"
    settings.FACTCHECK_ORGANIZATION_URL = "https://harbour-facts.example/"


@pytest.fixture
def published(make_claim):
    """A published claim whose fingerprint is real, so imports can find it again."""

    def make(text: str = "Bus fares rose by 18% in 2023.", verdict: str = Verdict.FALSE, **fields):
        fields.setdefault("published_at", datetime(2024, 5, 2, 10, 0, tzinfo=UTC))
        return make_claim(
            status=ClaimStatus.PUBLISHED,
            verdict=verdict,
            text=text,
            fingerprint=fingerprint(text),
            **fields,
        )

    return make


@pytest.fixture
def api(client_user) -> APIClient:
    api = APIClient()
    api.force_authenticate(client_user)
    return api


def ingest(html: str, url: str | None = None, source: str = "Northfield Fact Desk"):
    from sources.services import source_get_or_create

    return document_ingest(source=source_get_or_create(name=source), html=html, url=url)


def has_null(value: object) -> bool:
    if isinstance(value, dict):
        return any(has_null(v) for v in value.values())
    if isinstance(value, list):
        return any(has_null(v) for v in value)
    return value is None or value == ""


# --- Export --------------------------------------------------------------------


def test_a_published_claim_exports_everything_google_requires_and_recommends(
    published, make_document
):
    claim = published(
        text="The city spent 4.2 million euros on new bus shelters in 2023.",
        verdict=Verdict.MOSTLY_FALSE,
        claimant="Mayor Lena Ortiz",
        review_url="https://harbour-facts.example/checks/bus-shelters",
    )
    document = make_document(
        url="https://evening-courier.example/shelters",
        published_at=datetime(2024, 4, 20, 8, 0, tzinfo=UTC),
    )
    Appearance.objects.create(claim=claim, document=document, start=0, end=10, sentence="x")

    review = claimreview_jsonld(claim)

    assert review == {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://harbour-facts.example/checks/bus-shelters",
        "claimReviewed": "The city spent 4.2 million euros on new bus shelters in 2023.",
        "datePublished": "2024-05-02",
        "author": {
            "@type": "Organization",
            "name": "Harbour Fact Desk",
            "url": "https://harbour-facts.example/",
        },
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": 2,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": "Mostly false",
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Mayor Lena Ortiz"},
            "datePublished": "2024-04-20",
            "appearance": [
                {"@type": "CreativeWork", "url": "https://evening-courier.example/shelters"}
            ],
            "firstAppearance": {
                "@type": "CreativeWork",
                "url": "https://evening-courier.example/shelters",
            },
        },
    }
    # What a view returns must serialise as it is.
    assert json.loads(json.dumps(review)) == review


@pytest.mark.parametrize(
    ("verdict", "value", "words"),
    [
        (Verdict.TRUE, 5, "True"),
        (Verdict.MOSTLY_TRUE, 4, "Mostly true"),
        (Verdict.MIXED, 3, "Mixed"),
        (Verdict.MOSTLY_FALSE, 2, "Mostly false"),
        (Verdict.FALSE, 1, "False"),
    ],
)
def test_each_verdict_is_rated_on_the_one_to_five_scale_with_its_label(
    published, verdict, value, words
):
    rating = claimreview_jsonld(published(verdict=verdict))["reviewRating"]
    assert rating == {
        "@type": "Rating",
        "ratingValue": value,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": words,
    }
    assert isinstance(rating["ratingValue"], int)


def test_an_unverifiable_claim_is_rated_in_words_alone(published):
    rating = claimreview_jsonld(published(verdict=Verdict.UNVERIFIABLE))["reviewRating"]
    assert rating == {"@type": "Rating", "alternateName": "Unverifiable"}


def test_the_desks_own_rating_words_replace_the_verdict_label(published):
    claim = published(verdict=Verdict.FALSE, rating_text="Pants on fire")
    rating = claimreview_jsonld(claim)["reviewRating"]
    assert (rating["ratingValue"], rating["alternateName"]) == (1, "Pants on fire")


def test_without_a_review_url_the_claim_gets_a_stable_url_on_the_desks_site(published, settings):
    claim = published()
    assert claimreview_jsonld(claim)["url"] == f"https://harbour-facts.example/claims/{claim.pk}/"
    settings.FACTCHECK_ORGANIZATION_URL = "https://harbour-facts.example/desk"
    assert claimreview_jsonld(claim)["url"] == (
        f"https://harbour-facts.example/desk/claims/{claim.pk}/"
    )


def test_what_is_unknown_is_left_out_rather_than_given_as_null(published, settings):
    settings.FACTCHECK_ORGANIZATION_URL = ""
    claim = published(published_at=None)

    review = claimreview_jsonld(claim)

    assert not has_null(review)
    assert "url" not in review
    assert "datePublished" not in review
    assert review["author"] == {"@type": "Organization", "name": "Harbour Fact Desk"}
    assert review["itemReviewed"] == {"@type": "Claim"}


@pytest.mark.parametrize(
    ("claimant", "kind"),
    [
        ("Ministry of Health", "Organization"),
        ("Valmont Regional Council", "Organization"),
        ("Acme Foods Inc.", "Organization"),
        ("Labour Party", "Organization"),
        ("Central Bank of Norland", "Organization"),
        ("WHO", "Organization"),
        ("Mara Quill", "Person"),
        ("Dr. Jonas Brandt", "Person"),
        ("Banks", "Person"),
    ],
)
def test_a_claimant_that_reads_like_an_organisation_is_an_organization(published, claimant, kind):
    author = claimreview_jsonld(published(claimant=claimant))["itemReviewed"]["author"]
    assert author == {"@type": kind, "name": claimant}


def test_every_page_the_claim_appears_on_is_listed_and_the_earliest_comes_first(
    published, make_document
):
    claim = published()
    later = make_document(
        text="Later report.",
        url="https://b.example/later",
        published_at=datetime(2024, 4, 2, tzinfo=UTC),
    )
    earliest_without_url = make_document(
        text="A wire copy with no URL.", published_at=datetime(2024, 3, 1, tzinfo=UTC)
    )
    first = make_document(
        text="First report.",
        url="https://a.example/first",
        published_at=datetime(2024, 3, 5, tzinfo=UTC),
    )
    undated = make_document(text="Undated blog post.", url="https://c.example/undated")
    for document in (later, earliest_without_url, first, undated):
        Appearance.objects.create(claim=claim, document=document, start=0, end=5, sentence="x")
    # The same page twice is one appearance.
    Appearance.objects.create(claim=claim, document=later, start=9, end=12, sentence="y")

    item = claimreview_jsonld(claim)["itemReviewed"]

    assert item["datePublished"] == "2024-03-01"
    assert [a["url"] for a in item["appearance"]] == [
        "https://a.example/first",
        "https://b.example/later",
        "https://c.example/undated",
    ]
    assert item["firstAppearance"] == {"@type": "CreativeWork", "url": "https://a.example/first"}


@pytest.mark.parametrize("status", [ClaimStatus.NEW, ClaimStatus.IN_REVIEW, ClaimStatus.RESOLVED])
def test_a_claim_that_is_not_published_has_no_claimreview(make_claim, status):
    claim = make_claim(status=status)
    with pytest.raises(NotPublished) as raised:
        claimreview_jsonld(claim)
    assert isinstance(raised.value, DomainError)
    assert raised.value.code == "not_published"


# --- Round trip ------------------------------------------------------------------


@pytest.mark.parametrize("verdict", Verdict.values)
def test_our_own_markup_imports_back_onto_the_same_claim_with_the_same_rating(published, verdict):
    claim = published(verdict=verdict, claimant="Ministry of Transport")
    markup = json.dumps(claimreview_jsonld(claim))
    html = (
        "<html><head><title>Bus fares checked</title>"
        f'<script type="application/ld+json">{markup}</script></head><body><article>'
        "<h1>Bus fares checked</h1>"
        "<p>The transport ministry says bus fares rose by 18% in 2023. We compared the "
        "published fare tables for both years and the operators' own annual reports.</p>"
        "<p>The tables show a smaller rise for most tickets, with the largest increase on "
        "single fares bought on board.</p></article></body></html>"
    )
    claims_before = Claim.objects.count()

    ingest(html, url=claimreview_jsonld(claim)["url"], source="Harbour Fact Desk")

    review = ExternalReview.objects.get()
    assert review.claim == claim
    assert Claim.objects.count() == claims_before
    assert review.publisher == "Harbour Fact Desk"
    assert review.rating_value == RATING_SCALE.get(verdict)
    assert review.alternate_name == Verdict(verdict).label
    assert review.date_published == date(2024, 5, 2)
    assert (
        verdict_from_rating(
            review.rating_value, review.best_rating, review.worst_rating, review.alternate_name
        )
        == verdict
    )


# --- Import ----------------------------------------------------------------------


def test_a_json_ld_review_is_imported_with_its_claim_rating_publisher_and_dates():
    result = ingest(
        page("jsonld_single.html"), url="https://northfield-facts.example/checks/nurses-2023"
    )

    review = ExternalReview.objects.get()
    assert review.document == result.document
    assert review.claim_reviewed == "More than 12,400 nurses left public hospitals in 2023."
    assert (review.claimant, review.publisher) == ("Mara Quill", "Northfield Fact Desk")
    assert review.url == "https://northfield-facts.example/checks/nurses-2023"
    assert (review.rating_value, review.best_rating, review.worst_rating) == (2.0, 5.0, 1.0)
    assert review.alternate_name == "Mostly false"
    assert review.date_published == date(2024, 3, 18)
    # A new claim, checked like any other.
    claim = review.claim
    assert claim.text == review.claim_reviewed
    assert claim.claimant == "Mara Quill"
    assert claim.status == ClaimStatus.CHECKING
    assert claim.checks.count() == 1


def test_a_review_in_a_json_ld_graph_is_found_and_its_author_reference_followed():
    ingest(page("jsonld_graph.html"), source="Ledger Check")

    review = ExternalReview.objects.get()
    assert review.claim_reviewed == (
        "Youth unemployment in the Valmont region fell to 9.4% in 2023."
    )
    assert review.publisher == "Ledger Check"
    assert review.claimant == "Valmont Regional Council"
    assert review.url == "https://ledger-check.example/checks/valmont-youth-jobs"
    assert (review.rating_value, review.alternate_name) == (4.0, "Mostly true")
    assert review.date_published == date(2024, 2, 5)


def test_reviews_in_a_json_ld_list_and_nested_in_an_article_are_all_found():
    ingest(page("jsonld_list.html"), source="Field Notes Verify")

    reviews = {r.url.rsplit("#", 1)[1]: r for r in ExternalReview.objects.all()}
    assert set(reviews) == {"glacier", "volcano"}
    glacier, volcano = reviews["glacier"], reviews["volcano"]
    # "@type": "http://schema.org/ClaimReview", inside the article's "review".
    assert glacier.claim_reviewed.startswith("The Arden glacier has lost 40 metres")
    assert (glacier.rating_value, glacier.alternate_name) == (5.0, "True")
    # Author and claimant given as plain text; a 0..6 scale kept as published.
    assert (volcano.publisher, volcano.claimant) == ("Field Notes Verify", "Jonas Brandt")
    assert (volcano.rating_value, volcano.best_rating, volcano.worst_rating) == (0.0, 6.0, 0.0)
    assert glacier.claim != volcano.claim


def test_a_microdata_review_is_imported_with_its_relative_url_made_absolute():
    ingest(page("microdata.html"), url="https://clinic-facts.example/checks/vitamin-d")

    review = ExternalReview.objects.get()
    assert review.claim_reviewed == "Vitamin D supplements cut the risk of hip fracture by 70%."
    assert review.url == "https://clinic-facts.example/checks/vitamin-d-hip-fractures"
    assert (review.publisher, review.claimant) == ("Clinic Facts", "Sunrise Wellness Company")
    assert (review.rating_value, review.alternate_name) == (1.0, "False")
    assert review.date_published == date(2024, 4, 22)


def test_an_rdfa_review_is_imported():
    ingest(page("rdfa.html"), url="https://tideline-checks.example/checks/sea-level")

    review = ExternalReview.objects.get()
    assert review.claim_reviewed == "Global sea levels rose 9 centimetres between 2000 and 2020."
    assert review.url == "https://tideline-checks.example/checks/sea-level-2000-2020"
    assert (review.publisher, review.claimant) == ("Tideline Checks", "Coastal Futures Institute")
    assert (review.rating_value, review.alternate_name) == (3.0, "Half true")
    assert review.date_published == date(2024, 5, 9)


def test_a_review_of_a_claim_the_desk_has_is_linked_to_it_without_a_new_check():
    existing, _ = claim_create(text="More than 12,400 nurses left public hospitals in 2023.")
    checks = existing.checks.count()

    ingest(page("jsonld_single.html"))

    assert ExternalReview.objects.get().claim == existing
    assert Claim.objects.count() == 1
    assert existing.checks.count() == checks


def test_without_a_url_or_author_in_the_markup_the_page_and_its_source_stand_in(
    make_document,
):
    document = make_document(url="https://gazette.example/checks/rent")
    html = (
        '<script type="application/ld+json">{"@context": "https://schema.org", '
        '"@type": "ClaimReview", "claimReviewed": "Average rents rose 14% in 2023.", '
        '"reviewRating": {"@type": "Rating", "alternateName": "Mostly true"}}</script>'
    )

    (review,) = claimreviews_import(document=document, raw_html=html, base_url=None)

    assert (review.publisher, review.url) == ("Example Gazette", document.url)


def test_a_review_marked_up_twice_on_one_page_is_stored_once(make_document):
    document = make_document()
    microdata = page("microdata.html")
    json_ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": "https://clinic-facts.example/checks/vitamin-d-hip-fractures",
            "claimReviewed": "Vitamin D supplements cut the risk of hip fracture by 70%.",
            "author": {"@type": "Organization", "name": "Clinic Facts"},
            "reviewRating": {"@type": "Rating", "ratingValue": 1, "alternateName": "False"},
        }
    )
    html = microdata.replace(
        "</head>", f'<script type="application/ld+json">{json_ld}</script></head>'
    )

    reviews = claimreviews_import(
        document=document, raw_html=html, base_url="https://clinic-facts.example/checks/"
    )

    assert len(reviews) == 1
    assert ExternalReview.objects.count() == 1


def test_ingesting_the_same_page_twice_keeps_one_review(api):
    body = {
        "html": page("jsonld_graph.html"),
        "url": "https://ledger-check.example/checks/valmont-youth-jobs",
        "source": {"name": "Ledger Check"},
    }
    first = api.post("/api/v1/documents/", body, format="json")
    again = api.post("/api/v1/documents/", body, format="json")

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert ExternalReview.objects.count() == 1
    assert Claim.objects.count() == 1


def test_importing_changed_markup_again_updates_the_review_in_place(make_document):
    document = make_document(url="https://ledger-check.example/checks/valmont-youth-jobs")
    html = page("jsonld_graph.html")
    claimreviews_import(document=document, raw_html=html, base_url=document.url)

    corrected = html.replace('"Mostly true"', '"Half true"').replace('"4"', '"3"')
    (review,) = claimreviews_import(document=document, raw_html=corrected, base_url=document.url)

    assert ExternalReview.objects.get() == review
    assert (review.rating_value, review.alternate_name) == (3.0, "Half true")


def test_a_later_article_repeating_a_reviewed_claim_is_linked_to_that_claim(make_source):
    ingest(page("jsonld_single.html"), url="https://northfield-facts.example/checks/nurses-2023")
    reviewed = ExternalReview.objects.get().claim
    article = document_ingest(
        source=make_source("Evening Courier"),
        text=(
            "Hospital staffing back before the committee\n\n"
            "In 2023 more than 12,400 nurses left public hospitals, Quill said.\n"
            "The committee will hear from hospital managers next month."
        ),
    ).document

    report = claims_extract_from_document(document_id=article.pk)

    assert reviewed.pk in report.claims
    assert reviewed.pk not in report.new_claims
    assert reviewed.appearances.filter(document=article).exists()


def test_malformed_markup_is_skipped_and_the_page_is_still_ingested(api, caplog):
    caplog.set_level(logging.INFO, logger="claims.claimreview")

    response = api.post(
        "/api/v1/documents/",
        {"html": page("malformed.html"), "source": {"name": "Market Watch Checks"}},
        format="json",
    )

    assert response.status_code == 201, response.content
    # Of four blocks (bad JSON, no claim text, rating "N/A", nothing readable),
    # only the one with a statement is kept, its unreadable number left out.
    review = ExternalReview.objects.get()
    assert review.claim_reviewed == "The flour tariff raised the price of a loaf by 35 cents."
    assert (review.rating_value, review.best_rating, review.alternate_name) == (
        None,
        None,
        "Unproven",
    )
    assert (review.publisher, review.date_published) == ("Market Watch Checks", None)
    messages = [r for r in caplog.records if r.name == "claims.claimreview"]
    assert messages
    assert all(r.levelno == logging.INFO for r in messages)


@pytest.mark.parametrize(
    "html", ["", "ClaimReview", "\x00\x01 ClaimReview", "<html><p>ClaimReview"]
)
def test_a_page_with_no_readable_markup_has_no_reviews(html):
    assert claimreviews_read(html, base_url=None) == []


def test_an_ordinary_page_is_never_parsed_for_reviews(monkeypatch, make_source):
    def fail(**kwargs):
        raise AssertionError("parsed a page that names no ClaimReview")

    monkeypatch.setattr("claims.claimreview.claimreviews_import", fail)
    html = page("jsonld_single.html").replace("ClaimReview", "NewsArticle")

    result = document_ingest(source=make_source(), html=html)

    assert result.created
    assert not ExternalReview.objects.exists()


def test_sources_announces_a_stored_page_and_the_claims_receiver_imports_its_reviews():
    # sources must not import claims: it sends document_stored, claims receives it.
    received = []

    def spy(**kwargs):
        received.append(kwargs)

    document_stored.connect(spy, sender=Document)
    try:
        html, url = page("jsonld_single.html"), "https://northfield-facts.example/checks/nurses"
        result = ingest(html, url=url)
    finally:
        document_stored.disconnect(spy, sender=Document)

    (sent,) = received
    assert (sent["document"], sent["created"]) == (result.document, True)
    assert (sent["raw_html"], sent["base_url"]) == (html, url)
    assert ExternalReview.objects.get().document == result.document


def test_a_failing_import_fails_the_ingestion_in_its_transaction(monkeypatch, make_source):
    # The receiver runs inside document_ingest's transaction, as the direct call
    # did: only unreadable markup is skipped, any other error stores nothing.
    def fail(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("claims.claimreview.claimreviews_import", fail)

    with pytest.raises(RuntimeError, match="went away"):
        document_ingest(source=make_source(), html=page("jsonld_single.html"))

    assert not Document.objects.exists()
    assert not Claim.objects.exists()


# --- Verdicts from other publishers' ratings ---------------------------------------


@pytest.mark.parametrize(
    ("value", "best", "worst", "words", "verdict"),
    [
        # Numbers on our own scale, and schema.org's defaults (1..5) when none is given.
        (5, 5, 1, "", "true"),
        (4, 5, 1, None, "mostly_true"),
        (3, None, None, "", "mixed"),
        (2, 5, 1, "", "mostly_false"),
        (1, None, None, "", "false"),
        # Other scales, placed on ours: 0..6, 1..10, 0..1, and best below worst.
        (0, 6, 0, "", "false"),
        (6, 6, 0, "", "true"),
        (3, 6, 0, "", "mixed"),
        (8, 10, 1, "", "mostly_true"),
        (1, 1, 0, "", "true"),
        (1, 1, 5, "", "true"),
        (4, 1, 5, "", "mostly_false"),
        # Numbers that mean nothing on the scale given.
        (-1, 5, 1, "", None),
        (7, None, None, "", None),
        (3, 3, 3, "", None),
        (None, 5, 1, "", None),
        (None, None, None, None, None),
        # Words, with no number.
        (None, None, None, "False", "false"),
        (None, None, None, "Pants on Fire!", "false"),
        (None, None, None, "pants-on-fire", "false"),
        (None, None, None, "Not true", "false"),
        (None, None, None, "Incorrect", "false"),
        (None, None, None, "Fake", "false"),
        (None, None, None, "Mostly False", "mostly_false"),
        (None, None, None, "Misleading", "mostly_false"),
        (None, None, None, "True, but misleading", "mostly_false"),
        (None, None, None, "Not entirely accurate", "mostly_false"),
        (None, None, None, "Half True", "mixed"),
        (None, None, None, "half-true", "mixed"),
        (None, None, None, "Mixed", "mixed"),
        (None, None, None, "Mixture", "mixed"),
        (None, None, None, "Partly false", "mixed"),
        (None, None, None, "Mostly true", "mostly_true"),
        (None, None, None, "Largely accurate", "mostly_true"),
        (None, None, None, "TRUE", "true"),
        (None, None, None, "Correct", "true"),
        (None, None, None, "Accurate", "true"),
        (None, None, None, "Unproven", "unverifiable"),
        (None, None, None, "Unsupported", "unverifiable"),
        (None, None, None, "No evidence", "unverifiable"),
        (None, None, None, "Not enough evidence", "unverifiable"),
        (None, None, None, "Unverifiable", "unverifiable"),
        (None, None, None, "Can't be verified", "unverifiable"),
        (None, None, None, "False: no evidence it happened", "false"),
        (None, None, None, "Needs context", None),
        (None, None, None, "Satire", None),
        # Words the scale does not know leave it to the number.
        (2, 5, 1, "Needs context", "mostly_false"),
        # The words readers see win over a number that contradicts them.
        (1, 6, 1, "True", "true"),
        (-1, 5, 1, "Misleading", "mostly_false"),
    ],
)
def test_a_publishers_rating_is_read_onto_our_verdicts(value, best, worst, words, verdict):
    assert verdict_from_rating(value, best, worst, words) == verdict


# --- over the API, and in checks ------------------------------------------------------


def test_the_claimreview_endpoint_serves_a_published_claims_json_ld(api, published):
    claim = published(verdict=Verdict.MOSTLY_FALSE)

    response = api.get(f"/api/v1/claims/{claim.pk}/claimreview/")

    assert response.status_code == 200
    assert response.json() == claimreview_jsonld(claim)


def test_the_claimreview_endpoint_is_a_409_before_the_claim_is_published(api, make_claim):
    claim = make_claim(status=ClaimStatus.RESOLVED, verdict=Verdict.FALSE)

    response = api.get(f"/api/v1/claims/{claim.pk}/claimreview/")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "not_published"


def test_a_claim_shows_other_publishers_reviews_with_their_rating_on_our_scale(api):
    ingest(page("jsonld_single.html"), url="https://northfield-facts.example/checks/nurses-2023")
    review = ExternalReview.objects.get()

    body = api.get(f"/api/v1/claims/{review.claim_id}/").json()

    (shown,) = body["external_reviews"]
    assert shown["publisher"] == review.publisher
    assert shown["verdict"] == verdict_from_rating(
        review.rating_value, review.best_rating, review.worst_rating, review.alternate_name
    )
    assert shown["verdict"] in Verdict.values


def test_a_check_of_a_claim_reviewed_elsewhere_flags_that_review(make_source):
    from claims.checks import check_run

    ingest(page("jsonld_single.html"), url="https://northfield-facts.example/checks/nurses-2023")
    review = ExternalReview.objects.get()
    check = review.claim.checks.get()

    check_run(check_id=check.pk)

    check.refresh_from_db()
    flags = [f for f in check.flags if f["kind"] == "reviewed_elsewhere"]
    assert len(flags) == 1
    assert review.publisher in flags[0]["detail"]
    assert review.url in flags[0]["detail"]
