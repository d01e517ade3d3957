from datetime import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from factcheck.api.fields import MAX_ID

from ..choices import ClaimKind, SuggestedVerdict, Verdict
from ..claimreview import verdict_from_rating
from ..models import Appearance, Check, Claim, Evidence, ExternalReview, ReviewEvent
from ..workflow import EDITABLE_FIELDS, TRANSITIONS, available_actions

User = get_user_model()


class AppearanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Appearance
        fields = ["document", "start", "end", "sentence"]
        read_only_fields = fields


class EvidenceSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="document.url", read_only=True, allow_null=True)
    publisher = serializers.CharField(source="document.source.name", read_only=True)
    published_at = serializers.DateTimeField(
        source="document.published_at", read_only=True, allow_null=True
    )

    class Meta:
        model = Evidence
        fields = [
            "document", "url", "publisher", "published_at", "start", "end", "text", "stance",
            "score", "reasons",
        ]  # fmt: skip
        read_only_fields = fields


class CheckSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField()
    suggested_verdict = serializers.ChoiceField(
        choices=SuggestedVerdict.choices,
        allow_blank=True,
        read_only=True,
        help_text='"" until the check has run.',
    )
    job = serializers.SerializerMethodField()
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Check
        fields = [
            "id", "claim", "status", "suggested_verdict", "confidence", "explanation", "flags",
            "evidence", "embeddings_backend", "embeddings_model", "weights", "job", "created_at",
            "completed_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_status(self, check: Check) -> str:
        """The check's state is its job's: queued, running, succeeded or failed."""
        return check.job.status if check.job else "succeeded"

    def get_job(self, check: Check) -> dict | None:
        if check.job is None:
            return None
        return {
            "id": check.job.pk,
            "status": check.job.status,
            "attempts": check.job.attempts,
            "error": check.job.error,
            "url": reverse("job-detail", args=[check.job.pk]),
        }


class CheckRequestSerializer(serializers.Serializer):
    """Options of an on-demand check."""

    published_before = serializers.DateTimeField(
        required=False, help_text="Only evidence published before this moment counts."
    )


def _verdict_field() -> serializers.ChoiceField:
    # Declared, not generated: a generated read-only field drops allow_blank,
    # and the schema's enum would then refuse the "" of an undecided claim.
    return serializers.ChoiceField(
        choices=Verdict.choices, allow_blank=True, read_only=True, help_text='"" until decided.'
    )


class ReviewEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True, allow_null=True)
    verdict = _verdict_field()
    assignee = serializers.CharField(source="assignee.username", read_only=True, allow_null=True)

    class Meta:
        model = ReviewEvent
        fields = ["id", "action", "from_status", "to_status", "verdict", "note", "actor",
                  "assignee", "version", "created_at"]  # fmt: skip
        read_only_fields = fields


class ExternalReviewSerializer(serializers.ModelSerializer):
    """Another publisher's fact-check of the same claim, imported from its markup."""

    verdict = serializers.SerializerMethodField(
        help_text="The publisher's rating on our verdict scale, when it can be read."
    )

    class Meta:
        model = ExternalReview
        fields = ["id", "publisher", "url", "claim_reviewed", "claimant", "rating_value",
                  "best_rating", "worst_rating", "alternate_name", "verdict",
                  "date_published", "document"]  # fmt: skip
        read_only_fields = fields

    def get_verdict(self, review: ExternalReview) -> str | None:
        return verdict_from_rating(
            review.rating_value, review.best_rating, review.worst_rating, review.alternate_name
        )


