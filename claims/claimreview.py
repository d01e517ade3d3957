"""schema.org ClaimReview, out and in.

Out: the markup the desk publishes for a published claim, with everything
Google's fact-check markup requires and recommends (claimReviewed, url,
author, datePublished, reviewRating, itemReviewed as a Claim).

In: the ClaimReviews other publishers mark up (JSON-LD, microdata or RDFa) on
pages we ingest, each linked to our canonical Claim and kept as an
ExternalReview, so a claim someone has already checked is recognised when it
recurs in a later article.
"""

import logging
import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urljoin, urlsplit

import extruct
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from extruct.utils import parse_xmldom_html

from factcheck.errors import DomainError
from sources.dates import parse_publication_date
from sources.models import Document

from .choices import ClaimStatus, Verdict
from .models import Claim, ExternalReview
from .services import claim_create

logger = logging.getLogger(__name__)


class NotPublished(DomainError):
    """Only a published claim has a public ClaimReview."""

    code = "not_published"


# --- Export --------------------------------------------------------------------

# The number-to-words scale Google's fact-check documentation gives as its
# example (1 = False ... 5 = True); "unverifiable" has no place on it.
RATING_SCALE: dict[str, int] = {
    Verdict.TRUE: 5,
    Verdict.MOSTLY_TRUE: 4,
    Verdict.MIXED: 3,
    Verdict.MOSTLY_FALSE: 2,
    Verdict.FALSE: 1,
}
BEST_RATING, WORST_RATING = 5, 1

# A claimant named with one of these words is an organisation, not a person.
_ORGANISATION_WORDS = frozenset(
    """ministry agency department dept company inc ltd llc corp corporation party council
    government office bank university committee news association institute foundation
    commission authority bureau federation union organisation organization""".split()
)
# "WHO", "NASA", "IMF": a name that is one short capitalised acronym.
_ACRONYM = re.compile(r"[A-Z]{2,6}")


def claimreview_jsonld(claim: Claim) -> dict[str, Any]:
    """The claim's schema.org ClaimReview as JSON-LD; NotPublished unless it is published.

    Keys whose value is unknown are left out rather than given as null.
    """
    if claim.status != ClaimStatus.PUBLISHED:
        raise NotPublished(
            "Only a published claim has a ClaimReview.",
            details={"status": claim.status},
        )
    review: dict[str, Any] = {"@context": "https://schema.org", "@type": "ClaimReview"}
    url = _review_url(claim)
    if url:
        review["url"] = url
    review["claimReviewed"] = claim.text
    if claim.published_at is not None:
        review["datePublished"] = timezone.localdate(claim.published_at).isoformat()
    review["author"] = _organisation()
    review["reviewRating"] = _rating(claim)
    review["itemReviewed"] = _item_reviewed(claim)
    return review


def _review_url(claim: Claim) -> str:
    if claim.review_url:
        return claim.review_url
    # No review URL recorded: fall back to a stable URL on the desk's own site
    # (the claim's id never changes), so the markup still has its required url.
    # With no organisation URL configured there is nothing absolute to build on.
    base = settings.FACTCHECK_ORGANIZATION_URL
    return f"{base.rstrip('/')}/claims/{claim.pk}/" if base else ""


def _organisation() -> dict[str, str]:
    author = {"@type": "Organization", "name": settings.FACTCHECK_ORGANIZATION_NAME}
    if settings.FACTCHECK_ORGANIZATION_URL:
        author["url"] = settings.FACTCHECK_ORGANIZATION_URL
    return author


def _rating(claim: Claim) -> dict[str, Any]:
    rating: dict[str, Any] = {"@type": "Rating"}
    value = RATING_SCALE.get(claim.verdict)
    # "unverifiable" is no point between true and false. Google shows only the
    # words (alternateName) and treats the numbers as optional, for numeric
    # ratings; so that verdict is given in words alone, not with an invented number.
    if value is not None:
        rating |= {"ratingValue": value, "bestRating": BEST_RATING, "worstRating": WORST_RATING}
    rating["alternateName"] = claim.rating_text or str(Verdict(claim.verdict).label)
    return rating


def _item_reviewed(claim: Claim) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Claim"}
    if claim.claimant:
        item["author"] = {"@type": _author_type(claim.claimant), "name": claim.claimant}
    # Earliest first; undated documents last, in the order they were stored.
    documents = list(
        Document.objects.filter(appearances__claim=claim)
        .distinct()
        .order_by(F("published_at").asc(nulls_last=True), "id")
    )
    dated = [d.published_at for d in documents if d.published_at is not None]
    if dated:
        item["datePublished"] = timezone.localdate(min(dated)).isoformat()
    urls = [d.url for d in documents if d.url]
    if urls:
        item["appearance"] = [{"@type": "CreativeWork", "url": url} for url in urls]
        item["firstAppearance"] = {"@type": "CreativeWork", "url": urls[0]}
    return item


