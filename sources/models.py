"""Publishers and the texts they publish: every Document is searchable evidence."""

import hashlib
import re
import unicodedata

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone


class SourceKind(models.TextChoices):
    NEWS = "news", "News outlet"
    GOVERNMENT = "government", "Government"
    AGENCY = "agency", "News agency"
    THINK_TANK = "think_tank", "Think tank"
    FACT_CHECKER = "fact_checker", "Fact-checker"
    DATASET = "dataset", "Dataset"
    OTHER = "other", "Other"


class Source(models.Model):
    """A publisher or origin of documents, with how far the desk trusts it."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=SourceKind.choices, default=SourceKind.NEWS)
    domains = models.JSONField(
        default=list, blank=True, help_text="Web domains this source publishes on."
    )
    reliability = models.FloatField(
        default=0.5, help_text="0 (unreliable) to 1 (highly reliable); weights its evidence."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="source_name_ci_unique"),
            models.CheckConstraint(
                condition=Q(reliability__gte=0) & Q(reliability__lte=1),
                name="source_reliability_range",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values), name="source_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


_SPACE = re.compile(r"\s+")


def content_hash(text: str) -> str:
    """SHA-256 of the text with Unicode and white space normalised.

    Two submissions of the same article that differ only in spacing or
    Unicode form are the same Document.
    """
    normalised = _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


class DocumentOrigin(models.TextChoices):
    """How a document's text reached the desk, and so what its URL is worth."""

    FETCHED = "fetched", "Fetched by us"  # the text is what the page at `url` said
    SUBMITTED = "submitted", "Submitted"  # somebody's text; its `url` is their say-so


class Document(models.Model):
    """One text from a Source: an article submitted for extraction, or evidence.

    Only a fetched document speaks for its URL: a submitted text may name any
    URL, and never stands in for what the page there really says.
    """

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="documents")
    # NULL, not "", for "no URL": the unique constraint must ignore URL-less texts.
    url = models.URLField(max_length=2000, null=True, blank=True)  # noqa: DJ001
    origin = models.CharField(
        max_length=16, choices=DocumentOrigin.choices, default=DocumentOrigin.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submitted_documents",
        help_text="The account that submitted the text (none: loaded by a command or fetched).",
    )
    title = models.CharField(max_length=500, blank=True)
    author = models.CharField(max_length=300, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=12, default="en")
    text = models.TextField()
    html = models.TextField(blank=True, help_text="Sanitised HTML, when it came as HTML.")
    content_hash = models.CharField(max_length=64, editable=False)
    ingested_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-ingested_at", "-id"]
        constraints = [
            # One fetched page per URL; submitted texts may name any URL.
            models.UniqueConstraint(
                fields=["url"],
                condition=Q(url__isnull=False, origin="fetched"),
                name="document_fetched_url_unique",
            ),
            models.CheckConstraint(
                condition=Q(origin__in=["fetched", "submitted"]), name="document_origin_valid"
            ),
            models.UniqueConstraint(fields=["content_hash"], name="document_content_hash_unique"),
            models.CheckConstraint(condition=~Q(text=""), name="document_text_not_empty"),
        ]
        indexes = [
            models.Index(fields=["source", "-published_at"], name="document_source_pub_idx"),
            models.Index(fields=["-published_at"], name="document_published_idx"),
        ]

    def __str__(self) -> str:
        return self.title or f"Document {self.pk}"

    def save(self, *args: object, **kwargs: object) -> None:
        # The hash is derived from the text and must never drift from it.
        self.content_hash = content_hash(self.text)
        super().save(*args, **kwargs)
