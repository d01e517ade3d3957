import re

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from factcheck.jobs.models import Job

from ..models import Document, DocumentOrigin, Source, SourceKind
from ..urlnorm import url_domain

_DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}")


def web_domain(value: str) -> str:
    """A web domain from "example.org" or any URL on it (www. dropped), else a 400."""
    domain = url_domain(value if "://" in value else f"https://{value}")
    if not _DOMAIN.fullmatch(domain):
        raise serializers.ValidationError(f"{value!r} is not a web domain such as example.org.")
    return domain


class SourceSerializer(serializers.ModelSerializer):
    """A source as staff edit it: the name is unique whatever its case, domains are
    normalised, reliability is 0..1."""

    name = serializers.CharField(max_length=200)
    domains = serializers.ListField(
        child=serializers.CharField(max_length=253), required=False, max_length=50
    )
    reliability = serializers.FloatField(min_value=0.0, max_value=1.0, required=False)

    class Meta:
        model = Source
        fields = ["id", "name", "kind", "domains", "reliability", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]

    def validate_name(self, value: str) -> str:
        value = " ".join(value.split())
        taken = Source.objects.filter(name__iexact=value)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise serializers.ValidationError("A source with this name exists.", code="unique")
        return value

    def validate_domains(self, value: list[str]) -> list[str]:
        return list(dict.fromkeys(web_domain(d) for d in value))


class SourceSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["id", "name", "kind", "reliability"]
        read_only_fields = fields


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer", "description": "An existing source's id."},
            {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "domain": {"type": "string"},
                    "kind": {"type": "string", "enum": SourceKind.values},
                },
                "required": ["name"],
            },
        ]
    }
)
class SourceReferenceField(serializers.Field):
    """A source given by id, or by {name, domain?} (created when new)."""

    default_error_messages = {
        "unknown": "No source has id {value}.",
        "invalid": "Give a source id or an object {{name, domain?}}.",
    }

    def to_internal_value(self, data: object) -> Source | dict:
        """An existing Source, or the fields of one to find or create.

        Creating is left to the ingest transaction, so a request refused
        later leaves no new Source behind.
        """
        if isinstance(data, int) and not isinstance(data, bool):
            source = Source.objects.filter(pk=data).first()
            if source is None:
                self.fail("unknown", value=data)
            return source
        if isinstance(data, dict):
            inner = _NewSourceSerializer(data=data)
            inner.is_valid(raise_exception=True)
            return dict(inner.validated_data)
        self.fail("invalid")

    def to_representation(self, value: Source) -> dict:
        return SourceSummarySerializer(value).data


class _NewSourceSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    domain = serializers.CharField(max_length=253, required=False, default="")
    kind = serializers.ChoiceField(choices=SourceKind.choices, required=False, default="news")

    def validate_domain(self, value: str) -> str:
        return web_domain(value) if value else ""


class DocumentIngestSerializer(serializers.Serializer):
    """What a client sends to ingest a document: exactly one of text, html or url."""

    source = SourceReferenceField(required=False)
    title = serializers.CharField(max_length=500, required=False, default="")
    author = serializers.CharField(max_length=300, required=False, default="")
    text = serializers.CharField(required=False, trim_whitespace=False, allow_blank=True)
    html = serializers.CharField(required=False, trim_whitespace=False, allow_blank=True)
    url = serializers.URLField(max_length=2000, required=False)
    published_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    extract = serializers.BooleanField(required=False, default=True)

    def validate(self, attrs: dict) -> dict:
        given = [name for name in ("text", "html") if name in attrs]
        if len(given) > 1:
            raise serializers.ValidationError("Send either text or html, not both.")
        if not given and "url" not in attrs:
            raise serializers.ValidationError("Send one of text, html or url.")
        if given and "source" not in attrs:
            raise serializers.ValidationError({"source": "Required with text or html."})
        return attrs


class DocumentSerializer(serializers.ModelSerializer):
    source = SourceSummarySerializer(read_only=True)
    origin = serializers.ChoiceField(
        choices=DocumentOrigin.choices,
        read_only=True,
        help_text="fetched: the text is what the page at `url` said when we fetched it. "
        "submitted: somebody's text; its `url` is what they said it came from.",
    )
    submitted_by = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text="The account that submitted the text; null for fetched pages and "
        "documents loaded by a command.",
    )

    class Meta:
        model = Document
        fields = [
            "id", "url", "origin", "submitted_by", "title", "author", "published_at",
            "language", "source", "content_hash", "ingested_at",
        ]  # fmt: skip
        read_only_fields = fields


class DocumentDetailSerializer(DocumentSerializer):
    claims = serializers.SerializerMethodField()
    jobs = serializers.SerializerMethodField()

    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "text", "claims", "jobs"]
        read_only_fields = fields

    def get_claims(self, document: Document) -> list[dict]:
        return [
            {
                "id": a.claim_id,
                "text": a.claim.text,
                "kind": a.claim.kind,
                "claimant": a.claim.claimant,
                "status": a.claim.status,
                "start": a.start,
                "end": a.end,
            }
            for a in document.appearances.select_related("claim").order_by("start")
        ]

    def get_jobs(self, document: Document) -> list[dict]:
        return [
            {
                "id": job.pk,
                "kind": job.kind,
                "status": job.status,
                "url": reverse("job-detail", args=[job.pk]),
            }
            for job in Job.objects.filter(target=f"document:{document.pk}")
        ]