class ClaimSerializer(serializers.ModelSerializer):
    appearances = AppearanceSerializer(many=True, read_only=True)
    verdict = _verdict_field()
    review_url = serializers.CharField(
        read_only=True, help_text='Where the desk\'s review is read; "" until there is one.'
    )
    check_worthiness_features = serializers.JSONField(source="worthiness_features", read_only=True)

    class Meta:
        model = Claim
        fields = [
            "id", "text", "kind", "forecast", "claimant", "check_worthiness",
            "check_worthiness_features",
            "quantities", "time_references", "entities", "status", "verdict", "version",
            "assignee", "review_url", "rating_text", "published_at", "appearances",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


# The list is the API's busiest page: its rows are read with .values() and
# written by hand (about a tenth of ClaimSerializer's cost per row). The result
# must equal ClaimSerializer's, which documents it; a test compares them.
CLAIM_LIST_COLUMNS = (
    "id", "text", "kind", "forecast", "claimant", "check_worthiness", "worthiness_features",
    "quantities", "time_references", "entities", "status", "verdict", "version", "assignee",
    "review_url", "rating_text", "published_at", "created_at", "updated_at",
)  # fmt: skip


_DATETIME = serializers.DateTimeField()


def _iso(moment: datetime | None) -> str | None:
    """A datetime exactly as the serializers write it (DRF's own field)."""
    return None if moment is None else _DATETIME.to_representation(moment)


def claim_rows(rows: list[dict]) -> list[dict]:
    """Claims read with .values(CLAIM_LIST_COLUMNS), as ClaimSerializer shows them,
    their appearances fetched in one query."""
    appearances: dict[int, list[dict]] = {row["id"]: [] for row in rows}
    for claim_id, document, start, end, sentence in (
        Appearance.objects.filter(claim_id__in=appearances)
        .order_by("document_id", "start")
        .values_list("claim_id", "document_id", "start", "end", "sentence")
    ):
        appearances[claim_id].append(
            {"document": document, "start": start, "end": end, "sentence": sentence}
        )
    return [
        {
            "id": row["id"],
            "text": row["text"],
            "kind": row["kind"],
            "forecast": row["forecast"],
            "claimant": row["claimant"],
            "check_worthiness": row["check_worthiness"],
            "check_worthiness_features": row["worthiness_features"],
            "quantities": row["quantities"],
            "time_references": row["time_references"],
            "entities": row["entities"],
            "status": row["status"],
            "verdict": row["verdict"],
            "version": row["version"],
            "assignee": row["assignee"],
            "review_url": row["review_url"],
            "rating_text": row["rating_text"],
            "published_at": _iso(row["published_at"]),
            "appearances": appearances[row["id"]],
            "created_at": _iso(row["created_at"]),
            "updated_at": _iso(row["updated_at"]),
        }
        for row in rows
    ]


class ClaimDetailSerializer(ClaimSerializer):
    latest_check = serializers.SerializerMethodField()
    review_history = ReviewEventSerializer(source="review_events", many=True, read_only=True)
    external_reviews = ExternalReviewSerializer(many=True, read_only=True)
    available_actions = serializers.SerializerMethodField(
        help_text="Workflow actions the requesting user may take now."
    )

    class Meta(ClaimSerializer.Meta):
        fields = [*ClaimSerializer.Meta.fields, "latest_check", "review_history",
                  "external_reviews", "available_actions"]  # fmt: skip
        read_only_fields = fields

    def get_available_actions(self, claim: Claim) -> list[str]:
        request = self.context.get("request")
        return available_actions(claim, request.user if request else None)

    @extend_schema_field(CheckSerializer(allow_null=True))
    def get_latest_check(self, claim: Claim) -> dict | None:
        check = (
            claim.checks.select_related("job")
            .prefetch_related("evidence__document__source")
            .order_by("-created_at", "-id")
            .first()
        )
        return CheckSerializer(check).data if check else None


class ClaimCreateSerializer(serializers.Serializer):
    """A claim typed in by hand; it is analysed and checked like an extracted one."""

    text = serializers.CharField(min_length=10, max_length=2000)
    claimant = serializers.CharField(max_length=300, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=ClaimKind.choices, required=False)
    said_on = serializers.DateField(
        required=False, help_text="When it was said; resolves 'last month' and the like."
    )


class _StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know, so a misspelt or read-only field is an
    error rather than silently ignored."""

    def validate(self, attrs: dict) -> dict:
        unknown = sorted(set(self.initial_data) - set(self.fields))
        if unknown:
            raise serializers.ValidationError(
                {name: ["This field cannot be written here."] for name in unknown}
            )
        return attrs


class ClaimUpdateSerializer(_StrictSerializer):
    """PATCH: the fields a reviewer may correct, with the version they read."""

    version = serializers.IntegerField(
        min_value=1, help_text="The version you read; a newer one on the server is a 409."
    )
    claimant = serializers.CharField(max_length=300, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=ClaimKind.choices, required=False)
    review_url = serializers.URLField(max_length=2000, required=False, allow_blank=True)
    rating_text = serializers.CharField(max_length=100, required=False, allow_blank=True)

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        if not set(attrs) & set(EDITABLE_FIELDS):
            raise serializers.ValidationError(
                {"non_field_errors": [f"Send at least one of {', '.join(EDITABLE_FIELDS)}."]}
            )
        return attrs


class TransitionSerializer(_StrictSerializer):
    action = serializers.ChoiceField(choices=sorted(TRANSITIONS))
    verdict = serializers.ChoiceField(choices=Verdict.choices, required=False, default="")
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    version = serializers.IntegerField(min_value=1)


class AssignSerializer(_StrictSerializer):
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        allow_null=True,
        help_text="A reviewer's user id; null unassigns.",
    )
    version = serializers.IntegerField(min_value=1, required=False)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class UnassignSerializer(_StrictSerializer):
    version = serializers.IntegerField(min_value=1, required=False)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class BulkAssignSerializer(AssignSerializer):
    claims = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), min_length=1, max_length=500
    )
    version = None  # many claims, each at its own version


class CommentSerializer(serializers.ModelSerializer):
    """A comment in the review history."""

    actor = serializers.CharField(source="actor.username", read_only=True, allow_null=True)
    text = serializers.CharField(source="note", max_length=5000)

    class Meta:
        model = ReviewEvent
        fields = ["id", "text", "actor", "version", "created_at"]
        read_only_fields = ["id", "actor", "version", "created_at"]