def _author_type(name: str) -> str:
    words = re.findall(r"\w+", name)
    if len(words) == 1 and _ACRONYM.fullmatch(words[0]):
        return "Organization"
    return "Organization" if _ORGANISATION_WORDS.intersection(map(str.lower, words)) else "Person"


# --- Verdicts from other publishers' ratings ------------------------------------


def _words(*alternatives: str) -> str:
    return r"\b(?:" + "|".join(alternatives) + r")\b"


_TRUE_WORDS = "(?:true|correct|accurate)"
# Most specific first: "mostly false" before "false", "not true" before "true";
# a plain "false" outweighs "no evidence" beside it.
_RATING_WORDS: tuple[tuple[re.Pattern[str], Verdict], ...] = tuple(
    (re.compile(pattern), verdict)
    for pattern, verdict in (
        (
            _words(
                "mostly false",
                "largely false",
                "mostly (?:incorrect|inaccurate|untrue)",
                "misleading",
                rf"not (?:entirely|quite|completely|wholly|fully) {_TRUE_WORDS}",
            ),
            Verdict.MOSTLY_FALSE,
        ),
        (
            _words(
                rf"(?:mostly|largely) {_TRUE_WORDS}",
                "not (?:entirely|completely|wholly) false",
            ),
            Verdict.MOSTLY_TRUE,
        ),
        (
            _words(
                "half (?:true|false)",
                "(?:partly|partially) (?:true|false|correct|accurate)",
                "mixed",
                "mixture",
            ),
            Verdict.MIXED,
        ),
        (
            _words(
                "pants on fire",
                "false",
                "untrue",
                "incorrect",
                "inaccurate",
                "wrong",
                "fake",
                "fabricated",
                "hoax",
                rf"not {_TRUE_WORDS}",
            ),
            Verdict.FALSE,
        ),
        (
            _words(
                "unverifiable",
                "unverified",
                "unproven",
                "unsupported",
                "unsubstantiated",
                "(?:no|not enough|insufficient) evidence",
                "(?:cannot|can t|could not) be (?:verified|confirmed)",
                "not verifiable",
            ),
            Verdict.UNVERIFIABLE,
        ),
        (_words(_TRUE_WORDS), Verdict.TRUE),
    )
)
_NOT_LETTERS = re.compile(r"[^a-z]+")
_VERDICT_AT = {position: verdict for verdict, position in RATING_SCALE.items()}


def verdict_from_rating(
    rating_value: float | None,
    best: float | None,
    worst: float | None,
    alternate_name: str | None,
) -> str | None:
    """A publisher's rating on our Verdict scale, or None when it cannot be read.

    The words (alternateName) win when they name a verdict: they are what the
    publisher's readers see and what Google shows, while numbers follow each
    publisher's own scale and are sometimes placeholders (-1, 0). Otherwise
    the number is placed on our 1..5 scale between worst and best (schema.org's
    defaults, 1 and 5, when they are not given).
    """
    words = _NOT_LETTERS.sub(" ", (alternate_name or "").lower()).strip()
    for pattern, verdict in _RATING_WORDS:
        if pattern.search(words):
            return verdict.value
    if rating_value is None:
        return None
    best = BEST_RATING if best is None else best
    worst = WORST_RATING if worst is None else worst
    if best == worst:
        return None
    # Either orientation works: the share runs from worst (0) to best (1).
    share = (rating_value - worst) / (best - worst)
    if not 0 <= share <= 1:
        return None
    position = math.floor(WORST_RATING + share * (BEST_RATING - WORST_RATING) + 0.5)
    return _VERDICT_AT[position].value


# --- Import ----------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewMarkup:
    """One ClaimReview as a page marks it up; "" or None for what it does not say."""

    claim_reviewed: str
    claimant: str
    rating_value: float | None
    best_rating: float | None
    worst_rating: float | None
    alternate_name: str
    publisher: str
    url: str
    date_published: date | None
    claim_date: date | None


