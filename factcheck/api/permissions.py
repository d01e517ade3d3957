"""API permissions, enforced once here rather than in each view."""

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from factcheck.roles import Role, has_role, is_staff


class IsDeskMember(BasePermission):
    """Clients and reviewers (and staff) may use the API; other accounts may not."""

    message = "Your account has no role on this desk (client or reviewer)."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return has_role(request.user, Role.CLIENT) or has_role(request.user, Role.REVIEWER)


class IsStaffOrReadOnly(IsDeskMember):
    """Desk members read; only staff write (sources, webhooks)."""

    message = "Only desk staff may change this."

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in SAFE_METHODS:
            return super().has_permission(request, view)
        return is_staff(request.user)


class IsReviewer(BasePermission):
    """Review commands (assign, transition, comment, edit) are for reviewers and staff."""

    message = "Only reviewers may do this."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return has_role(request.user, Role.REVIEWER)


class IsStaff(BasePermission):
    """Desk staff only, reads included (webhooks: a subscription's secret signs
    what the desk sends)."""

    message = "Only desk staff may do this."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return is_staff(request.user)
