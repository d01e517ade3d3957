"""Claims over the API: filters, cursor pages, claims by hand, and the review commands."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from knox.models import AuthToken
from rest_framework.test import APIClient

from claims.choices import ClaimKind, ClaimStatus, ReviewAction
from claims.models import Appearance, Claim, ReviewEvent
from factcheck.jobs.models import Job
from sources.models import Document
from tests.api_support import as_user, assert_error

pytestmark = pytest.mark.django_db

MakeClaim = Callable[..., Claim]


@pytest.fixture
def desk(reviewer: User) -> APIClient:
    return as_user(reviewer)


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def appear(claim: Claim, document: Document) -> None:
    Appearance.objects.create(claim=claim, document=document, start=0, end=10, sentence="x" * 10)


# --- list: filters ----------------------------------------------------------------


def test_claims_are_filtered_by_status_verdict_and_kind(desk, make_claim: MakeClaim) -> None:
    waiting = make_claim(status=ClaimStatus.NEEDS_REVIEW, kind=ClaimKind.QUANTITY)
    false = make_claim(status=ClaimStatus.RESOLVED, verdict="false", kind=ClaimKind.EVENT)
    make_claim(status=ClaimStatus.NEW, kind=ClaimKind.QUOTE)

    assert ids(desk.get("/api/v1/claims/?status=needs_review")) == [waiting.pk]
    assert ids(desk.get("/api/v1/claims/?verdict=false")) == [false.pk]
    assert ids(desk.get("/api/v1/claims/?kind=event")) == [false.pk]
    both = desk.get("/api/v1/claims/?status=needs_review&status=resolved")
    assert sorted(ids(both)) == sorted([waiting.pk, false.pk])


def test_claims_are_filtered_by_the_document_and_source_they_appear_in(
    desk, make_claim: MakeClaim, make_document, make_source
) -> None:
    gazette, herald = make_source("Gazette"), make_source("Herald")
    first = make_document("First text.", source=gazette)
    second = make_document("Second text.", source=gazette)
    other = make_document("Other text.", source=herald)
    in_both, only_other = make_claim(), make_claim()
    appear(in_both, first)
    appear(in_both, second)
    appear(only_other, other)

    # A claim in two documents of one source is listed once.
    assert ids(desk.get(f"/api/v1/claims/?source={gazette.pk}")) == [in_both.pk]
    assert ids(desk.get(f"/api/v1/claims/?document={other.pk}")) == [only_other.pk]


def test_claims_are_filtered_by_publication_and_creation_dates(
    desk, make_claim: MakeClaim, make_document
) -> None:
    old_doc = make_document("Old.", published_at=datetime(2023, 5, 1, tzinfo=UTC))
    new_doc = make_document("New.", published_at=datetime(2025, 5, 1, tzinfo=UTC))
    old_claim = make_claim(created_at=datetime(2023, 5, 2, tzinfo=UTC))
    new_claim = make_claim(created_at=datetime(2025, 5, 2, tzinfo=UTC))
    appear(old_claim, old_doc)
    appear(new_claim, new_doc)

    assert ids(desk.get("/api/v1/claims/?published_before=2024-01-01T00:00:00Z")) == [old_claim.pk]
    assert ids(desk.get("/api/v1/claims/?published_after=2024-01-01T00:00:00Z")) == [new_claim.pk]
    assert ids(desk.get("/api/v1/claims/?created_after=2024-01-01T00:00:00Z")) == [new_claim.pk]
    assert ids(desk.get("/api/v1/claims/?created_before=2024-01-01T00:00:00Z")) == [old_claim.pk]


def test_claims_are_filtered_by_assignee_me_and_unassigned(
    desk, reviewer: User, second_reviewer: User, make_claim: MakeClaim
) -> None:
    mine = make_claim(assignee=reviewer)
    theirs = make_claim(assignee=second_reviewer)
    nobody = make_claim()

    assert ids(desk.get("/api/v1/claims/?assignee=me")) == [mine.pk]
    assert ids(desk.get(f"/api/v1/claims/?assignee={second_reviewer.pk}")) == [theirs.pk]
    assert ids(desk.get("/api/v1/claims/?assignee=none")) == [nobody.pk]
    assert_error(desk.get("/api/v1/claims/?assignee=someone"), 400, "invalid")


def test_claims_are_filtered_by_claimant_words_and_check_worthiness(
    desk, make_claim: MakeClaim
) -> None:
    budget = make_claim(
        text="The hospital budget grew by 12 million pounds last year.",
        claimant="Health Ministry",
        check_worthiness=0.9,
    )
    vaccination = make_claim(
        text="Vaccination rates fell to 81% among toddlers.",
        claimant="Public Health Agency",
        check_worthiness=0.4,
    )

    assert ids(desk.get("/api/v1/claims/?claimant=ministry")) == [budget.pk]
    assert ids(desk.get("/api/v1/claims/?q=hospital budget")) == [budget.pk]
    assert ids(desk.get("/api/v1/claims/?min_check_worthiness=0.5")) == [budget.pk]
    assert ids(desk.get("/api/v1/claims/?max_check_worthiness=0.5")) == [vaccination.pk]


def test_a_bad_filter_value_is_a_400_not_an_empty_page(desk) -> None:
    assert_error(desk.get("/api/v1/claims/?status=maybe"), 400, "invalid")
    assert_error(desk.get("/api/v1/claims/?created_after=yesterday"), 400, "invalid")


# --- list: ordering and cursor pages ------------------------------------------------


def test_claims_are_ordered_on_request(desk, make_claim: MakeClaim) -> None:
    low, high = make_claim(check_worthiness=0.2), make_claim(check_worthiness=0.8)
    assert ids(desk.get("/api/v1/claims/?ordering=-check_worthiness")) == [high.pk, low.pk]
    assert ids(desk.get("/api/v1/claims/?ordering=check_worthiness")) == [low.pk, high.pk]


def test_cursor_pages_walk_every_claim_once_even_when_claims_arrive_meanwhile(
    desk, make_claim: MakeClaim
) -> None:
    start = datetime(2025, 1, 1, tzinfo=UTC)
    claims = [make_claim(created_at=start + timedelta(minutes=n)) for n in range(7)]
    seen: list[int] = []
    url = "/api/v1/claims/?page_size=3"
    while url:
        page = desk.get(url)
        seen += ids(page)
        if len(seen) == 3:
            make_claim(created_at=start + timedelta(days=1))  # newer: not in the walk
        url = page.json()["next"]
    assert seen == [c.pk for c in reversed(claims)]


def _walk(api: APIClient, url: str, link: str) -> tuple[list[int], APIClient]:
    seen: list[int] = []
    while url:
        page = api.get(url)
        seen += ids(page)  # each page a 200: no cursor the list gave out is refused
        last, url = page, page.json()[link]
    return seen, last


@pytest.mark.parametrize("tied", [False, True])
def test_cursor_pages_walk_forward_and_back_through_the_links_the_list_gives(
    desk, make_claim: MakeClaim, tied: bool
) -> None:
    # Positions in cursors are checked against the ordering field
    # (factcheck.api.pagination); every link the list writes must pass. Tied
    # moments make cursors that carry an offset as well as a position.
    start = datetime(2025, 1, 1, 12, 30, 15, 250_000, tzinfo=UTC)
    steps = [0, 0, 0, 1, 2] if tied else [0, 1, 2, 3, 4]
    claims = [make_claim(created_at=start + timedelta(minutes=n)) for n in steps]
    forward, last = _walk(desk, "/api/v1/claims/?page_size=2", "next")
    assert sorted(forward) == sorted(c.pk for c in claims)
    backward, _ = _walk(desk, last.json()["previous"], "previous")
    if not tied:  # with ties DRF may skip rows when the walk turns back (its documented artifact)
        assert sorted(backward + ids(last)) == sorted(c.pk for c in claims)


def test_the_page_size_is_capped(desk) -> None:
    Claim.objects.bulk_create(
        Claim(text=f"Exports rose by {n}% in May.", fingerprint=f"cap-{n}") for n in range(205)
    )
    response = desk.get("/api/v1/claims/?page_size=100000")
    assert len(ids(response)) == 200  # no error: the cap applies silently
    assert response.json()["next"]


def _queries_for(api: APIClient, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url)
    assert response.status_code == 200
    return len(queries)


def test_a_page_of_claims_costs_the_same_number_of_queries_whatever_its_size(
    reviewer: User, make_claim: MakeClaim, make_document
) -> None:
    document = make_document()
    for n in range(40):
        claim = make_claim(status=ClaimStatus.NEEDS_REVIEW, check_worthiness=0.7)
        appear(claim, document)
        if n % 2:
            Appearance.objects.create(
                claim=claim, document=make_document(f"Copy {n}."), start=0, end=4, sentence="Copy"
            )
    filters = "status=needs_review&min_check_worthiness=0.5&ordering=-created_at"
    # A real token, as a client app sends it: the whole request is counted.
    _, token = AuthToken.objects.create(user=reviewer)
    api = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    small = _queries_for(api, f"/api/v1/claims/?page_size=2&{filters}")
    large = _queries_for(api, f"/api/v1/claims/?page_size=40&{filters}")
    # The token with its user (1), the user's roles (1), the page (1) and its
    # appearances (1).
    assert small == large == 4


# --- claims by hand ---------------------------------------------------------------------


def test_a_claim_typed_in_by_hand_is_analysed_and_queued_for_a_check(client_user) -> None:
    response = as_user(client_user).post(
        "/api/v1/claims/",
        {"text": "Wheat exports rose to 3.1 million tonnes in March, the trade office said."},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert response["Location"] == f"/api/v1/claims/{body['id']}/"
    assert body["status"] == ClaimStatus.CHECKING
    assert body["claimant"] == "the trade office"
    assert body["quantities"][0]["value"] == 3_100_000
    assert body["latest_check"]["job"]["status"] == "queued"


def test_the_same_claim_typed_in_twice_returns_the_existing_claim(desk) -> None:
    text = "The clinic treated 4,200 patients in 2024, its director said."
    first = desk.post("/api/v1/claims/", {"text": text}, format="json")
    again = desk.post("/api/v1/claims/", {"text": "  " + text}, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert Claim.objects.count() == 1
    assert Job.objects.filter(kind="verify").count() == 1


def test_a_claim_by_hand_takes_the_given_claimant_and_kind(desk) -> None:
    response = desk.post(
        "/api/v1/claims/",
        {"text": "Crime fell by a third in ten years.", "claimant": "Mayor Lind", "kind": "quote"},
        format="json",
    )
    assert response.status_code == 201
    assert (response.json()["claimant"], response.json()["kind"]) == ("Mayor Lind", "quote")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "text"),
        ({"text": "short"}, "text"),
        ({"text": "x" * 2001}, "text"),
        ({"text": "A valid sentence about 12 schools.", "kind": "rumour"}, "kind"),
        ({"text": "A valid sentence about 12 schools.", "said_on": "soon"}, "said_on"),
    ],
)
def test_a_bad_claim_is_refused_and_nothing_is_written(desk, body: dict, field: str) -> None:
    error = assert_error(desk.post("/api/v1/claims/", body, format="json"), 400, "invalid")
    assert field in error["details"]
    assert not Claim.objects.exists()
    assert not Job.objects.exists()


# --- PATCH ----------------------------------------------------------------------------


def test_a_reviewer_corrects_the_claimant_and_the_history_says_what_changed(
    desk, make_claim: MakeClaim
) -> None:
    claim = make_claim(claimant="the minister")
    response = desk.patch(
        f"/api/v1/claims/{claim.pk}/",
        {"version": 1, "claimant": "Finance Minister Ana Ruiz", "review_url": "https://ex.org/r/1"},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["claimant"], body["version"]) == ("Finance Minister Ana Ruiz", 2)
    edit = body["review_history"][-1]
    assert edit["action"] == ReviewAction.EDIT
    assert "Ana Ruiz" in edit["note"]


@pytest.mark.parametrize("field", ["status", "verdict", "text", "assignee", "check_worthiness"])
def test_patch_refuses_fields_that_are_not_editable(desk, make_claim: MakeClaim, field) -> None:
    claim = make_claim()
    response = desk.patch(
        f"/api/v1/claims/{claim.pk}/", {"version": 1, field: "published"}, format="json"
    )
    error = assert_error(response, 400, "invalid")
    assert field in error["details"]
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.status, fresh.version, fresh.text) == (claim.status, 1, claim.text)


def test_patch_with_a_stale_version_is_a_409(desk, make_claim: MakeClaim) -> None:
    claim = make_claim()
    desk.patch(f"/api/v1/claims/{claim.pk}/", {"version": 1, "claimant": "A"}, format="json")
    stale = desk.patch(
        f"/api/v1/claims/{claim.pk}/", {"version": 1, "claimant": "B"}, format="json"
    )
    assert_error(stale, 409, "stale_version")
    assert Claim.objects.get(pk=claim.pk).claimant == "A"


def test_patch_needs_the_version_read(desk, make_claim: MakeClaim) -> None:
    claim = make_claim()
    response = desk.patch(f"/api/v1/claims/{claim.pk}/", {"claimant": "A"}, format="json")
    assert "version" in assert_error(response, 400)["details"]


# --- transition -------------------------------------------------------------------------


def test_a_reviewer_takes_a_claim_from_needs_review_to_published(
    desk, reviewer: User, make_claim: MakeClaim
) -> None:
    claim = make_claim(status=ClaimStatus.NEEDS_REVIEW)
    url = f"/api/v1/claims/{claim.pk}/transition/"
    body = desk.post(url, {"action": "start_review", "version": 1}, format="json").json()
    assert (body["status"], body["assignee"]) == ("in_review", reviewer.pk)
    assert body["available_actions"] == ["resolve"]
    body = desk.post(
        url, {"action": "resolve", "verdict": "mostly_false", "version": 2}, format="json"
    ).json()
    assert (body["status"], body["verdict"]) == ("resolved", "mostly_false")
    body = desk.post(url, {"action": "publish", "version": 3}, format="json").json()
    assert body["status"] == "published"
    assert body["published_at"]
    assert [e["action"] for e in body["review_history"]] == ["start_review", "resolve", "publish"]


def test_a_transition_that_is_not_possible_now_is_a_400(desk, make_claim: MakeClaim) -> None:
    claim = make_claim(status=ClaimStatus.NEEDS_REVIEW)
    response = desk.post(
        f"/api/v1/claims/{claim.pk}/transition/", {"action": "publish", "version": 1}, format="json"
    )
    assert_error(response, 400, "illegal_transition")
    assert not ReviewEvent.objects.exists()


def test_a_transition_with_an_unknown_action_is_a_400(desk, make_claim: MakeClaim) -> None:
    claim = make_claim(status=ClaimStatus.NEEDS_REVIEW)
    response = desk.post(
        f"/api/v1/claims/{claim.pk}/transition/", {"action": "bury", "version": 1}, format="json"
    )
    assert "action" in assert_error(response, 400, "invalid")["details"]


# --- assignment -------------------------------------------------------------------------


def test_assigning_and_unassigning_are_in_the_review_history(
    desk, second_reviewer: User, make_claim: MakeClaim
) -> None:
    claim = make_claim(status=ClaimStatus.NEEDS_REVIEW)
    body = desk.post(
        f"/api/v1/claims/{claim.pk}/assign/",
        {"assignee": second_reviewer.pk, "note": "you know the courts"},
        format="json",
    ).json()
    assert (body["assignee"], body["version"]) == (second_reviewer.pk, 2)
    body = desk.post(f"/api/v1/claims/{claim.pk}/unassign/", {}, format="json").json()
    assert body["assignee"] is None
    history = body["review_history"]
    assert [(e["action"], e["assignee"]) for e in history] == [
        ("assign", "sam"),
        ("unassign", None),
    ]
    assert history[0]["note"] == "you know the courts"


def test_a_claim_cannot_be_assigned_to_a_client_app(
    desk, client_user: User, make_claim: MakeClaim
) -> None:
    claim = make_claim()
    response = desk.post(
        f"/api/v1/claims/{claim.pk}/assign/", {"assignee": client_user.pk}, format="json"
    )
    assert_error(response, 400, "invalid_assignee")
    assert Claim.objects.get(pk=claim.pk).assignee is None


def test_bulk_assign_gives_many_claims_to_one_reviewer(
    desk, second_reviewer: User, make_claim: MakeClaim
) -> None:
    claims = [make_claim() for _ in range(5)]
    response = desk.post(
        "/api/v1/claims/bulk-assign/",
        {"claims": [c.pk for c in claims], "assignee": second_reviewer.pk},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert [row["assignee"] for row in response.json()] == [second_reviewer.pk] * 5
    assert ReviewEvent.objects.filter(action=ReviewAction.ASSIGN).count() == 5


def test_bulk_assign_naming_a_missing_claim_changes_nothing(
    desk, second_reviewer: User, make_claim: MakeClaim
) -> None:
    claim = make_claim()
    response = desk.post(
        "/api/v1/claims/bulk-assign/",
        {"claims": [claim.pk, claim.pk + 1000], "assignee": second_reviewer.pk},
        format="json",
    )
    assert assert_error(response, 400, "unknown_claims")["details"] == {
        "missing": [claim.pk + 1000]
    }
    assert Claim.objects.get(pk=claim.pk).assignee is None
    assert not ReviewEvent.objects.exists()


# --- comments ---------------------------------------------------------------------------


def test_comments_are_kept_in_the_review_history_without_changing_the_claim(
    desk, make_claim: MakeClaim
) -> None:
    claim = make_claim(status=ClaimStatus.IN_REVIEW)
    for text in ("Asked the ministry for its table.", "Table received."):
        response = desk.post(f"/api/v1/claims/{claim.pk}/comments/", {"text": text}, format="json")
        assert response.status_code == 201
        assert response.json()["actor"] == "rita"
    listed = desk.get(f"/api/v1/claims/{claim.pk}/comments/").json()
    assert [c["text"] for c in listed] == ["Asked the ministry for its table.", "Table received."]
    assert Claim.objects.get(pk=claim.pk).version == 1  # a comment is not a change
    history = desk.get(f"/api/v1/claims/{claim.pk}/").json()["review_history"]
    assert [e["action"] for e in history] == ["comment", "comment"]


def test_an_empty_comment_is_refused(desk, make_claim: MakeClaim) -> None:
    claim = make_claim()
    response = desk.post(f"/api/v1/claims/{claim.pk}/comments/", {"text": "  "}, format="json")
    assert_error(response, 400)
    assert not ReviewEvent.objects.exists()


def test_the_list_shows_each_claim_exactly_as_the_documented_serializer_does(
    desk, reviewer: User, make_claim: MakeClaim, make_document
) -> None:
    from claims.api.serializers import ClaimSerializer

    document = make_document()
    published = make_claim(
        status=ClaimStatus.PUBLISHED,
        verdict="mostly_true",
        assignee=reviewer,
        review_url="https://desk.example/reviews/1",
        published_at=datetime(2025, 3, 1, 12, 30, tzinfo=UTC),
        quantities=[{"text": "4%", "value": 4.0, "unit": "%"}],
    )
    plain = make_claim()
    appear(published, document)
    Appearance.objects.create(claim=published, document=document, start=20, end=30, sentence="y")

    listed = desk.get("/api/v1/claims/").json()["results"]

    expected = ClaimSerializer(Claim.objects.filter(pk__in=[published.pk, plain.pk]), many=True)
    by_id = {row["id"]: row for row in expected.data}
    assert listed == [by_id[plain.pk], by_id[published.pk]]
