from collections.abc import Callable

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from factcheck.api.permissions import IsDeskMember, IsReviewer

from ..checks import check_enqueue
from ..choices import ReviewAction
from ..claimreview import claimreview_jsonld
from ..models import Appearance, Check, Claim, ReviewEvent
from ..services import claim_create
from ..workflow import claim_assign, claim_comment, claim_edit, claim_transition, claims_assign
from .filters import ClaimFilter
from .serializers import (
    CLAIM_LIST_COLUMNS,
    AssignSerializer,
    BulkAssignSerializer,
    CheckRequestSerializer,
    CheckSerializer,
    ClaimCreateSerializer,
    ClaimDetailSerializer,
    ClaimSerializer,
    ClaimUpdateSerializer,
    CommentSerializer,
    TransitionSerializer,
    UnassignSerializer,
    claim_rows,
)

_CHECKS = Check.objects.select_related("job").prefetch_related("evidence__document__source")
_APPEARANCES = Prefetch("appearances", queryset=Appearance.objects.order_by("document_id", "start"))
_HISTORY = Prefetch(
    "review_events", queryset=ReviewEvent.objects.select_related("actor", "assignee")
)
# Reviewers' commands; reading, submitting claims and queueing checks are open
# to every desk member (client apps included).
_REVIEWER_ACTIONS = frozenset(
    {"partial_update", "transition", "assign", "unassign", "bulk_assign", "comment"}
)


class ClaimViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Claims with their structured parts, status and where they appear; the
    review commands (transition, assign, comment) as actions."""

    queryset = Claim.objects.prefetch_related(_APPEARANCES)
    filterset_class = ClaimFilter
    ordering = ("-created_at", "-id")
    ordering_fields = ("created_at", "updated_at", "check_worthiness", "id")
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_permissions(self) -> list[BasePermission]:
        if self.action in _REVIEWER_ACTIONS or (
            self.action == "comments" and self.request.method == "POST"
        ):
            return [IsReviewer()]
        return [IsDeskMember()]

    def get_queryset(self) -> QuerySet[Claim]:
        queryset = super().get_queryset()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(_HISTORY, "external_reviews")
        return queryset

    def filter_queryset(self, queryset: QuerySet[Claim]) -> QuerySet[Claim]:
        # List filters and ordering apply to the list only; a detail is found by id.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def list(self, request: Request, *args: object, **kwargs: object) -> Response:
        """Claims, filtered and ordered, one cursor page at a time."""
        claims = self.filter_queryset(Claim.objects.all())
        page = self.paginate_queryset(claims.values(*CLAIM_LIST_COLUMNS))
        return self.get_paginated_response(claim_rows(page))

    def get_serializer_class(self) -> type[BaseSerializer]:
        return ClaimDetailSerializer if self.action == "retrieve" else ClaimSerializer

    def _detail(self, claim: Claim, code: int = status.HTTP_200_OK, **headers: str) -> Response:
        claim = Claim.objects.prefetch_related(_APPEARANCES, _HISTORY, "external_reviews").get(
            pk=claim.pk
        )
        body = ClaimDetailSerializer(claim, context=self.get_serializer_context()).data
        return Response(body, status=code, headers=headers)

    def _command(
        self, serializer_class: type[BaseSerializer], service: Callable[..., Claim], **fixed: object
    ) -> Response:
        """A review command: validate the body, call the workflow service as the
        requesting user, answer with the claim as it is now."""
        claim = self.get_object()
        data = serializer_class(data=self.request.data or {})
        data.is_valid(raise_exception=True)
        changed = service(
            claim_id=claim.pk, actor=self.request.user, **fixed, **data.validated_data
        )
        return self._detail(changed)

    @extend_schema(
        request=ClaimCreateSerializer,
        responses={201: ClaimDetailSerializer, 200: ClaimDetailSerializer},
    )
    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        """Add a claim by hand: 201 when new (its check is queued), 200 with the
        claim the desk already has for the same statement."""
        data = ClaimCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        claim, created = claim_create(**data.validated_data)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return self._detail(claim, code, Location=reverse("claim-detail", args=[claim.pk]))

    @extend_schema(request=ClaimUpdateSerializer, responses=ClaimDetailSerializer)
    def partial_update(self, request: Request, *args: object, **kwargs: object) -> Response:
        """Correct claimant, kind, review_url or rating_text. status, verdict and
        version are refused: they change through transition."""
        claim = self.get_object()
        data = ClaimUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        version = changes.pop("version")
        claim = claim_edit(claim_id=claim.pk, actor=request.user, version=version, changes=changes)
        return self._detail(claim)

    @extend_schema(request=TransitionSerializer, responses=ClaimDetailSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def transition(self, request: Request, pk: str | None = None) -> Response:
        """Take a workflow step: 400 if it is not possible now, 403 if not yours
        to take, 409 if the claim changed since `version`."""
        return self._command(TransitionSerializer, claim_transition)

    @extend_schema(request=AssignSerializer, responses=ClaimDetailSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def assign(self, request: Request, pk: str | None = None) -> Response:
        """Give the claim to a reviewer (null unassigns)."""
        return self._command(AssignSerializer, claim_assign)

    @extend_schema(request=UnassignSerializer, responses=ClaimDetailSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def unassign(self, request: Request, pk: str | None = None) -> Response:
        return self._command(UnassignSerializer, claim_assign, assignee=None)

    @extend_schema(request=BulkAssignSerializer, responses=ClaimSerializer(many=True))
    @action(
        detail=False,
        methods=["post"],
        url_path="bulk-assign",
        filterset_class=None,
        pagination_class=None,
    )
    def bulk_assign(self, request: Request) -> Response:
        """Assign many claims to one reviewer (or unassign them): all or none."""
        data = BulkAssignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        claims = claims_assign(
            claim_ids=values["claims"],
            assignee=values["assignee"],
            actor=request.user,
            note=values["note"],
        )
        fresh = {c.pk: c for c in self.get_queryset().filter(pk__in=[c.pk for c in claims])}
        return Response(ClaimSerializer([fresh[c.pk] for c in claims], many=True).data)

    @extend_schema(methods=["GET"], request=None, responses=CommentSerializer(many=True))
    @extend_schema(methods=["POST"], request=CommentSerializer, responses={201: CommentSerializer})
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=None)
    def comments(self, request: Request, pk: str | None = None) -> Response:
        """GET: the claim's comments, oldest first. POST: add one (reviewers)."""
        claim = self.get_object()
        if request.method == "POST":
            data = CommentSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            event = claim_comment(
                claim_id=claim.pk, actor=request.user, text=data.validated_data["note"]
            )
            return Response(CommentSerializer(event).data, status=status.HTTP_201_CREATED)
        events = claim.review_events.filter(action=ReviewAction.COMMENT).select_related("actor")
        return Response(CommentSerializer(events.order_by("created_at", "id"), many=True).data)

    @extend_schema(
        request=None,
        responses={
            200: OpenApiResponse(description="schema.org ClaimReview JSON-LD"),
        },
    )
    @action(detail=True, methods=["get"], filterset_class=None)
    def claimreview(self, request: Request, pk: str | None = None) -> Response:
        """The desk's published review as schema.org ClaimReview JSON-LD (published
        claims only; 409 before publishing)."""
        claim = self.get_object()
        return Response(claimreview_jsonld(claim))

    @extend_schema(
        request=CheckRequestSerializer,
        responses={200: CheckSerializer(many=True), 202: CheckSerializer},
    )
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=None)
    def checks(self, request: Request, pk: str | None = None) -> Response:
        """GET: the claim's checks, newest first. POST: queue a new check (202)."""
        claim = self.get_object()
        if request.method == "POST":
            options = CheckRequestSerializer(data=request.data or {})
            options.is_valid(raise_exception=True)
            check = check_enqueue(
                claim=claim,
                actor=request.user,
                published_before=options.validated_data.get("published_before"),
            )
            location = reverse("check-detail", args=[check.pk])
            body = CheckSerializer(_CHECKS.get(pk=check.pk)).data
            return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": location})
        checks = _CHECKS.filter(claim=claim).order_by("-created_at", "-id")
        return Response(CheckSerializer(checks, many=True).data)


class CheckViewSet(viewsets.ReadOnlyModelViewSet):
    """One check: status, suggested verdict, confidence, explanation, flags, evidence."""

    queryset = _CHECKS
    serializer_class = CheckSerializer
    permission_classes = [IsDeskMember]
    filterset_fields = ["claim", "suggested_verdict"]
    ordering = ("-created_at", "-id")
    ordering_fields = ("created_at", "id")
