"""The admin site: staff as usual, and reviewers, who work in it all day."""

from django.contrib import admin
from django.http import HttpRequest

from factcheck.roles import Role, has_role


class FactcheckAdminSite(admin.AdminSite):
    site_header = "factcheck"
    site_title = "factcheck"
    index_title = "Fact-checking desk"

    def has_permission(self, request: HttpRequest) -> bool:
        # Reviewers need the admin but not Django's is_staff, which in this
        # project means "desk staff" (sources, webhooks, users). Clients stay out.
        return has_role(request.user, Role.REVIEWER)
