from rest_framework import viewsets

from ..models import Source
from .serializers import SourceSerializer


class SourceViewSet(viewsets.ReadOnlyModelViewSet):
    """Publishers and origins of documents, with their reliability."""

    queryset = Source.objects.all()
    serializer_class = SourceSerializer
    filterset_fields = ["kind"]
