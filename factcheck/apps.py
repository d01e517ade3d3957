"""Project-level app configs."""

from django.contrib.admin.apps import AdminConfig


class FactcheckAdminConfig(AdminConfig):
    """The stock admin, with a site that lets reviewers in (see factcheck.admin)."""

    default_site = "factcheck.admin.FactcheckAdminSite"
