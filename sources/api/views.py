from django.db import transaction
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from factcheck.api.permissions import IsDeskMember, IsStaffOrReadOnly

from ..ingest import document_ingest, document_ingest_url
from ..models import Document, Source
from ..services import source_get_or_create
from .serializers import (
    DocumentDetailSerializer,
    DocumentIngestSerializer,
    DocumentSerializer,
    SourceSerializer,
)


class SourceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Publishers and origins of documents, with their reliability. Desk members
    read; staff create and edit. Sources are never deleted over the API: their
    documents are evidence in past checks."""

    queryset = Source.objects.all()
    serializer_class = SourceSerializer
    permission_classes = [IsStaffOrReadOnly]
    filterset_fields = ["kind"]
    ordering = ("name", "id")
    ordering_fields = ("name", "reliability", "id")


class DocumentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Documents: submit text, HTML or a URL; read them with their claims and jobs."""

    queryset = Document.objects.select_related("source", "submitted_by")
    permission_classes = [IsDeskMember]
    filterset_fields = ["source", "origin"]
    ordering = ("-ingested_at", "-id")
    ordering_fields = ("ingested_at", "published_at", "id")

    def get_serializer_class(self) -> type:
        if self.action == "create":
            return DocumentIngestSerializer
        if self.action == "retrieve":
            return DocumentDetailSerializer
        return DocumentSerializer

    @extend_schema(
        request=DocumentIngestSerializer,
        responses={201: DocumentDetailSerializer, 200: DocumentDetailSerializer},
    )
    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        """Ingest: 201 with the new document, 200 with the existing one for a duplicate,
        202 with the fetch job for a URL."""
        serializer = DocumentIngestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        with transaction.atomic():
            source = data.pop("source", None)
            if isinstance(source, dict):
                source = source_get_or_create(**source)
            if "text" not in data and "html" not in data:
                job = document_ingest_url(
                    url=data["url"],
                    source=source,
                    title=data["title"],
                    published_at=data["published_at"],
                    extract=data["extract"],
                )
                location = reverse("job-detail", args=[job.pk])
                body = {"job": {"id": job.pk, "kind": job.kind, "status": job.status}}
                return Response(body, status.HTTP_202_ACCEPTED, headers={"Location": location})
            result = document_ingest(source=source, submitted_by=request.user, **data)
        body = DocumentDetailSerializer(result.document, context={"request": request}).data
        if result.extract_job is not None:
            body["extract_job"] = {"id": result.extract_job.pk, "status": result.extract_job.status}
        code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        location = reverse("document-detail", args=[result.document.pk])
        return Response(body, status=code, headers={"Location": location})