# Property and type names as JSON-LD, microdata and RDFa may spell them.
_SCHEMA_PREFIXES = ("schema:", "http://schema.org/", "https://schema.org/")
_SPELLINGS = ("", *_SCHEMA_PREFIXES)
_JSON_LD_SCRIPTS = '//script[@type="application/ld+json"]'
# A claim is one statement: longer text in claimReviewed is a page's summary, not a claim.
_MAX_STATEMENT_CHARS = 1000
_TEXT_LIMITS = {
    name: ExternalReview._meta.get_field(name).max_length
    for name in ("publisher", "claimant", "alternate_name", "url")
}


@transaction.atomic
def claimreviews_import(
    *, document: Document, raw_html: str, base_url: str | None
) -> list[ExternalReview]:
    """Store the ClaimReviews a page marks up, each linked to our canonical claim.

    The reviewed statement becomes a claim through claim_create, as one typed
    in by hand would: it returns the canonical claim when the desk already has
    the statement (claim_find_canonical), and a new claim is checked against
    our sources like any other. Re-importing a page updates its reviews in
    place (one per claim, publisher and url). Markup that cannot be read is
    skipped and logged; it never stops the ingestion of the page.
    """
    reviews: dict[int, ExternalReview] = {}
    for markup in claimreviews_read(raw_html, base_url=base_url):
        claim, _ = claim_create(
            text=markup.claim_reviewed,
            claimant=markup.claimant,
            said_on=markup.claim_date or markup.date_published,
        )
        review, _ = ExternalReview.objects.update_or_create(
            claim=claim,
            publisher=markup.publisher or document.source.name,
            url=markup.url or document.url or "",
            defaults={
                "document": document,
                "claim_reviewed": markup.claim_reviewed,
                "claimant": markup.claimant,
                "rating_value": markup.rating_value,
                "best_rating": markup.best_rating,
                "worst_rating": markup.worst_rating,
                "alternate_name": markup.alternate_name,
                "date_published": markup.date_published,
            },
        )
        # A page marking one review up twice (JSON-LD and microdata) yields one row.
        reviews[review.pk] = review
    return list(reviews.values())


def claimreviews_import_stored(
    *, document: Document, raw_html: str | None, base_url: str | None, **kwargs: Any
) -> None:
    """Receiver of sources' document_stored: import the reviews a stored page marks up.

    Connected in ClaimsConfig.ready. It runs inside document_ingest's
    transaction, as the direct call it replaces did, so an error here fails
    that ingestion. The substring test spares ordinary pages (and text) the
    parsing; a duplicate page re-imports harmlessly (reviews update in place).
    """
    if raw_html is not None and "ClaimReview" in raw_html:
        claimreviews_import(document=document, raw_html=raw_html, base_url=base_url)


def claimreviews_read(raw_html: str, *, base_url: str | None) -> list[ReviewMarkup]:
    """Every readable ClaimReview on the page, wherever and however it is marked up."""
    items = _extract_items(raw_html, base_url)
    nodes, found = _index(items)
    reviews: list[ReviewMarkup] = []
    for node in found:
        markup = _review_markup(node, nodes, base_url)
        if markup is not None and markup not in reviews:
            reviews.append(markup)
    return reviews


def _extract_items(raw_html: str, base_url: str | None) -> list[Any]:
    try:
        # Bytes, so that a page still declaring an encoding in an XML prolog parses.
        tree = parse_xmldom_html(raw_html.encode("utf-8"), encoding="UTF-8")
    except Exception as exc:  # lxml on untrusted markup: any failure means "no markup"
        logger.info("ClaimReview import: page at %s does not parse: %s", base_url, exc)
        return []
    items = _extract(tree, base_url, "microdata") + _extract(tree, base_url, "rdfa")
    # Each JSON-LD block alone: extruct loses every block on a page when one is malformed.
    for script in tree.xpath(_JSON_LD_SCRIPTS):
        items += _extract(script, base_url, "json-ld")
    return items


def _extract(tree: Any, base_url: str | None, syntax: str) -> list[Any]:
    try:
        return extruct.extract(tree, base_url=base_url, syntaxes=[syntax], uniform=True)[syntax]
    except Exception as exc:  # third-party parsers on untrusted markup may raise anything
        logger.info("ClaimReview import: unreadable %s markup at %s: %s", syntax, base_url, exc)
        return []


def _index(items: list[Any]) -> tuple[dict[str, dict], list[dict]]:
    """Nodes by "@id" (to follow references, as in @graph and RDFa), and the ClaimReviews.

    Walks every dict and list however deep (top level, @graph, lists, nested
    in an Article or WebPage), without recursion, so no page can exhaust the stack.
    """
    nodes: dict[str, dict] = {}
    found: list[dict] = []
    stack: list[Any] = list(reversed(items))
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            stack.extend(reversed(value))
        elif isinstance(value, dict):
            node_id = value.get("@id")
            if isinstance(node_id, str) and len(value) > 1:
                nodes.setdefault(node_id, value)
            if "ClaimReview" in _types(value):
                found.append(value)
            stack.extend(reversed(list(value.values())))
    return nodes, found


