from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework import routers
from rest_framework.routers import DefaultRouter

from claims.api.views import CheckViewSet, ClaimViewSet
from factcheck.api.auth import TokenLoginView, TokenLogoutAllView, TokenLogoutView
from factcheck.api.fields import ID_REGEX
from factcheck.api.permissions import IsDeskMember
from factcheck.api.users import UserViewSet
from factcheck.health import healthz, readyz
from factcheck.jobs.api.views import JobViewSet
from sources.api.views import DocumentViewSet, SourceViewSet
from webhooks.api.views import WebhookSubscriptionViewSet


class DeskAPIRootView(routers.APIRootView):
    """The list of endpoints, for desk members like every endpoint it lists."""

    permission_classes = [IsDeskMember]


class IdRouter(DefaultRouter):
    """Object URLs take 64-bit ids only: anything else is a 404 before any query."""

    APIRootView = DeskAPIRootView

    def get_lookup_regex(self, viewset: type, lookup_prefix: str = "") -> str:
        name = getattr(viewset, "lookup_url_kwarg", None) or viewset.lookup_field
        return f"(?P<{lookup_prefix}{name}>{ID_REGEX})"


router = IdRouter()
router.register("sources", SourceViewSet, basename="source")
router.register("documents", DocumentViewSet, basename="document")
router.register("claims", ClaimViewSet, basename="claim")
router.register("checks", CheckViewSet, basename="check")
router.register("jobs", JobViewSet, basename="job")
router.register("users", UserViewSet, basename="user")
router.register("webhooks", WebhookSubscriptionViewSet, basename="webhook")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/auth/token/", TokenLoginView.as_view(), name="api-token"),
    path("api/v1/auth/logout/", TokenLogoutView.as_view(), name="api-logout"),
    path("api/v1/auth/logout-all/", TokenLogoutAllView.as_view(), name="api-logout-all"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
]

handler400 = "factcheck.api.exceptions.bad_request"
handler403 = "factcheck.api.exceptions.permission_denied"
handler404 = "factcheck.api.exceptions.not_found"
handler500 = "factcheck.api.exceptions.server_error"
