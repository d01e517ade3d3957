from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims and review"

    def ready(self) -> None:
        from factcheck.roles import ensure_role_groups

        # After this app's tables (and permissions) exist, the roles can be granted.
        post_migrate.connect(ensure_role_groups, sender=self)