def _types(node: dict) -> set[str]:
    types = node.get("@type", [])
    return {_local(t) for t in (types if isinstance(types, list) else [types])}


def _local(name: Any) -> str:
    if not isinstance(name, str):
        return ""
    for prefix in _SCHEMA_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _values(node: dict, name: str, nodes: dict[str, dict]) -> list[Any]:
    """The property's values, however spelt: {"@value": x} read as x, and a
    reference {"@id": ...} as the node it names (or the IRI itself, a URL)."""
    values: list[Any] = []
    for spelling in _SPELLINGS:
        value = node.get(spelling + name)
        if isinstance(value, list):
            values += value
        elif value is not None:
            values.append(value)
    resolved = []
    for value in values:
        if isinstance(value, dict) and "@value" in value:
            value = value["@value"]
        elif isinstance(value, dict) and value.keys() == {"@id"}:
            value = nodes.get(value["@id"], value["@id"])
        resolved.append(value)
    return resolved


def _plain(value: Any) -> str:
    """A text or number as one line of text; "" for anything else (bool is an int, not text)."""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return " ".join(str(value).split())
    return ""


def _text(node: dict, name: str, nodes: dict[str, dict]) -> str:
    return next((t for t in map(_plain, _values(node, name, nodes)) if t), "")


def _node(node: dict, name: str, nodes: dict[str, dict]) -> dict:
    return next((v for v in _values(node, name, nodes) if isinstance(v, dict)), {})


def _name(node: dict, name: str, nodes: dict[str, dict]) -> str:
    """A person's or organisation's name, given as {"name": ...} or as plain text."""
    for value in _values(node, name, nodes):
        if isinstance(value, dict):
            text = _text(value, "name", nodes)
        else:
            # A bare number ("author": 42) is no one's name.
            text = _plain(value) if isinstance(value, str) else ""
        if text:
            return text
    return ""


def _number(text: str) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _date(text: str) -> date | None:
    moment = parse_publication_date(text)
    return moment.date() if moment else None


def _url(text: str, base_url: str | None) -> str:
    """The absolute http(s) URL, relative ones read against the page's; "" if none."""
    if not text:
        return ""
    try:
        url = urljoin(base_url or "", text)
        scheme = urlsplit(url).scheme
    except ValueError:
        return ""
    if scheme not in ("http", "https") or len(url) > _TEXT_LIMITS["url"]:
        return ""
    return url


def _review_markup(node: dict, nodes: dict[str, dict], base_url: str | None) -> ReviewMarkup | None:
    item = _node(node, "itemReviewed", nodes)
    statement = (
        _text(node, "claimReviewed", nodes)
        or _text(item, "name", nodes)
        or _text(item, "text", nodes)
    )
    if not statement or len(statement) > _MAX_STATEMENT_CHARS:
        logger.info(
            "ClaimReview import: skipped a review at %s with %s",
            base_url,
            "no claim text" if not statement else "a claim text too long to be one statement",
        )
        return None
    rating = _node(node, "reviewRating", nodes)
    numbers = {}
    for name in ("ratingValue", "bestRating", "worstRating"):
        text = _text(rating, name, nodes)
        numbers[name] = _number(text) if text else None
        if text and numbers[name] is None:
            # "N/A", "-": the review still says who checked the claim and, in
            # words, what they found; only the number is left out.
            logger.info("ClaimReview import: unreadable %s %r at %s", name, text, base_url)
    limit = _TEXT_LIMITS
    return ReviewMarkup(
        claim_reviewed=statement,
        claimant=_name(item, "author", nodes)[: limit["claimant"]],
        rating_value=numbers["ratingValue"],
        best_rating=numbers["bestRating"],
        worst_rating=numbers["worstRating"],
        # Google reads "name" when a rating has no alternateName.
        alternate_name=(_text(rating, "alternateName", nodes) or _text(rating, "name", nodes))[
            : limit["alternate_name"]
        ],
        publisher=(_name(node, "author", nodes) or _name(node, "publisher", nodes))[
            : limit["publisher"]
        ],
        url=_url(_text(node, "url", nodes), base_url),
        date_published=_date(_text(node, "datePublished", nodes)),
        claim_date=_date(_text(item, "datePublished", nodes)),
    )
